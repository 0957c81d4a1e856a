"""The queue's filters, shared by the listing and by "Approve and next"."""

from __future__ import annotations

from django_filters import CharFilter, ChoiceFilter, DateFromToRangeFilter, ModelChoiceFilter
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.models import Page

from comments.desk.permissions import desk_permission_policy
from comments.models import TribuneComment
from comments.moderation.reasons import reason_choices


class CommentFilterSet(WagtailFilterSet):
    article = ModelChoiceFilter(
        label="Article",
        queryset=Page.objects.filter(depth__gt=2).order_by("title"),
        method="filter_article",
    )
    user_name = CharFilter(label="Author", lookup_expr="icontains")
    user_email = CharFilter(label="Email", lookup_expr="iexact")
    submit_date = DateFromToRangeFilter(label="Date", widget=DateRangePickerWidget)
    moderation_reason = ChoiceFilter(label="Reason", choices=reason_choices)

    class Meta:
        model = TribuneComment
        fields = ["article", "user_name", "user_email", "submit_date", "moderation_reason"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        if user is not None:
            # Only the articles whose comments this user moderates: no other page titles.
            pages = desk_permission_policy.instances_user_has_permission_for(user, "moderate")
            page_ids = pages.values_list("object_pk", flat=True).distinct()
            self.filters["article"].queryset = Page.objects.filter(
                pk__in=[int(pk) for pk in page_ids if pk.isdigit()]
            ).order_by("title")

    def filter_article(self, queryset, name, value):
        return queryset.filter(object_pk=str(value.pk)) if value else queryset
