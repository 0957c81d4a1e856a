"""Each comment form gets its own copy of the form class's fields (comments.forms copies them
plainly, not through copy.deepcopy): the same state as Django's deep copy, nothing shared."""

import copy

import pytest
from django import forms

from comments.discussion import comment_form_for
from comments.forms import TribuneCommentForm, _FieldsCopiedPlainly
from comments.tests.helpers import comment_form_data

pytestmark = pytest.mark.django_db


def _state(field: forms.Field) -> dict:
    return {**vars(field), "widget": (type(field.widget), vars(field.widget))}


def test_a_forms_fields_hold_what_djangos_deep_copy_would():
    plain = copy.deepcopy(TribuneCommentForm.base_fields)
    deep = {name: copy.deepcopy(field) for name, field in TribuneCommentForm.base_fields.items()}
    assert list(plain) == list(deep)
    assert {name: _state(f) for name, f in plain.items()} == {
        name: _state(f) for name, f in deep.items()
    }


def test_changing_one_forms_fields_leaves_the_class_and_other_forms_alone(article):
    first, second = comment_form_for(article), comment_form_for(article)
    # Fields whose widgets the form's __init__ does not replace: the honeypot, the timestamp.
    validators = len(TribuneCommentForm.base_fields["timestamp"].validators)
    first.fields["honeypot"].widget.attrs["data-x"] = "1"
    first.fields["timestamp"].validators.append(lambda value: None)
    first.fields["timestamp"].error_messages["required"] = "changed"
    for other in (second.fields, TribuneCommentForm.base_fields):
        assert "data-x" not in other["honeypot"].widget.attrs
        assert len(other["timestamp"].validators) == validators
        assert other["timestamp"].error_messages["required"] != "changed"
    assert first.fields["honeypot"].widget is not second.fields["honeypot"].widget


def test_a_field_with_a_copy_of_its_own_is_deep_copied_as_django_does():
    choices = forms.ChoiceField(choices=[("a", "A")])
    fields = copy.deepcopy(_FieldsCopiedPlainly({"choice": choices}))
    fields["choice"].choices = [("b", "B")]
    assert choices.choices == [("a", "A")]


def test_a_posted_form_is_checked_against_its_own_timestamp_and_hash(article):
    data = comment_form_data(article, rendered_seconds_ago=120)
    form = comment_form_for(article, data=data)
    assert form.is_valid(), form.errors
    assert form["timestamp"].value() == data["timestamp"]
    assert form["security_hash"].value() == data["security_hash"]


def test_a_blank_form_is_signed_when_it_is_drawn(article):
    form = comment_form_for(article)
    assert form["security_hash"].value() and form["timestamp"].value()
