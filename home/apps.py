from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Home"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The site links' cache entries are forgotten by signal receivers declared there.
        from home import site_links  # noqa: F401
