# Office staff write their office's news as articles under its page: their groups may add
# pages there (they could already edit and publish it).

from django.db import migrations

OFFICE_GROUP_PREFIX = "事業所の職員："


def allow_adding(apps, schema_editor):
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Permission = apps.get_model("auth", "Permission")
    add = Permission.objects.filter(content_type__app_label="wagtailcore", codename="add_page")
    if not add.exists():
        return
    add = add.get()
    edits = GroupPagePermission.objects.filter(
        group__name__startswith=OFFICE_GROUP_PREFIX, permission__codename="change_page"
    )
    have = set(
        GroupPagePermission.objects.filter(permission=add).values_list("group_id", "page_id")
    )
    GroupPagePermission.objects.bulk_create(
        GroupPagePermission(group_id=group_id, page_id=page_id, permission=add)
        for group_id, page_id in set(edits.values_list("group_id", "page_id")) - have
    )


class Migration(migrations.Migration):
    dependencies = [
        ("inquiries", "0007_inquiry_audience"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(allow_adding, migrations.RunPython.noop)]
