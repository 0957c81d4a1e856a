"""Suspend or ban an account that comments, or reinstate it: recorded, and the reader told."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from comments import mailer
from comments.models import AccountSanction

MAX_SUSPENSION_DAYS = 3650

SUBJECTS = {
    AccountSanction.Kind.SUSPEND: "Your commenting is suspended",
    AccountSanction.Kind.BAN: "You may no longer comment",
    AccountSanction.Kind.REINSTATE: "You may comment again",
}


def account_sanction(
    *, user, kind: str, actor, message: str = "", days: int | None = None
) -> AccountSanction:
    """Record a suspension for `days`, a ban or a reinstatement, and email the reader."""
    until = None
    if kind == AccountSanction.Kind.SUSPEND:
        if days is None or not 1 <= days <= MAX_SUSPENSION_DAYS:
            raise ValueError(f"Suspend for 1 to {MAX_SUSPENSION_DAYS} days.")
        until = timezone.now() + timedelta(days=days)
    elif kind not in AccountSanction.Kind.values:
        raise ValueError("Choose suspend, ban or reinstate.")
    with transaction.atomic():
        sanction = AccountSanction.objects.create(
            user=user, kind=kind, until=until, message=message, actor=actor
        )
        if user.email:
            mailer.queue_email(user.email, SUBJECTS[kind], _body(sanction))
    return sanction


def _body(sanction: AccountSanction) -> str:
    if sanction.kind == AccountSanction.Kind.SUSPEND:
        what = f"You may not post comments until {sanction.until:%B %-d, %Y at %H:%M} UTC."
    elif sanction.kind == AccountSanction.Kind.BAN:
        what = "You may no longer post comments."
    else:
        what = "You may post comments again."
    reason = f"\n\nThe moderators' message:\n\n{sanction.message}" if sanction.message else ""
    return f"Hello,\n\n{what}{reason}\n"
