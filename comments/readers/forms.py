"""Forms readers fill in about their own comments and others': edit, report, ask for a link."""

from __future__ import annotations

from django import forms
from django.conf import settings

from comments.readers.models import ReportReason
from comments.sanitizer import sanitize
from comments.text import reader_text, without_invisible


def limit_message(length: int, limit: int) -> str:
    """Over the limit: say by how much, and keep the text (it is never cut)."""
    over = length - limit
    return (
        f"Your comment is too long: {length} characters, {over} over the limit of {limit}. "
        "Your whole text is kept below: please shorten it."
    )


def comment_length_validator(limit: int):
    """A length check whose message says how much is over (the text itself is kept)."""

    def validate(value: str) -> None:
        if len(value) > limit:
            raise forms.ValidationError(limit_message(len(value), limit), code="too_long")

    return validate


def comment_textarea(initial_rows: int = 8) -> forms.Textarea:
    """A textarea without `maxlength` (a browser would cut pasted text silently); the page's
    script counts characters against data-max-length instead."""
    return forms.Textarea(
        attrs={"rows": initial_rows, "data-max-length": settings.TRIBUNE_COMMENT_MAX_LENGTH}
    )


class CommentEditForm(forms.Form):
    comment = forms.CharField(label="Your comment", widget=comment_textarea(), strip=False)

    def clean_comment(self) -> str:
        text = self.cleaned_data["comment"]
        comment_length_validator(settings.TRIBUNE_COMMENT_MAX_LENGTH)(text)
        html = sanitize(text)
        if not without_invisible(reader_text(html)).strip():
            raise forms.ValidationError(
                "Please write a comment; it is empty once markup is removed. To take it "
                "back, delete it instead."
            )
        self.cleaned_data["comment_html"] = html
        return text


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label="What is wrong with it?",
        choices=ReportReason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Please choose a reason.",
            "invalid_choice": "Please choose one of the reasons listed.",
        },
    )
    details = forms.CharField(
        label="Anything moderators should know (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class EmailLinkForm(forms.Form):
    email = forms.EmailField(
        label="The email address you commented with",
        max_length=254,
        error_messages={
            "required": "Please enter your email address.",
            "invalid": "Please enter a valid email address.",
        },
    )
