"""The comment form's markup, drawn in Python (comments.form_html, comments.comment_form_html):
the same as Django's widgets, following the form's definition, every reader's value escaped."""

import html5lib
import pytest
from django import forms
from django.test import RequestFactory
from django.urls import reverse

from comments.comment_form_html import comment_form_html
from comments.discussion import comment_form_for
from comments.form_html import field_html, widget_html
from comments.tests.helpers import comment_form_data

pytestmark = pytest.mark.django_db

HOSTILE = "\"><script>alert(1)</script><b x='y'>&amp;"


def bound_form(article, **fields):
    form = comment_form_for(article, data=comment_form_data(article, **fields))
    form.is_valid()
    return form


def parsed_form(markup: str):
    document = html5lib.parse(markup, namespaceHTMLElements=False)
    return document.find(".//form[@id='comment-form']")


def test_every_widget_of_a_blank_form_is_drawn_as_django_draws_it(article):
    form = comment_form_for(article)
    assert {name: widget_html(form[name]) for name in form.fields} == {
        name: str(form[name]) for name in form.fields
    }


def test_every_widget_of_a_rejected_form_is_drawn_as_django_draws_it(article):
    form = bound_form(article, name=HOSTILE, email="nope", url="javascript:x", comment=HOSTILE)
    assert form.errors
    assert {name: widget_html(form[name]) for name in form.fields} == {
        name: str(form[name]) for name in form.fields
    }


def test_the_blank_form_has_an_input_for_every_field_of_the_form_class(client, article):
    page = client.get(article.url).content.decode()
    names = {element.get("name") for element in parsed_form(page).iter() if element.get("name")}
    form_fields = set(comment_form_for(article).fields)
    assert names - {"csrfmiddlewaretoken", "remember", "post"} == form_fields


def test_a_rejected_comment_keeps_the_readers_text_and_marks_the_field_invalid(client, article):
    data = comment_form_data(article, email="not-an-address", comment="My <b>long</b> thought")
    response = client.post(reverse("comments-post"), data)
    assert response.status_code == 400
    form = parsed_form(response.content.decode())
    email = form.find(".//input[@name='email']")
    assert email.get("value") == "not-an-address"
    assert email.get("aria-invalid") == "true"
    assert email.get("aria-describedby") == "id_email_helptext id_email_error"
    assert form.find(".//*[@id='id_email_error']").text == "Please enter a valid email address."
    assert form.find(".//textarea[@name='comment']").text == "My <b>long</b> thought"


def test_a_valid_field_of_a_rejected_form_is_not_marked_invalid(client, article):
    data = comment_form_data(article, email="not-an-address")
    form = parsed_form(client.post(reverse("comments-post"), data).content.decode())
    assert form.find(".//input[@name='name']").get("aria-invalid") is None
    assert form.find(".//*[@id='id_name_error']") is None


def test_every_value_a_reader_typed_is_escaped(article):
    form = bound_form(article, name=HOSTILE, email=HOSTILE, url=HOSTILE, comment=HOSTILE)
    markup = comment_form_html(form, title="Your comment")
    assert "<script>" not in markup and "<b x=" not in markup
    parsed = parsed_form(markup)
    for name in ("name", "email", "url"):
        assert parsed.find(f".//input[@name='{name}']").get("value") == HOSTILE
    assert parsed.find(".//textarea[@name='comment']").text == HOSTILE


def test_a_signed_in_readers_name_and_the_page_address_are_escaped(article, reader):
    reader.first_name, reader.last_name = "<i>Ann</i>", "& co"
    request = RequestFactory().get('/blog/x/?"><script>')
    request.user = reader
    markup = comment_form_html(comment_form_for(article), title="t", request=request)
    assert "<bdi>&lt;i&gt;Ann&lt;/i&gt; &amp; co</bdi>" in markup
    assert "<script>" not in markup


def test_the_help_text_is_what_the_email_input_is_described_by(article):
    document = html5lib.parse(field_html(comment_form_for(article)["email"]))
    email = document.find(".//{*}input")
    help_text = document.find(f".//{{*}}span[@id='{email.get('aria-describedby')}']")
    assert help_text.text == "Your email address will not be published."


def test_a_required_field_is_marked_in_its_label_and_an_optional_one_is_not(article):
    form = comment_form_for(article)
    assert 'aria-hidden="true">*</span></label>' in field_html(form["name"])
    assert "*" not in field_html(form["url"])


def test_a_cached_page_asks_for_its_token_and_offers_the_page_without_javascript(article):
    markup = comment_form_html(comment_form_for(article), title="t", csrf_on_demand=True)
    token = parsed_form(markup).find(".//input[@name='csrfmiddlewaretoken']")
    assert token.get("value") == ""
    assert token.get("data-csrf-url") == reverse("comments-csrf")
    assert f"/comments/write/blog.blogpage/{article.pk}/" in markup.split("<noscript>")[1]


def test_a_form_without_a_cached_copy_carries_its_token(article):
    markup = comment_form_html(comment_form_for(article), title="t", csrf_token="abc123")
    token = parsed_form(markup).find(".//input[@name='csrfmiddlewaretoken']")
    assert token.get("value") == "abc123"
    assert "<noscript>" not in markup


def test_a_widget_drawn_by_another_template_is_left_to_django(article):
    class Choice(forms.Form):
        colour = forms.ChoiceField(choices=[("r", "Red <&>")])

    field = Choice()["colour"]
    assert widget_html(field) == str(field)
    assert "<select" in widget_html(field)
