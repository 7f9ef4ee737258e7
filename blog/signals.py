"""An article lists the offices it features, and each of those offices' pages lists the
article (「この事業所の記事」). Those pages cache what they show (FacilityPage.load_relations)
until their facilities change, so publishing, unpublishing or deleting an article tells the
directory which offices it featured before and after."""

from django.db.models.signals import post_save, pre_delete, pre_save

from wagtail.signals import page_unpublished

from facilities.directory import changed

from .models import BlogPage


def _featured_in_database(page):
    if page.pk is None:
        return set()
    return set(
        BlogPage.facilities.through.objects.filter(blogpage_id=page.pk).values_list(
            "facilitypage_id", flat=True
        )
    )


def _before_save(sender, instance, update_fields=None, **kwargs):
    instance._featured_before = _featured_in_database(instance)


def _after_save(sender, instance, update_fields=None, **kwargs):
    if update_fields is not None or not instance.live:
        return  # a draft saved as a revision, or a page not public: nothing public changed
    # The page's own in-memory list: modelcluster writes it to the database after this.
    now = {facility.pk for facility in instance.facilities.all()}
    featured = getattr(instance, "_featured_before", set()) | now
    if featured:
        changed(featured)


def _unpublished_or_deleted(sender, instance, **kwargs):
    featured = _featured_in_database(instance)
    if featured:
        changed(featured)


def connect():
    pre_save.connect(_before_save, sender=BlogPage, dispatch_uid="blog-featured-before")
    post_save.connect(_after_save, sender=BlogPage, dispatch_uid="blog-featured-after")
    page_unpublished.connect(_unpublished_or_deleted, sender=BlogPage, dispatch_uid="blog-unpub")
    pre_delete.connect(_unpublished_or_deleted, sender=BlogPage, dispatch_uid="blog-delete")
