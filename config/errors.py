"""Error views: a database outage is a 503 with the reader's text, not a 500."""

import sys

from django.views.defaults import server_error as django_server_error

from config.middleware import database_unavailable, is_database_outage


def server_error(request, template_name="500.html"):
    exc = sys.exc_info()[1]
    if exc is not None and is_database_outage(exc):
        return database_unavailable(request)
    return django_server_error(request, template_name=template_name)
