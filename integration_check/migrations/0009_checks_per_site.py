# Every check belongs to a site (town): existing checks go to the default site. The next
# migration makes the site required (apart, for PostgreSQL: no schema change after the update).

import django.db.models.deletion
from django.db import migrations, models

from integration_check.migration_helpers import assign_default_site


class Migration(migrations.Migration):
    dependencies = [
        ("integration_check", "0008_rating_help_texts"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="concept",
            name="unique_concept_slug_per_locale",
        ),
        migrations.AddField(
            model_name="check",
            name="site",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="assessment_checks",
                to="wagtailcore.site",
                verbose_name="Website",
            ),
        ),
        migrations.RunPython(
            assign_default_site("integration_check", "Check"), migrations.RunPython.noop
        ),
    ]
