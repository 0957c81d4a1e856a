"""The comment form (article, reply page, no-JavaScript page, the 400 page) as HTML in one pass.

It was a template of its own with a template per field and per widget: most of an article's
template time (issue 17). Every value goes through format_html, which escapes it unless Django
built it safe; the fields are drawn by comments.form_html from the form's own definition.
"""

from __future__ import annotations

from urllib.parse import quote

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from comments.form_html import field_html, hidden_fields_html, lines_html, widget_html

REMEMBER_ME = format_html(
    '    <p class="form-field form-field-checkbox" data-guest-identity>\n'
    '      <input type="checkbox" id="id_remember" name="remember" value="{}"> <label '
    'for="id_remember">Save my name and email in this browser for the next time I comment.'
    "</label>\n    </p>",
    1,
)


def comment_form_html(
    form, *, title: str, request=None, csrf_token=None, csrf_on_demand=False, links=None
) -> SafeString:
    """The whole form, under `title`. `csrf_on_demand`: a cached page carries no token, and
    comments.js fetches one when the reader starts writing. `links`: Settings → Site links as
    the templates read them (objects with `comment_policy_page` and `privacy_page`, each None
    or with a `url`), for the note on what to read before posting."""
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    lines = [
        format_html(
            '<div id="respond" class="comment-respond">\n'
            '  <h2 id="reply-title" class="comment-reply-title" tabindex="-1">{}</h2>\n'
            '  <p class="cancel-reply" hidden><button type="button" class="cancel-reply-button">'
            "Cancel reply</button></p>\n"
            '  <form id="comment-form" class="comment-form" method="post" action="{}" novalidate>',
            title,
            reverse("comments-post"),
        )
    ]
    if csrf_on_demand:
        lines.append(_token_on_demand(form))
    elif csrf_token:
        lines.append(format_html("    {}", _csrf_input(csrf_token)))
    if form.non_field_errors():
        lines.append(
            format_html(
                '    <div class="form-errors" role="alert">{}</div>', form.non_field_errors()
            )
        )
    lines.append(
        format_html(
            "    {}\n"
            '    <p class="notes">Required fields are marked <span aria-hidden="true">*</span>'
            '<span class="visually-hidden">with an asterisk</span>.</p>',
            hidden_fields_html(form),
        )
    )
    lines += _policy_note(links)
    lines.append(_identity(user) if signed_in else _guest_identity(form))
    lines += [format_html("    {}", field_html(form[name])) for name in ("url", "comment")]
    lines += [_checkbox(form[name]) for name in ("followup", "notify_decision")]
    if not signed_in:
        lines.append(REMEMBER_ME)
    honeypot = form["honeypot"]
    lines.append(
        format_html(
            '    <p class="honeypot" aria-hidden="true"><label for="{}">Leave this field empty'
            "</label> {}</p>\n"
            '    <p class="form-submit"><button type="submit" name="post">Post Comment</button></p>\n'
            "  </form>",
            honeypot.id_for_label,
            widget_html(honeypot),
        )
    )
    if signed_in:
        lines.append(
            format_html(
                '  <form id="logout-form" method="post" action="{}" hidden>{}'
                '<input type="hidden" name="next" value="{}"></form>',
                reverse("account_logout"),
                _csrf_input(csrf_token) if csrf_token else "",
                request.path,
            )
        )
    lines.append(format_html("{}</div>", ""))
    return lines_html(lines)


def _csrf_input(token) -> SafeString:
    # As Django's {% csrf_token %}: "NOTPROVIDED" is what a view exempt from CSRF gets.
    if str(token) == "NOTPROVIDED":
        return format_html("{}", "")
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)


def _token_on_demand(form) -> SafeString:
    # Without JavaScript no token comes: the reader writes on a page of its own.
    target = (form["content_type"].value(), form["object_pk"].value())
    return format_html(
        '    <input type="hidden" name="csrfmiddlewaretoken" value="" data-csrf-url="{}">\n'
        '    <noscript><p class="notes">JavaScript is off: please <a href="{}">write your '
        "comment on its own page</a>; Reply links work as they are.</p></noscript>",
        reverse("comments-csrf"),
        reverse("comments-write", args=target),
    )


def _policy_note(links) -> list[SafeString]:
    policy = getattr(links, "comment_policy_page", None)
    privacy = getattr(links, "privacy_page", None)
    if not policy and not privacy:
        return []
    policy_link = format_html('<a href="{}">our comment policy</a>', policy.url) if policy else ""
    privacy_link = (
        format_html('<a href="{}">what we keep about commenters</a>', privacy.url)
        if privacy
        else ""
    )
    return [
        format_html(
            '    <p class="comment-form-notes">Before you post, read {}{}{}.</p>',
            policy_link,
            " and " if policy and privacy else "",
            privacy_link,
        )
    ]


def _identity(user) -> SafeString:
    # A signed-in reader comments as their account: nothing to type.
    return format_html(
        '    <p class="logged-in-as">Logged in as <strong><bdi>{}</bdi></strong> · <button '
        'type="submit" form="logout-form" class="link-button">Log out</button></p>',
        user.get_full_name() or user.get_username(),
    )


def _guest_identity(form) -> SafeString:
    # The same for every guest (cached pages); comments.js swaps in "Logged in as" and
    # remembered details. The sign-in link comes back to the form (%23 is its "#").
    return format_html(
        '    <div class="guest-identity" data-guest-identity>\n'
        '    <p class="sign-in-or-guest"><a href="{}?next={}%23respond">Sign in</a> or '
        "comment as a guest.</p>\n"
        "    {}\n"
        "    {}\n"
        "    </div>",
        reverse("account_login"),
        quote(form.target_object.get_absolute_url(), safe="/"),
        field_html(form["name"]),
        field_html(form["email"]),
    )


def _checkbox(field) -> SafeString:
    return format_html(
        '    <p class="form-field form-field-checkbox">\n      {} <label for="{}">{}</label>\n'
        "    </p>",
        widget_html(field),
        field.id_for_label,
        field.label,
    )
