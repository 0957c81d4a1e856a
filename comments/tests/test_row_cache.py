"""Rows read by almost every request come from the cache, and a change is seen at once
(comments.row_cache): the moderation settings, a discussion's settings, account sanctions."""

from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments.accounts import AccountSanction
from comments.discussion_settings import discussion_settings_for, discussion_settings_update
from comments.moderation.facts import sanction_in_force
from comments.moderation.site_settings import current_policy
from comments.sanctions import account_sanction
from comments.tests.helpers import set_policy

pytestmark = pytest.mark.django_db


def test_the_policy_is_read_once_then_from_the_cache():
    current_policy()
    with CaptureQueriesContext(connection) as queries:
        current_policy()
    assert len(queries) == 0


def test_a_saved_policy_is_in_force_for_the_next_read():
    assert current_policy().link_limit != 7
    set_policy(link_limit=7)
    assert current_policy().link_limit == 7


def test_changed_discussion_settings_are_seen_at_once(article):
    assert discussion_settings_for(article).threads_per_page is None
    discussion_settings_update(target=article, threads_per_page=3)
    assert discussion_settings_for(article).threads_per_page == 3
    with CaptureQueriesContext(connection) as queries:
        discussion_settings_for(article)
    assert len(queries) == 0


def test_a_new_sanction_applies_to_the_next_comment(reader, moderator):
    assert sanction_in_force(reader.pk, timezone.now()) is None
    account_sanction(user=reader, kind=AccountSanction.Kind.BAN, actor=moderator)
    assert sanction_in_force(reader.pk, timezone.now()).kind == AccountSanction.Kind.BAN
    account_sanction(user=reader, kind=AccountSanction.Kind.REINSTATE, actor=moderator)
    assert sanction_in_force(reader.pk, timezone.now()) is None


def test_without_the_cache_rows_come_from_the_database():
    set_policy(link_limit=5)
    with mock.patch("comments.row_cache.cache.get", side_effect=ConnectionError("down")):
        assert current_policy().link_limit == 5
