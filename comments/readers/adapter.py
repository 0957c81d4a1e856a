"""django-allauth for readers: its emails go through Tribune's outbox like every other email."""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from django.conf import settings

from comments import mailer


def public_site() -> SimpleNamespace:
    """The publication as its emails name it: SITE_NAME and the host of its public address
    (django.contrib.sites' own record says "example.com" until someone edits it)."""
    domain = urlsplit(settings.WAGTAILADMIN_BASE_URL).netloc or "localhost"
    return SimpleNamespace(name=settings.WAGTAIL_SITE_NAME, domain=domain)


class ReaderAccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context_data: dict) -> None:
        """Queue the verification, reset and notice emails in the outbox (comments.mailer):
        sent after the transaction commits, retried if the mail server is down."""
        data = {"request": context.request, "email": email, "current_site": public_site()}
        data.update(context_data)
        message = self.render_mail(template_prefix, email, data)
        mailer.queue_email(email, message.subject, message.body)
