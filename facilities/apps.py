from django.apps import AppConfig


class FacilitiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "facilities"
    verbose_name = "事業所"

    def ready(self):
        from .directory import indexing
        from .opendata import estimates

        estimates.connect()
        indexing.connect()
