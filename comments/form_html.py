"""Form fields as HTML in one pass of Python, for the comment forms (issue 17).

Django renders every widget through its own templates: on an article page the blank comment
form's eleven widgets and four field includes cost more than the rest of the page's templates.
This writes the same markup with string joins, from the bound field's own attributes
(BoundField.build_widget_attrs: required, aria-invalid, aria-describedby) and the widget's own
context (Widget.get_context), so the markup follows the form's definition. A widget drawn by a
template this module does not know falls back to Django's rendering.

Every value is escaped here (`escaped`), as a template's autoescape would; the caller marks
the result safe (comments.templatetags.comment_tags, the one place that does), as for
comments.tree_html. Django's own format_html escapes through a lazy-aware wrapper five times
slower than this, and a form has some sixty values.
"""

from __future__ import annotations

from html import escape

from django.forms import BoundField, Form

# Django's <input> templates: each is input.html ({% include %}d by the others, unchanged).
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in ("input", "text", "email", "url", "hidden", "checkbox", "number", "password")
)
TEXTAREA_TEMPLATE = "django/forms/widgets/textarea.html"
REQUIRED_MARK = ' <span class="required" aria-hidden="true">*</span>'


def escaped(value) -> str:
    """A value as a template's autoescape writes it: what Django itself made safe (its error
    lists, its widgets) as it renders itself, anything else escaped (& < > " ')."""
    html = getattr(value, "__html__", None)
    return html() if html is not None else escape(str(value))


def _attrs_html(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: False leaves an attribute out, True writes its name."""
    return "".join(
        f" {escaped(name)}" if value is True else f' {escaped(name)}="{escaped(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def widget_html(field: BoundField) -> str:
    """The field's widget, as `{{ field }}` renders it."""
    widget = field.field.widget
    if widget.template_name not in INPUT_TEMPLATES and widget.template_name != TEXTAREA_TEMPLATE:
        return escaped(field.as_widget())
    attrs = field.build_widget_attrs({}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    value = context["value"]
    name = escaped(context["name"])
    if widget.template_name == TEXTAREA_TEMPLATE:
        # Django's textarea.html starts the text on a new line (a browser drops that newline).
        text = escaped(value) if value else ""
        return f'<textarea name="{name}"{_attrs_html(context["attrs"])}>\n{text}</textarea>'
    value_attr = f' value="{escaped(value)}"' if value is not None else ""
    return (
        f'<input type="{escaped(context["type"])}" name="{name}"{value_attr}'
        f"{_attrs_html(context['attrs'])}>"
    )


def field_html(field: BoundField) -> str:
    """A labelled field with its help text and errors (ids the widget's aria-describedby names)."""
    errors = field.errors
    auto_id = escaped(field.auto_id)
    out = [
        f'<p class="form-field form-field-{escaped(field.name)}{" has-error" if errors else ""}">',
        f'  <label for="{escaped(field.id_for_label)}">{escaped(field.label)}'
        f"{REQUIRED_MARK if field.field.required else ''}</label>",
        f"  {widget_html(field)}",
    ]
    if field.help_text:
        out.append(
            f'  <span class="help" id="{auto_id}_helptext">{escaped(field.help_text)}</span>'
        )
    if errors:
        messages = " ".join(escaped(error) for error in errors)
        out.append(f'  <span class="error" id="{auto_id}_error" role="alert">{messages}</span>')
    out.append("</p>")
    return "\n".join(out)


def hidden_fields_html(form: Form) -> str:
    """The form's hidden inputs (target, timestamp, security hash, reply-to), one after another."""
    return "".join(widget_html(field) for field in form.hidden_fields())
