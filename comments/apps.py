from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Comments"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import pre_save
        from django_comments_xtd.models import publish_or_unpublish_on_pre_save

        # xtd hides a comment's whole subtree whenever the comment is saved unpublished;
        # Tribune keeps approved replies visible and changes visibility explicitly instead.
        pre_save.disconnect(publish_or_unpublish_on_pre_save, sender="comments.TribuneComment")

        from django.contrib.auth.signals import user_logged_out

        # The desk alerts moderators when a comment is held (comments.signals.comment_held).
        from comments.desk import alerts  # noqa: F401
        from comments.own_comments import mark_signed_out

        # A guest's list of their own comments ends with the session (comments.own_comments).
        user_logged_out.connect(mark_signed_out, dispatch_uid="tribune-own-comments-signed-out")
