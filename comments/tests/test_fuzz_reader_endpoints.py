"""Generated input to every reader endpoint added for issue 11: never a 5xx, whoever asks.

Each example runs in a savepoint rolled back afterwards, so every example sees the same
comments; the reader is a guest, the comment's author (signed in) or another account.
"""

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st

from comments.tests.factories import CommentFactory
from comments.tests.fuzzing import FUZZ_SETTINGS, nasty

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    "/comments/edit/{pk}/",
    "/comments/delete/{pk}/",
    "/comments/flag/{pk}/",
    "/comments/me/",
    "/comments/you/",
    "/comments/you/unfollow/",
    "/comments/you/export/",
    "/comments/you/erase/",
    "/comments/you/delete-account/",
    "/comments/your-data/",
    "/comments/your-data/{token}/",
]
FIELDS = ["comment", "reason", "details", "email", "ids", "ct", "pk", "all", "action", "password"]

# No lone surrogates: no browser can send them, and the test client cannot encode them.
text = st.one_of(
    nasty.filter(lambda t: t.encode("utf-8", "ignore").decode("utf-8") == t),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=300),
    st.integers().map(str),
)
bodies = st.dictionaries(st.sampled_from(FIELDS), text, max_size=5)


class _Rollback(Exception):
    pass


@pytest.fixture
def comment(article, reader):
    return CommentFactory(content_object=article, user=reader, user_email=reader.email)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("who", ["guest", "author", "other"])
def test_no_reader_endpoint_answers_with_a_server_error(
    endpoint, who, comment, reader, django_user_model
):
    clients = {"guest": Client(), "author": Client(), "other": Client()}
    clients["author"].force_login(reader)
    clients["other"].force_login(django_user_model.objects.create_user("o", "o@example.com", "pw"))
    client = clients[who]

    @settings(max_examples=10, **FUZZ_SETTINGS)
    @given(
        body=bodies,
        pk=st.one_of(st.just(comment.pk), st.integers(min_value=0, max_value=2**63)),
        token=text.filter(lambda t: t and "/" not in t and "?" not in t and "#" not in t),
        method=st.sampled_from(["get", "post"]),
    )
    def run(body, pk, token, method):
        path = endpoint.format(pk=pk, token=token)
        try:
            with transaction.atomic():
                response = getattr(client, method)(path, body)
                assert response.status_code < 500, (path, body, response.status_code)
                raise _Rollback
        except _Rollback:
            pass

    run()
