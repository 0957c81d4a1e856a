"""The site the reading-experience browser tests look at: the demo content, its reference
article with a 50-comment discussion three replies deep, and an article with a picture."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from blog.demo import DEMO_FILE
from blog.models import BlogPage
from blog.tests.factories import BlogPageFactory
from comments.models import Status
from comments.tests.factories import CommentFactory

NAMES = ["Urs", "Vreni", "Amira Haddad", "Tomás", "Li Wei", "Grace O'Neill", "Jonas", "Fatou"]
WORDS = (
    "The militias named in the report answer to commanders outside Syria, and the evidence "
    "for that is stronger than the article suggests. "
)


def _deep_thread(article) -> int:
    """Ten threads of replies three levels deep: 50 comments, with a staff answer, an edit by
    a moderator and a removed comment whose replies stay."""
    start = timezone.now() - timedelta(days=2)
    made = 0

    def comment(parent=None, **extra):
        nonlocal made
        made += 1
        return CommentFactory(
            content_object=article,
            parent=parent,
            user_name=NAMES[made % len(NAMES)],
            user_email=f"reader{made % len(NAMES)}@example.com",
            comment=WORDS * (1 + made % 3),
            submit_date=start + timedelta(minutes=7 * made),
            **extra,
        )

    for thread in range(10):
        top = comment(status=Status.REMOVED) if thread == 3 else comment()
        first = comment(top, is_staff_reply=thread == 1)
        second = comment(first, redacted_at=timezone.now() if thread == 2 else None)
        comment(second)
        comment(top)
    return made


@pytest.fixture
def reading_site():
    """The demo site, its reference article with a 50-comment thread, and an article with an
    image so that the home page's lead has one."""
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    call_command("load_demo", verbosity=0)
    reference = BlogPage.objects.get(slug=json.loads(DEMO_FILE.read_text())["articles"][0]["slug"])
    blog = reference.get_parent()
    image = Image.objects.create(
        title="Harbour", file=get_test_image_file(colour="#2f5d7c", size=(1200, 675))
    )
    lead = BlogPageFactory(
        parent=blog,
        title="Night trains return to the Alps",
        image=image,
        standfirst="Sleeper services are back, and readers have views on the timetable.",
    )
    lead.save_revision().publish()
    assert _deep_thread(reference) == 50
    return {"home": "/", "blog-index": "/blog/", "article": reference.url}
