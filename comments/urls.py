"""Public comment URLs. xtd's own views and API are not mounted: they bypass Tribune's checks."""

from django.urls import path

from comments import views

urlpatterns = [
    path("post/", views.post_comment, name="comments-post"),
    path("posted/", views.posted, name="comments-posted"),
    path("reply/<int:comment_id>/", views.reply, name="comments-reply"),
    path("confirm/<str:token>/", views.confirm, name="comments-confirm"),
    path("mute/<str:token>/", views.mute, name="comments-mute"),
    path("flag/<int:comment_id>/", views.flag, name="comments-flag"),
]
