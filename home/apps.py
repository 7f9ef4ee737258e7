from django.apps import AppConfig


class HomeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    verbose_name = "サイト全体"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        user_logged_in.connect(_start_admin_session, dispatch_uid="home.start_admin_session")


def _start_admin_session(sender, request, user, **kwargs):
    from . import signin

    if request is not None and hasattr(request, "session"):
        signin.start(request.session)
