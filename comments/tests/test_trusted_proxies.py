"""The reader's address behind reverse proxies (TRUSTED_PROXIES), through the real endpoint."""

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from blog.tests.factories import BlogPageFactory
from comments.models import TribuneComment
from comments.tests.helpers import comment_form_data
from config.proxies import client_address, trusted_networks

PROXIES = trusted_networks(["10.0.0.0/8", "2001:db8:ffff::/48", "192.0.2.1"])


def _client(meta: dict, networks=PROXIES) -> str | None:
    return client_address(meta, networks)


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        # Forged headers from a peer that is not a trusted proxy are ignored.
        ({"REMOTE_ADDR": "203.0.113.5", "HTTP_X_FORWARDED_FOR": "198.51.100.1"}, None),
        ({"REMOTE_ADDR": "203.0.113.5", "HTTP_FORWARDED": "for=198.51.100.1"}, None),
        # One trusted proxy.
        ({"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "198.51.100.1"}, "198.51.100.1"),
        ({"REMOTE_ADDR": "192.0.2.1", "HTTP_X_FORWARDED_FOR": "198.51.100.1"}, "198.51.100.1"),
        # The client prepends a forged address: the rightmost untrusted one is the client.
        (
            {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 198.51.100.1"},
            "198.51.100.1",
        ),
        # Chained trusted proxies are skipped.
        (
            {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "198.51.100.1, 10.1.1.1, 10.2.2.2"},
            "198.51.100.1",
        ),
        # IPv6.
        ({"REMOTE_ADDR": "2001:db8:ffff::1", "HTTP_X_FORWARDED_FOR": "2001:db8::7"}, "2001:db8::7"),
        ({"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "[2001:db8::7]:443"}, "2001:db8::7"),
        # Forwarded (RFC 7239), quoted, with ports, several elements and parameters.
        (
            {"REMOTE_ADDR": "10.0.0.2", "HTTP_FORWARDED": 'for="[2001:db8::1]:4711"'},
            "2001:db8::1",
        ),
        (
            {"REMOTE_ADDR": "10.0.0.2", "HTTP_FORWARDED": "for=198.51.100.1:8080;proto=https"},
            "198.51.100.1",
        ),
        (
            {
                "REMOTE_ADDR": "10.0.0.2",
                "HTTP_FORWARDED": "for=1.2.3.4, For=198.51.100.1;by=10.0.0.2, for=10.3.3.3",
            },
            "198.51.100.1",
        ),
        # Forwarded is preferred to X-Forwarded-For when both are present.
        (
            {
                "REMOTE_ADDR": "10.0.0.2",
                "HTTP_FORWARDED": "for=198.51.100.1",
                "HTTP_X_FORWARDED_FOR": "198.51.100.99",
            },
            "198.51.100.1",
        ),
        # Garbage, obfuscated identifiers, empty: keep REMOTE_ADDR.
        ({"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "not-an-ip"}, None),
        ({"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": ""}, None),
        ({"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "1.2.3.4, garbage"}, None),
        ({"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "999.1.1.1"}, None),
        ({"REMOTE_ADDR": "10.0.0.2", "HTTP_FORWARDED": "for=unknown"}, None),
        ({"REMOTE_ADDR": "10.0.0.2", "HTTP_FORWARDED": "for=_hidden, for=10.3.3.3"}, None),
        ({"REMOTE_ADDR": "10.0.0.2", "HTTP_FORWARDED": "proto=https"}, None),
        ({"REMOTE_ADDR": "10.0.0.2"}, None),
        # Every hop trusted: the client is the leftmost (nearest to the reader).
        ({"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "10.9.9.9, 10.1.1.1"}, "10.9.9.9"),
    ],
)
def test_client_address(meta, expected):
    assert _client(meta) == expected


def test_no_trusted_proxies_means_headers_are_ignored():
    meta = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "198.51.100.1"}
    assert client_address(meta, ()) is None


@given(header=st.text(max_size=200), forwarded=st.text(max_size=200))
def test_any_header_gives_an_address_from_it_or_none(header, forwarded):
    meta = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": header}
    if forwarded:
        meta["HTTP_FORWARDED"] = forwarded
    address = _client(meta)
    assert address is None or address in header or address in forwarded or ":" in address


@pytest.fixture
def article(db):
    return BlogPageFactory()


def _post(client: Client, article, **headers):
    data = comment_form_data(article)
    return client.post("/comments/post/", data, HTTP_USER_AGENT="Mozilla/5.0 (test)", **headers)


@pytest.mark.django_db
@pytest.mark.usefixtures("trusting_policy")
def test_comment_behind_trusted_proxy_stores_the_readers_address(article, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    _post(Client(), article, HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.23")
    assert TribuneComment.objects.get().ip_address == "198.51.100.23"


@pytest.mark.django_db
@pytest.mark.usefixtures("trusting_policy")
def test_forged_forwarded_for_from_untrusted_peer_is_ignored(article, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    _post(Client(), article, HTTP_X_FORWARDED_FOR="198.51.100.23")
    assert TribuneComment.objects.get().ip_address == "127.0.0.1"


@pytest.mark.django_db
@pytest.mark.usefixtures("trusting_policy")
@pytest.mark.usefixtures("no_email_confirmation")
def test_ip_block_applies_to_the_forwarded_address(article, settings):
    from comments.models import Status
    from comments.tests.helpers import set_policy

    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    set_policy(blocklist="198.51.100.0/24", premoderate_new_commenters=False)
    _post(Client(), article, HTTP_FORWARDED='for="198.51.100.23:4711"')
    assert TribuneComment.objects.get().status == Status.SPAM
