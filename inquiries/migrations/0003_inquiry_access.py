"""Who may read an office's inquiries moves out of the facility page (FacilityStaff, page
content) into InquiryAccess, which only the operator changes. The published assignments move;
an assignment that exists only in a draft or an old revision does not, so no draft can grant
access any more."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def move_assignments(apps, schema_editor):
    FacilityStaff = apps.get_model("inquiries", "FacilityStaff")
    InquiryAccess = apps.get_model("inquiries", "InquiryAccess")
    InquiryAccess.objects.bulk_create(
        [
            InquiryAccess(facility_id=row.facility_id, user_id=row.user_id)
            for row in FacilityStaff.objects.all()
        ],
        ignore_conflicts=True,
    )


def move_back(apps, schema_editor):
    FacilityStaff = apps.get_model("inquiries", "FacilityStaff")
    InquiryAccess = apps.get_model("inquiries", "InquiryAccess")
    FacilityStaff.objects.bulk_create(
        [
            FacilityStaff(facility_id=row.facility_id, user_id=row.user_id)
            for row in InquiryAccess.objects.all()
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):

    dependencies = [
        ('facilities', '0004_estimate_nearby_stations'),
        ('inquiries', '0002_claims_contact_key_and_log'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='InquiryAccess',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('granted_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='許可した日時')),
                ('facility', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='inquiry_access', to='facilities.facilitypage', verbose_name='事業所')),
                ('granted_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='許可した人')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='inquiry_access', to=settings.AUTH_USER_MODEL, verbose_name='職員のアカウント')),
            ],
            options={
                'verbose_name': 'お問い合わせの閲覧許可',
                'verbose_name_plural': 'お問い合わせの閲覧許可',
                'ordering': ['facility__title', 'user__username'],
            },
        ),
        migrations.RunPython(move_assignments, move_back),
        migrations.DeleteModel(
            name='FacilityStaff',
        ),
        migrations.AddConstraint(
            model_name='inquiryaccess',
            constraint=models.UniqueConstraint(fields=('facility', 'user'), name='one_access_per_office', violation_error_message='この職員は、この事業所のお問い合わせをすでに読めます。'),
        ),
    ]
