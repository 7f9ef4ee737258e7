from django.apps import AppConfig


class InquiriesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "inquiries"
    verbose_name = "お問い合わせ"

    def ready(self):
        from . import signals

        signals.connect()
