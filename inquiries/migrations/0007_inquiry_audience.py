# Who each inquiry's writer was told would read it, fixed when it was sent.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# What the staff notice of a desk-routed inquiry said (inquiries.notifications before 0007).
DESK_MARKER = "相談窓口から事業所に連絡し"


def audience_from_the_mails(apps, schema_editor):
    """Office only where the staff notice went to the office's own address; the desk, which
    reads fewer, wherever the mails do not tell (general requests, anonymised ones)."""
    Inquiry = apps.get_model("inquiries", "Inquiry")
    OutboxMessage = apps.get_model("inquiries", "OutboxMessage")
    notices = OutboxMessage.objects.filter(purpose="staff").exclude(body="")
    to_office = notices.exclude(body__contains=DESK_MARKER).values("inquiry_id")
    to_desk = notices.filter(body__contains=DESK_MARKER).values("inquiry_id")
    Inquiry.objects.filter(pk__in=to_office, facility__isnull=False).exclude(
        pk__in=to_desk
    ).update(audience="office")


class Migration(migrations.Migration):
    dependencies = [
        ("inquiries", "0006_outbox_message_id"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="inquiry",
            name="audience",
            field=models.CharField(
                choices=[("office", "事業所の職員"), ("desk", "相談窓口")],
                default="desk",
                editable=False,
                max_length=10,
                verbose_name="読む人（送信したときの約束）",
            ),
        ),
        migrations.AddField(
            model_name="inquiry",
            name="handed_on_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="事業所に引き継いだ日時"
            ),
        ),
        migrations.AddField(
            model_name="inquiry",
            name="handed_on_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="引き継いだ人",
            ),
        ),
        migrations.AddField(
            model_name="inquiry",
            name="health_shared",
            field=models.BooleanField(
                default=False,
                editable=False,
                verbose_name="体調や障害の内容を事業所に伝えることへの同意",
            ),
        ),
        migrations.AddField(
            model_name="inquiry",
            name="handover_note",
            field=models.TextField(
                blank=True, editable=False, verbose_name="事業所への引き継ぎメモ"
            ),
        ),
        migrations.RunPython(audience_from_the_mails, migrations.RunPython.noop),
    ]
