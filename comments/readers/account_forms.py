"""allauth's sign-in form with a length limit on what a reader types as their login.

allauth's login field has none, and an address or username of tens of thousands of
characters reaches the database's case-insensitive match (SQLite refuses such a LIKE pattern
outright). No account has a login longer than an email address may be.
"""

from __future__ import annotations

from allauth.account.forms import LoginForm
from django.core.validators import MaxLengthValidator

LOGIN_MAX_CHARS = 254  # the longest email address (RFC 3696 errata); usernames are shorter


class ReaderLoginForm(LoginForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["login"]
        field.max_length = LOGIN_MAX_CHARS
        field.validators.append(MaxLengthValidator(LOGIN_MAX_CHARS))
