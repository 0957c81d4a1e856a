"""Public comment URLs. xtd's own views and API are not mounted: they bypass Tribune's checks."""

from django.urls import path

from comments import views
from comments.readers import account_views, comment_views

urlpatterns = [
    path("post/", views.post_comment, name="comments-post"),
    path("posted/", views.posted, name="comments-posted"),
    path("reply/<int:comment_id>/", views.reply, name="comments-reply"),
    path("confirm/<str:token>/", views.confirm, name="comments-confirm"),
    path("mute/<str:token>/", views.mute, name="comments-mute"),
    # Any reader, signed in or not, reports with a reason (no login page in the way).
    path("flag/<int:comment_id>/", comment_views.report, name="comments-flag"),
    path("edit/<int:comment_id>/", comment_views.edit, name="comments-edit"),
    path("delete/<int:comment_id>/", comment_views.delete, name="comments-delete"),
    path("me/", comment_views.me, name="comments-me"),
    # A reader's page and their data; guests use an emailed link.
    path("you/", account_views.home, name="readers-home"),
    path("you/unfollow/", account_views.unfollow, name="readers-unfollow"),
    path("you/export/", account_views.export, name="readers-export"),
    path("you/erase/", account_views.erase, name="readers-erase"),
    path("you/delete-account/", account_views.delete_account, name="readers-delete-account"),
    path("your-data/", account_views.guest_request, name="readers-guest-request"),
    path("your-data/<str:token>/", account_views.guest_link, name="readers-guest-link"),
]
