"""Readers as people: their accounts, their own comments (edit, delete), their reports, their
data (download, erase) and what the site keeps about them."""
