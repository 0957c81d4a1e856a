"""Seed a moderation history through the real posting service, for replay and training tests."""

from comments.moderation.site_settings import current_policy
from comments.posting import ClientFacts, ReaderFields, comment_post
from comments.sanitizer import sanitize


def post(target, text: str, *, email: str, name: str = "Reader", ip: str = "192.0.2.1"):
    """Post a comment as an anonymous reader who took a minute to write it."""
    from datetime import timedelta

    from django.utils import timezone

    fields = ReaderFields(
        name=name,
        email=email,
        text=text,
        html=sanitize(text),
        rendered_at=timezone.now() - timedelta(minutes=1),
    )
    return comment_post(
        target=target,
        fields=fields,
        author=None,
        client=ClientFacts(ip=ip, user_agent="Mozilla/5.0 (test)"),
        policy=current_policy(),
    )


def links(n: int) -> str:
    return " ".join(f"https://elsewhere{i}.example.org/page" for i in range(n))
