# Every body belongs to a site (town): existing bodies go to the default site. The next
# migration makes the site required (apart, for PostgreSQL: no schema change after the update).

import django.db.models.deletion
from django.db import migrations, models

from integration_check.migration_helpers import assign_default_site


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_create_homepage"),
        ("proposals", "0004_remove_assessment_summary"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="body",
            name="unique_body_slug_per_locale",
        ),
        migrations.AddField(
            model_name="body",
            name="site",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="bodies",
                to="wagtailcore.site",
                verbose_name="Website",
            ),
        ),
        migrations.RunPython(assign_default_site("proposals", "Body"), migrations.RunPython.noop),
    ]
