"""The comment form (article, reply page, no-JavaScript page, the 400 page) as HTML in one pass.

It was a template of its own with a template per field and per widget: most of an article's
template time (issue 17). The fields are drawn by comments.form_html from the form's own
definition; every value is escaped (form_html.escaped) and the caller marks the result safe
(comments.templatetags.comment_tags, the one place that does).
"""

from __future__ import annotations

from urllib.parse import quote

from django.urls import reverse

from comments.form_html import escaped, field_html, hidden_fields_html, widget_html

REQUIRED_NOTE = (
    '    <p class="notes">Required fields are marked <span aria-hidden="true">*</span>'
    '<span class="visually-hidden">with an asterisk</span>.</p>'
)
REMEMBER_ME = (
    '    <p class="form-field form-field-checkbox" data-guest-identity>\n'
    '      <input type="checkbox" id="id_remember" name="remember" value="1"> <label '
    'for="id_remember">Save my name and email in this browser for the next time I comment.'
    "</label>\n    </p>"
)
SUBMIT = (
    '    <p class="form-submit"><button type="submit" name="post">Post Comment</button></p>\n'
    "  </form>"
)


def comment_form_html(
    form, *, title: str, request=None, csrf_token=None, csrf_on_demand=False, links=None
) -> str:
    """The whole form, under `title`. `csrf_on_demand`: a cached page carries no token, and
    comments.js fetches one when the reader starts writing. `links`: Settings → Site links as
    the templates read them (objects with `comment_policy_page` and `privacy_page`, each None
    or with a `url`), for the note on what to read before posting."""
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    out = [
        '<div id="respond" class="comment-respond">',
        f'  <h2 id="reply-title" class="comment-reply-title" tabindex="-1">{escaped(title)}</h2>',
        '  <p class="cancel-reply" hidden><button type="button" class="cancel-reply-button">'
        "Cancel reply</button></p>",
        f'  <form id="comment-form" class="comment-form" method="post" '
        f'action="{escaped(reverse("comments-post"))}" novalidate>',
    ]
    if csrf_on_demand:
        out.append(_token_on_demand(form))
    elif csrf_token:
        out.append(f"    {_csrf_input(csrf_token)}")
    if form.non_field_errors():
        out.append(
            f'    <div class="form-errors" role="alert">{escaped(form.non_field_errors())}</div>'
        )
    out += [f"    {hidden_fields_html(form)}", REQUIRED_NOTE]
    out += _policy_note(links)
    out.append(_identity(user) if signed_in else _guest_identity(form))
    out += [f"    {field_html(form[name])}" for name in ("url", "comment")]
    out += [_checkbox(form[name]) for name in ("followup", "notify_decision")]
    if not signed_in:
        out.append(REMEMBER_ME)
    honeypot = form["honeypot"]
    out += [
        f'    <p class="honeypot" aria-hidden="true"><label for="{escaped(honeypot.id_for_label)}">'
        f"Leave this field empty</label> {widget_html(honeypot)}</p>",
        SUBMIT,
    ]
    if signed_in:
        token = _csrf_input(csrf_token) if csrf_token else ""
        out.append(
            f'  <form id="logout-form" method="post" action="{escaped(reverse("account_logout"))}"'
            f' hidden>{token}<input type="hidden" name="next" value="{escaped(request.path)}">'
            "</form>"
        )
    out.append("</div>")
    return "\n".join(out)


def _csrf_input(token) -> str:
    # As Django's {% csrf_token %}: "NOTPROVIDED" is what a view exempt from CSRF gets.
    token = str(token)
    if token == "NOTPROVIDED":
        return ""
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{escaped(token)}">'


def _token_on_demand(form) -> str:
    # Without JavaScript no token comes: the reader writes on a page of its own.
    target = (form["content_type"].value(), form["object_pk"].value())
    return (
        '    <input type="hidden" name="csrfmiddlewaretoken" value="" '
        f'data-csrf-url="{escaped(reverse("comments-csrf"))}">\n'
        '    <noscript><p class="notes">JavaScript is off: please '
        f'<a href="{escaped(reverse("comments-write", args=target))}">write your comment on its '
        "own page</a>; Reply links work as they are.</p></noscript>"
    )


def _policy_note(links) -> list[str]:
    policy = getattr(links, "comment_policy_page", None)
    privacy = getattr(links, "privacy_page", None)
    if not policy and not privacy:
        return []
    policy_link = f'<a href="{escaped(policy.url)}">our comment policy</a>' if policy else ""
    privacy_link = (
        f'<a href="{escaped(privacy.url)}">what we keep about commenters</a>' if privacy else ""
    )
    joint = " and " if policy and privacy else ""
    return [
        f'    <p class="comment-form-notes">Before you post, read '
        f"{policy_link}{joint}{privacy_link}.</p>"
    ]


def _identity(user) -> str:
    # A signed-in reader comments as their account: nothing to type.
    name = escaped(user.get_full_name() or user.get_username())
    return (
        f'    <p class="logged-in-as">Logged in as <strong><bdi>{name}</bdi></strong> · <button '
        'type="submit" form="logout-form" class="link-button">Log out</button></p>'
    )


def _guest_identity(form) -> str:
    # The same for every guest (cached pages); comments.js swaps in "Logged in as" and
    # remembered details. The sign-in link comes back to the form (%23 is its "#").
    back = quote(form.target_object.get_absolute_url(), safe="/")
    return (
        '    <div class="guest-identity" data-guest-identity>\n'
        f'    <p class="sign-in-or-guest"><a href="{escaped(reverse("account_login"))}?next='
        f'{escaped(back)}%23respond">Sign in</a> or comment as a guest.</p>\n'
        f"    {field_html(form['name'])}\n"
        f"    {field_html(form['email'])}\n"
        "    </div>"
    )


def _checkbox(field) -> str:
    return (
        '    <p class="form-field form-field-checkbox">\n'
        f'      {widget_html(field)} <label for="{escaped(field.id_for_label)}">'
        f"{escaped(field.label)}</label>\n"
        "    </p>"
    )
