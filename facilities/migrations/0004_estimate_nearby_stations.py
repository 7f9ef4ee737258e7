from django.db import migrations


def estimate(apps, schema_editor):
    from facilities.opendata.estimates import refresh_all

    refresh_all(apps.get_model("facilities", "FacilityPage"), apps.get_model("facilities", "NearbyStation"))


class Migration(migrations.Migration):
    dependencies = [("facilities", "0003_nearby_stations")]

    operations = [migrations.RunPython(estimate, migrations.RunPython.noop)]
