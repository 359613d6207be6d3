# A check's site is required; a check's slug is unique per site, a concept's per check and
# language (per site: see Concept.clean).

import django.db.models.deletion
from django.db import migrations, models

import integration_check.sites


class Migration(migrations.Migration):
    dependencies = [
        ("integration_check", "0009_checks_per_site"),
    ]

    operations = [
        migrations.AlterField(
            model_name="check",
            name="site",
            field=models.ForeignKey(
                default=integration_check.sites.default_site_id,
                help_text="Die Gemeinde (Website), deren Vorlagen diese Prüfung durchlaufen.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="assessment_checks",
                to="wagtailcore.site",
                verbose_name="Website",
            ),
        ),
        migrations.AlterField(
            model_name="check",
            name="slug",
            field=models.SlugField(
                help_text="Innerhalb der Website eindeutige Kennung, z. B. „integration“; "
                "Import und Export nutzen sie.",
                verbose_name="Kennung",
            ),
        ),
        migrations.AddConstraint(
            model_name="check",
            constraint=models.UniqueConstraint(
                fields=("site", "slug"), name="unique_check_slug_per_site"
            ),
        ),
        migrations.AddConstraint(
            model_name="concept",
            constraint=models.UniqueConstraint(
                fields=("assessment_check", "slug", "locale"),
                name="unique_concept_slug_per_check_and_locale",
            ),
        ),
    ]
