"""Factories for comments, stored through the same threading code the site uses."""

import factory
from django.utils import timezone

from blog.tests.factories import BlogPageFactory
from comments.models import Status, TribuneComment
from comments.sanitizer import sanitize
from comments.threads import insert_comment
from comments.transitions import comment_set_initial_status


class CommentFactory(factory.Factory):
    """A published comment; pass parent=<comment> for a reply."""

    class Meta:
        model = TribuneComment

    content_object = factory.LazyFunction(BlogPageFactory)
    site_id = 1
    user_name = factory.Faker("first_name")
    user_email = factory.Faker("email")
    comment = factory.Faker("paragraph")
    comment_html = factory.LazyAttribute(lambda c: sanitize(c.comment))
    submit_date = factory.LazyFunction(timezone.now)
    status = Status.APPROVED
    email_confirmed = True

    @classmethod
    def _create(cls, model_class, parent=None, status=Status.APPROVED, **kwargs):
        if parent is not None:
            kwargs["content_object"] = parent.content_object
        comment = comment_set_initial_status(model_class(**kwargs), status=status)
        return insert_comment(comment, parent)
