"""An article named by a comment form, and whether it is public, in one query (a comment POST
resolves its target through BlogPage.load_comment_target: comments.targets).

Loading the page and then asking BlogPage.accepts_comments were two queries, and compiling
them cost the POST more than running them. Here the page's own SELECT (Django's, compiled once
per process) carries the view-restriction check as one more column, and the answer is kept on
the page the way accepts_comments keeps its own, so nothing asks again in the request. The
check reads as accepts_comments': a restriction on the page or on any ancestor (the prefixes
of its path, one step at a time), or on the source page of an alias among them.
blog/tests/test_comment_target.py holds the two to the same answers.
"""

from __future__ import annotations

import functools

from django.db import connection
from django.db.models.expressions import RawSQL
from wagtail.models import Page, PageViewRestriction

RESTRICTED = "tribune_restricted"


def load_article(model, object_pk):
    """The article with this key, its public check answered; model.DoesNotExist if none.

    A key that is not a number raises ValueError or ValidationError, as the ORM's get() does.
    """
    key = model._meta.pk.target_field.to_python(object_pk)
    low, high = connection.ops.integer_field_range(model._meta.pk.target_field.get_internal_type())
    if key is None or not low <= key <= high:
        raise model.DoesNotExist
    if connection.vendor != "postgresql":
        # The check reads the path's prefixes with PostgreSQL's generate_series; elsewhere
        # (SQLite, the zero-config default) the page comes alone and accepts_comments asks.
        return model._default_manager.get(pk=key)
    found = list(model._default_manager.raw(_article_sql(model), [key]))
    if not found:
        raise model.DoesNotExist
    article = found[0]
    restricted = getattr(article, RESTRICTED)
    # What accepts_comments would have stored after its own query (it reads this first).
    article._accepts_comments = not restricted
    article._accepts_comments_for = (article.path, article.alias_of_id)
    return article


@functools.cache
def _article_sql(model) -> str:
    """Django's SELECT of one page by key, with the restriction check as a column."""
    quote = connection.ops.quote_name
    page = quote(Page._meta.db_table)
    restriction = quote(PageViewRestriction._meta.db_table)
    path = f"{page}.{quote(Page._meta.get_field('path').column)}"
    restricted_page = quote(PageViewRestriction._meta.get_field("page").column)
    ancestor = "tribune_lineage"
    ancestor_path = f"{ancestor}.{quote(Page._meta.get_field('path').column)}"
    ancestor_id = f"{ancestor}.{quote(Page._meta.pk.column)}"
    ancestor_alias_of = f"{ancestor}.{quote(Page._meta.get_field('alias_of').column)}"
    steplen = Page.steplen
    check = (
        f"EXISTS (SELECT 1 FROM {page} {ancestor} INNER JOIN {restriction}"
        f" ON ({restriction}.{restricted_page} = {ancestor_id}"
        f" OR {restriction}.{restricted_page} = {ancestor_alias_of})"
        f" WHERE {ancestor_path} IN (SELECT substr({path}, 1, step)"
        f" FROM generate_series({steplen}, length({path}), {steplen}) AS step))"
    )
    # Compiled with a stand-in key: its one parameter is the key a call binds.
    query = model._default_manager.filter(pk=0).annotate(**{RESTRICTED: RawSQL(check, ())}).query
    sql, params = query.get_compiler(connection=connection).as_sql()
    if list(params) != [0]:
        raise AssertionError(f"Unexpected parameters in the article query: {params}")
    return sql
