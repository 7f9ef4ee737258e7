# Inquiries, inquiry access and office claims are no longer recorded as references to the
# office's page (wagtail_reference_index_ignore): the page's usage view showed staff that a
# request had come to the desk. The rows indexed before go.

from django.db import migrations


def forget(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ReferenceIndex = apps.get_model("wagtailcore", "ReferenceIndex")
    private = ContentType.objects.filter(
        app_label="inquiries", model__in=["inquiry", "inquiryaccess", "officeclaim"]
    )
    ReferenceIndex.objects.filter(base_content_type__in=private).delete()
    ReferenceIndex.objects.filter(content_type__in=private).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("inquiries", "0008_office_staff_write_news"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forget, migrations.RunPython.noop)]
