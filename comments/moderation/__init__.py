"""Moderation: the vocabulary (types, reasons), the pure rules and the pipeline that combines
them, the facts they read, the site's moderation settings, and the append-only record."""
