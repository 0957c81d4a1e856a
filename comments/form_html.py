"""Form fields as HTML in one pass of Python, for the comment forms (issue 17).

Django renders every widget through its own templates: on an article page the blank comment
form's eleven widgets and four field includes cost more than the rest of the page's templates.
This writes the same markup with Django's escaping helpers (format_html escapes every value it
is given unless Django itself built it safe), from the bound field's own attributes
(BoundField.build_widget_attrs: required, aria-invalid, aria-describedby) and the widget's own
context (Widget.get_context), so the markup follows the form's definition. A widget drawn by a
template this module does not know falls back to Django's rendering.
"""

from __future__ import annotations

from django.forms import BoundField, Form
from django.utils.html import format_html
from django.utils.safestring import SafeString

# Django's <input> templates: each is input.html ({% include %}d by the others, unchanged).
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in ("input", "text", "email", "url", "hidden", "checkbox", "number", "password")
)
TEXTAREA_TEMPLATE = "django/forms/widgets/textarea.html"

EMPTY = format_html("{}", "")
REQUIRED_MARK = format_html(' <span class="required" aria-hidden="true">{}</span>', "*")
CLOSE_P = format_html("{}</p>", "")


def joined_html(parts: list[SafeString], separator: str = "") -> SafeString:
    """Parts built by format_html (hence escaped already: "{}" passes them through), joined."""
    return format_html(separator.join(["{}"] * len(parts)), *parts) if parts else EMPTY


def lines_html(lines: list[SafeString]) -> SafeString:
    """Lines built by format_html, one under the other."""
    return joined_html(lines, "\n")


def _attrs_html(attrs: dict) -> SafeString:
    """django/forms/widgets/attrs.html: False leaves an attribute out, True writes its name."""
    return joined_html(
        [
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False
        ]
    )


def widget_html(field: BoundField) -> SafeString:
    """The field's widget, as `{{ field }}` renders it."""
    widget = field.field.widget
    if widget.template_name not in INPUT_TEMPLATES and widget.template_name != TEXTAREA_TEMPLATE:
        return field.as_widget()
    attrs = field.build_widget_attrs({}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    value = context["value"]
    if widget.template_name == TEXTAREA_TEMPLATE:
        # Django's textarea.html starts the text on a new line (a browser drops that newline).
        return format_html(
            '<textarea name="{}"{}>\n{}</textarea>',
            context["name"],
            _attrs_html(context["attrs"]),
            value if value else "",
        )
    return format_html(
        '<input type="{}" name="{}"{}{}>',
        context["type"],
        context["name"],
        format_html(' value="{}"', value) if value is not None else "",
        _attrs_html(context["attrs"]),
    )


def field_html(field: BoundField) -> SafeString:
    """A labelled field with its help text and errors (ids the widget's aria-describedby names)."""
    errors = field.errors
    lines = [
        format_html(
            '<p class="form-field form-field-{}{}">', field.name, " has-error" if errors else ""
        ),
        format_html(
            '  <label for="{}">{}{}</label>',
            field.id_for_label,
            field.label,
            REQUIRED_MARK if field.field.required else "",
        ),
        format_html("  {}", widget_html(field)),
    ]
    if field.help_text:
        lines.append(
            format_html(
                '  <span class="help" id="{}_helptext">{}</span>', field.auto_id, field.help_text
            )
        )
    if errors:
        lines.append(
            format_html(
                '  <span class="error" id="{}_error" role="alert">{}</span>',
                field.auto_id,
                " ".join(errors),
            )
        )
    lines.append(CLOSE_P)
    return lines_html(lines)


def hidden_fields_html(form: Form) -> SafeString:
    """The form's hidden inputs (target, timestamp, security hash, reply-to), one after another."""
    return joined_html([widget_html(field) for field in form.hidden_fields()])
