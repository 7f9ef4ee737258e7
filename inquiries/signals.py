"""What other apps' changes mean for office staff: the operator's choice to require approval
before staff changes go live takes or gives back their groups' right to publish."""

from django.db.models.signals import post_save


def _office_publishing(sender, instance, **kwargs):
    from .claims import sync_office_publishing

    sync_office_publishing(instance.office_posts_need_approval)


def connect():
    from home.models import SiteSettings

    post_save.connect(_office_publishing, sender=SiteSettings, dispatch_uid="office_publishing")
    from . import accounts  # noqa: F401 (its receivers: office addresses follow email changes)
