"""Rows Wagtail creates with English names that staff read: the tree's root page, the
default moderation workflow and its task (shown as 「Moderators approvalに提出する」) and the
two default groups."""

from django.db import migrations

NAMES = [
    ("wagtailcore", "Page", {"depth": 1, "title": "Root"}, {"title": "ルート", "draft_title": "ルート"}),
    ("wagtailcore", "Workflow", {"name": "Moderators approval"}, {"name": "承認"}),
    ("wagtailcore", "Task", {"name": "Moderators approval"}, {"name": "承認者による確認"}),
    ("auth", "Group", {"name": "Moderators"}, {"name": "承認者"}),
    ("auth", "Group", {"name": "Editors"}, {"name": "編集者"}),
]


def japanese(apps, schema_editor):
    for app, model, where, values in NAMES:
        apps.get_model(app, model).objects.filter(**where).update(**values)


def english(apps, schema_editor):
    for app, model, where, values in NAMES:
        restored = {key: where.get(key, where.get("title")) for key in values}
        apps.get_model(app, model).objects.filter(**values).update(**restored)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0004_password_reset_requests"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(japanese, english)]
