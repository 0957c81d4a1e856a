"""django-allauth for readers: its emails go through Tribune's outbox like every other email."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter

from comments import mailer


class ReaderAccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Queue the verification, reset and notice emails in the outbox (comments.mailer):
        sent after the transaction commits, retried if the mail server is down."""
        message = self.render_mail(template_prefix, email, context)
        mailer.queue_email(email, message.subject, message.body)
