"""The root collection Wagtail creates is called "Root", which staff read when they upload an
image; the admin does not let anyone rename it."""

from django.db import migrations


def japanese(apps, schema_editor):
    apps.get_model("wagtailcore", "Collection").objects.filter(depth=1, name="Root").update(
        name="共通"
    )


def english(apps, schema_editor):
    apps.get_model("wagtailcore", "Collection").objects.filter(depth=1, name="共通").update(
        name="Root"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0008_office_posts_need_approval"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(japanese, english)]
