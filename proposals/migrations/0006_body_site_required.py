# A body's site is required; its slug is unique per site and language.

import django.db.models.deletion
from django.db import migrations, models

import integration_check.sites


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0005_bodies_per_site"),
    ]

    operations = [
        migrations.AlterField(
            model_name="body",
            name="site",
            field=models.ForeignKey(
                default=integration_check.sites.default_site_id,
                help_text="Die Gemeinde (Website), zu deren Rat das Gremium gehört.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="bodies",
                to="wagtailcore.site",
                verbose_name="Website",
            ),
        ),
        migrations.AddConstraint(
            model_name="body",
            constraint=models.UniqueConstraint(
                fields=("site", "slug", "locale"), name="unique_body_slug_per_site_and_locale"
            ),
        ),
    ]
