"""Generated form bodies, valid and invalid mixed, through the real comment endpoint.

Whatever is posted, the answer is a 2xx, 3xx or 4xx, never a 5xx; a 4xx stores nothing;
and a comment is stored exactly when the answer is a redirect (the duplicate rule, the
only other source of redirects, is off here).

About half the bodies are plausible in every field, so that many get through to moderation
and storage; the others have one to three fields replaced by arbitrary text, nasty strings
or nothing at all. Each example runs in a savepoint that is rolled back afterwards, so that
every example sees the same article and comments and shrinking replays them faithfully.
"""

import pytest
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st

from blog.models import BlogIndexPage
from blog.tests.factories import BlogPageFactory
from comments.models import Status
from comments.tests.factories import CommentFactory
from comments.tests.fuzzing import (
    BROKEN_SECURITY,
    CONTENT_TYPES,
    DROP,
    FUZZ_SETTINGS,
    PLAUSIBLE,
    WILD,
    bodies,
    body_pairs,
    check_post,
    encodings,
    extras,
    junk_timestamps,
    nasty,
    security_fields,
    user_agents,
)
from comments.tests.helpers import comment_form_data, set_policy

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(article, no_email_confirmation, trusting_policy):
    """One article with comments in every state, and the policy for the fuzz."""
    # Thousands of posts from one client and one address: the flood rule would refuse
    # nearly all of them, and the duplicate rule would answer repeats with a redirect to the
    # first comment (a 3xx that stores nothing); both are off so the invariants stay exact.
    set_policy(flood_max_comments=0, duplicate_window_minutes=0)
    other = BlogPageFactory()
    top = CommentFactory(content_object=article)
    ids = {
        "top": top.pk,
        "reply": CommentFactory(parent=top).pk,
        "held": CommentFactory(content_object=article, status=Status.HELD).pk,
        "removed": CommentFactory(content_object=article, status=Status.REMOVED).pk,
        "other": CommentFactory(content_object=other).pk,
    }
    return article, other, ids


def test_fuzzed_reader_fields_never_fail_the_server(scene):
    """The reader's fields fuzzed; the hidden fields mostly as the page rendered them."""
    article, _other, ids = scene
    rendered = comment_form_data(article)
    client = Client()
    plausible = {
        **PLAUSIBLE,
        "reply_to": st.sampled_from(["0", "0", str(ids["top"]), str(ids["reply"])]),
        "security": st.just("valid"),
    }
    wild_fields = {
        **WILD,
        "reply_to": st.one_of(
            st.sampled_from([str(ids[key]) for key in ("held", "removed", "other")]),
            st.text(max_size=8),
            st.just(DROP),
        ),
        "security": st.sampled_from(BROKEN_SECURITY),
    }

    @settings(max_examples=2000, **FUZZ_SETTINGS)
    @given(
        body=bodies(plausible, wild_fields),
        junk_timestamp=junk_timestamps,
        # The reader's fields only: hidden fields sent twice are the other test's business.
        extra=extras(["name", "email", "url", "comment"]),
        encoding=encodings,
        user_agent=user_agents,
    )
    def post(body, junk_timestamp, extra, encoding, user_agent):
        security = body.pop("security")
        hidden = security_fields(
            article, rendered["content_type"], rendered["object_pk"], security, junk_timestamp
        )
        check_post(client, body_pairs({**rendered, **hidden, **body}, extra), encoding, user_agent)

    post()


def test_fuzzed_hidden_fields_never_fail_the_server(scene):
    """content_type, object_pk, reply_to and the timestamp fuzzed, signed most of the time
    so that they get past the security check; the reader's fields mostly plausible."""
    article, other, ids = scene
    index_pk = str(BlogIndexPage.objects.get().pk)
    rendered = comment_form_data(article)
    client = Client()
    # Around the limits of 32- and 64-bit integer columns, and well past them.
    edges = [2**31 - 1, 2**31, 2**63 - 1, 2**63, 2**64, 10**20, 10**400]
    numbers = st.one_of(
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
        st.integers(min_value=-3, max_value=max(ids.values()) + 3).map(str),
        st.sampled_from(edges + [-n for n in edges]).map(str),
    )
    plausible = {
        **PLAUSIBLE,
        "content_type": st.just(rendered["content_type"]),
        "object_pk": st.just(rendered["object_pk"]),
        "reply_to": st.sampled_from(["0", str(ids["top"]), str(ids["reply"])]),
        "security": st.just("valid"),
    }
    wild_fields = {
        **WILD,
        "content_type": st.one_of(
            st.sampled_from(CONTENT_TYPES), st.text(max_size=20), nasty, st.just(DROP)
        ),
        "object_pk": st.one_of(
            st.sampled_from([str(other.pk), index_pk]),
            numbers,
            st.text(max_size=10),
            nasty,
            st.just(DROP),
        ),
        "reply_to": st.one_of(
            st.sampled_from([str(ids[key]) for key in ("held", "removed", "other")]),
            numbers,
            nasty,
            st.just(DROP),
        ),
        "security": st.sampled_from(BROKEN_SECURITY),
    }

    @settings(max_examples=800, **FUZZ_SETTINGS)
    @given(
        body=bodies(plausible, wild_fields),
        junk_timestamp=junk_timestamps,
        extra=extras(["content_type", "object_pk", "reply_to", "timestamp", "comment"]),
        encoding=encodings,
    )
    def post(body, junk_timestamp, extra, encoding):
        security = body.pop("security")
        content_type, object_pk = body.pop("content_type"), body.pop("object_pk")
        hidden = security_fields(article, content_type, object_pk, security, junk_timestamp)
        check_post(
            client,
            body_pairs({**rendered, **hidden, **body}, extra),
            encoding,
            "Mozilla/5.0 (fuzz)",
        )

    post()
