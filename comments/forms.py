"""The public comment form, on django-comments-xtd's form (chosen by COMMENTS_XTD_FORM_CLASS)."""

from __future__ import annotations

import copy
from datetime import UTC, datetime

from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django_comments_xtd.forms import XtdCommentForm

from comments.links import WEB_SCHEMES, scheme_of
from comments.models import TribuneComment
from comments.moderation.facts import thread_depth_limit
from comments.moderation.site_settings import current_policy
from comments.posting import ReaderFields
from comments.readers.forms import comment_length_validator, comment_textarea
from comments.sanitizer import sanitize
from comments.text import reader_text, without_bidi_controls, without_invisible
from comments.threads import can_reply_to

NAME_MAX_LENGTH = TribuneComment._meta.get_field("user_name").max_length
URL_MAX_LENGTH = TribuneComment._meta.get_field("user_url").max_length
EMAIL_MAX_LENGTH = TribuneComment._meta.get_field("user_email").max_length


class _FieldsCopiedPlainly(dict):
    """A form class's fields, copied for each form as Field.__deepcopy__ and Widget.__deepcopy__
    copy them (the field, its widget, their attrs, messages and validators), without
    copy.deepcopy's general machinery: that took 100 µs of every comment POST, 25 µs this way.
    Any field or widget with a copy of its own (choices, subwidgets) is deep-copied as usual."""

    def __deepcopy__(self, memo):
        return {name: _field_copy(field, memo) for name, field in self.items()}


def _field_copy(field: forms.Field, memo: dict) -> forms.Field:
    widget = field.widget
    if (
        type(field).__deepcopy__ is not forms.Field.__deepcopy__
        or type(widget).__deepcopy__ is not forms.Widget.__deepcopy__
    ):
        return copy.deepcopy(field, memo)
    result = _plain_copy(field)
    result.widget = _plain_copy(widget)
    result.widget.attrs = widget.attrs.copy()
    result.error_messages = field.error_messages.copy()
    result.validators = field.validators[:]
    return result


def _plain_copy(obj):
    """copy.copy of an object whose state is its __dict__ (no __slots__, __copy__, __reduce__)."""
    new = object.__new__(type(obj))
    new.__dict__.update(obj.__dict__)
    return new


class TribuneCommentForm(XtdCommentForm):
    """Leave a Comment: name, email (never published), website, comment, follow-up opt-in."""

    notify_decision = forms.BooleanField(
        required=False,
        label="Email me if my comment needs a moderator, once it is published or declined.",
    )

    def __init__(self, target_object, data=None, initial=None, policy=None, **kwargs):
        self._posted = data is not None
        super().__init__(target_object, data=data, initial=initial, **kwargs)
        self.policy = policy
        self.parent: TribuneComment | None = None
        name, email, url, text = (self.fields[f] for f in ("name", "email", "url", "comment"))
        name.label = "Name"
        name.max_length = NAME_MAX_LENGTH
        name.widget = forms.TextInput(attrs={"autocomplete": "name", "maxlength": NAME_MAX_LENGTH})
        email.label = "Email"
        email.help_text = "Your email address will not be published."
        email.widget = forms.EmailInput(attrs={"autocomplete": "email"})
        url.label = "Website"
        url.widget = forms.URLInput(attrs={"autocomplete": "url", "maxlength": URL_MAX_LENGTH})
        text = self.fields["comment"] = forms.CharField(
            label="Comment",
            max_length=settings.TRIBUNE_COMMENT_MAX_LENGTH,
            widget=comment_textarea(),
        )
        # No `maxlength` on the textarea: a browser would cut pasted text without a word. The
        # page's script counts against data-max-length; the server says how much is over.
        text.widget.attrs.pop("maxlength", None)
        text.validators = [v for v in text.validators if not isinstance(v, MaxLengthValidator)] + [
            comment_length_validator(settings.TRIBUNE_COMMENT_MAX_LENGTH)
        ]
        self.fields["followup"].label = "Notify me of follow-up comments by email."
        self.fields["followup"].widget.attrs.pop("class", None)
        for field in (name, email, url, text):
            field.widget.attrs.pop("placeholder", None)
        # django-comments declares these without the limits of their database columns.
        email.max_length, url.max_length = EMAIL_MAX_LENGTH, URL_MAX_LENGTH
        # Django's EmailField brings its own 320-character limit; one limit, the column's.
        email.validators = [
            v for v in email.validators if not isinstance(v, MaxLengthValidator)
        ] + [MaxLengthValidator(EMAIL_MAX_LENGTH)]
        url.validators.append(MaxLengthValidator(URL_MAX_LENGTH))
        email.error_messages["max_length"] = url.error_messages["max_length"] = (
            "This is too long: %(show_value)d characters, where the limit is %(limit_value)d."
        )
        name.required = email.required = text.required = True
        name.error_messages["required"] = "Please enter your name."
        email.error_messages["required"] = "Please enter your email address."
        email.error_messages["invalid"] = "Please enter a valid email address."
        text.error_messages["required"] = "Please write a comment."
        text.error_messages["max_length"] = (
            "Your comment is too long: %(show_value)d characters, where the limit is "
            "%(limit_value)d. Your whole text is kept below: please shorten it."
        )

    def generate_security_data(self) -> dict:
        # A posted form shows what was posted (its own timestamp and hash), never these: no
        # HMAC to compute for it.
        return {} if self._posted else super().generate_security_data()

    def clean_name(self) -> str:
        # Bidi controls could reorder the byline around a name; joiners stay (emoji and many
        # scripts need them), but a name must have something visible.
        name = without_bidi_controls(self.cleaned_data.get("name", "")).strip()
        if not without_invisible(name).strip():
            raise forms.ValidationError("Please enter your name.")
        return name

    def clean_url(self) -> str:
        url = self.cleaned_data.get("url") or ""
        if url and scheme_of(url) not in WEB_SCHEMES:
            raise forms.ValidationError(
                "Please enter a web address starting with http:// or https://."
            )
        return url

    def clean_comment(self) -> str:
        text = self.cleaned_data["comment"]
        html = sanitize(text)
        if not without_invisible(reader_text(html)).strip():
            raise forms.ValidationError(
                "Please write a comment; it is empty once markup is removed."
            )
        self.cleaned_data["comment_html"] = html
        return text

    def clean_honeypot(self) -> str:
        # A filled honeypot is judged by the moderation pipeline (as spam, answered like a
        # hold) instead of failing validation, which would tell a bot what it did wrong.
        return self.cleaned_data.get("honeypot", "")

    def clean_reply_to(self) -> int:
        parent_id = self.cleaned_data.get("reply_to") or 0
        if parent_id == 0:
            return 0
        if not 0 < parent_id < 2**63:
            raise forms.ValidationError(
                "The comment you are replying to does not exist on this article any more."
            )
        parent = (
            TribuneComment.objects.published()
            .for_target(self.target_object)
            .filter(pk=parent_id)
            .first()
        )
        if parent is None:
            raise forms.ValidationError(
                "The comment you are replying to does not exist on this article any more."
            )
        policy = self.policy or current_policy()
        if not can_reply_to(parent, thread_depth_limit(self.target_object, policy)):
            raise forms.ValidationError(
                "This thread is as deep as it can go; reply to an earlier comment instead."
            )
        self.parent = parent
        return parent_id

    def reader_fields(self) -> ReaderFields:
        """What the reader sent, parsed, for comments.posting."""
        data = self.cleaned_data
        try:
            rendered_at = datetime.fromtimestamp(int(data.get("timestamp")), tz=UTC)
        except (TypeError, ValueError, OverflowError, OSError):
            rendered_at = None
        return ReaderFields(
            name=data["name"],
            email=data["email"],
            url=data.get("url") or "",
            text=data["comment"],
            html=data["comment_html"],
            followup=data.get("followup", False),
            notify_decision=data.get("notify_decision", False),
            parent=self.parent,
            rendered_at=rendered_at,
            honeypot=data.get("honeypot", ""),
        )


TribuneCommentForm.base_fields = _FieldsCopiedPlainly(TribuneCommentForm.base_fields)
