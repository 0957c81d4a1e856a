"""Lists kept in cookies (comments.cookie_lists) are written as cookies allow, unquoted, and
the lists written before with commas are still read."""

from http.cookies import SimpleCookie

from django.core import signing
from django.http import HttpResponse
from hypothesis import given
from hypothesis import strategies as st

from comments import tokens
from comments.cookie_lists import cookie_list, cookie_list_items
from comments.readers import remembered


@given(st.lists(st.integers(min_value=1, max_value=2**63 - 1), max_size=50))
def test_a_list_of_ids_is_read_back_as_it_was_written(ids):
    assert [item for item in cookie_list_items(cookie_list(ids)) if item] == list(map(str, ids))


@given(st.lists(st.integers(min_value=1, max_value=2**63 - 1), min_size=1, max_size=50))
def test_a_list_of_ids_needs_no_quoting_in_a_cookie(ids):
    cookie = SimpleCookie()
    cookie["list"] = cookie_list(ids)
    assert cookie["list"].coded_value == cookie_list(ids)


def test_a_browsers_confirmed_addresses_are_written_unquoted(rf):
    response = HttpResponse()
    request = rf.get("/")
    remembered.remember_confirmed(request, response, "one@example.com")
    request.COOKIES[remembered.COOKIE] = response.cookies[remembered.COOKIE].value
    remembered.remember_confirmed(request, response, "two@example.com")
    morsel = response.cookies[remembered.COOKIE]
    assert morsel.coded_value == morsel.value and not morsel.coded_value.startswith('"')
    request.COOKIES[remembered.COOKIE] = morsel.value
    assert remembered.is_confirmed_here(request, "one@example.com")
    assert remembered.is_confirmed_here(request, "two@example.com")


def test_confirmed_addresses_written_before_with_commas_are_still_read(rf):
    digests = [tokens.email_digest(e) for e in ("one@example.com", "two@example.com")]
    signer = signing.get_cookie_signer(salt=remembered.COOKIE + remembered.SALT)
    value = signer.sign(",".join(digests))
    request = rf.get("/")
    request.COOKIES[remembered.COOKIE] = value
    assert remembered.is_confirmed_here(request, "two@example.com")
