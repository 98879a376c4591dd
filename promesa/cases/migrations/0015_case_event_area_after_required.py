"""Every case event has an area after it, now that migration 0014 filled the column."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0014_case_events_typed_payloads"),
        ("organization", "0003_internal_service_levels"),
    ]

    operations = [
        migrations.AlterField(
            model_name="caseevent",
            name="area_after",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="case_events",
                to="organization.area",
                verbose_name="area after",
            ),
        ),
    ]
