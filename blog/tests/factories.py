"""Factories for pages: they publish through Wagtail's tree like an editor would."""

import datetime

import factory
from wagtail.models import Site

from blog.models import Author, BlogIndexPage, BlogPage


def _publish_under(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Faker("name")
    slug = factory.Sequence(lambda n: f"author-{n}")


class BlogIndexPageFactory(factory.Factory):
    class Meta:
        model = BlogIndexPage

    title = "Blog"
    slug = factory.Sequence(lambda n: f"blog-{n}")

    @classmethod
    def _create(cls, model_class, parent=None, **kwargs):
        parent = parent or Site.objects.get(is_default_site=True).root_page
        return _publish_under(parent, model_class(**kwargs))


class BlogPageFactory(factory.Factory):
    class Meta:
        model = BlogPage

    title = factory.Sequence(lambda n: f"Article number {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    standfirst = factory.Faker("sentence")
    date = factory.LazyFunction(datetime.date.today)
    body = factory.LazyFunction(lambda: [("paragraph", "<p>An argument, made at length.</p>")])

    @classmethod
    def _create(cls, model_class, parent=None, **kwargs):
        parent = parent or BlogIndexPage.objects.first() or BlogIndexPageFactory()
        return _publish_under(parent, model_class(**kwargs))
