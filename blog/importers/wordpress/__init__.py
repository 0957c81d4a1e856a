"""Import a WordPress eXtended RSS (WXR) export, and Disqus comment exports, into Tribune."""
