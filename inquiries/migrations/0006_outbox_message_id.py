# Each mail gets a Message-ID of its own, kept for every attempt, and a count of the sends
# that were interrupted and made again.

from django.db import migrations, models

import inquiries.models


def give_each_mail_its_own_id(apps, schema_editor):
    """One new Message-ID per existing row (a field default would give them all the same)."""
    OutboxMessage = apps.get_model("inquiries", "OutboxMessage")
    new_id = inquiries.models.new_message_id
    batch = []
    for message in OutboxMessage.objects.only("pk").iterator(chunk_size=1000):
        message.message_id = new_id()
        batch.append(message)
        if len(batch) == 1000:
            OutboxMessage.objects.bulk_update(batch, ["message_id"])
            batch = []
    OutboxMessage.objects.bulk_update(batch, ["message_id"])


class Migration(migrations.Migration):
    dependencies = [
        ("inquiries", "0005_fact_reminders"),
    ]

    operations = [
        migrations.AddField(
            model_name="outboxmessage",
            name="interrupted",
            field=models.PositiveSmallIntegerField(
                default=0, verbose_name="途中で止まって送り直した回数"
            ),
        ),
        migrations.AddField(
            model_name="outboxmessage",
            name="message_id",
            field=models.CharField(
                editable=False, max_length=255, null=True, verbose_name="Message-ID"
            ),
        ),
        migrations.RunPython(give_each_mail_its_own_id, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="outboxmessage",
            name="message_id",
            field=models.CharField(
                default=inquiries.models.new_message_id,
                editable=False,
                max_length=255,
                unique=True,
                verbose_name="Message-ID",
            ),
        ),
    ]
