# The site (town) a group acts for. Every group there is acts for the default site: before,
# the installation served one town, and its groups keep what they could do.

import django.db.models.deletion
from django.db import migrations, models

from integration_check.migration_helpers import migration_default_site


def bind_groups_to_default_site(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    GroupSite = apps.get_model("home", "GroupSite")
    groups = Group.objects.filter(site_binding__isnull=True)
    if not groups.exists():
        return
    site = migration_default_site(apps)
    if site is None:
        return
    GroupSite.objects.bulk_create([GroupSite(group=group, site=site) for group in groups])


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("home", "0003_content_page"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.CreateModel(
            name="GroupSite",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "group",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="site_binding",
                        to="auth.group",
                        verbose_name="Gruppe",
                    ),
                ),
                (
                    "site",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="group_bindings",
                        to="wagtailcore.site",
                        verbose_name="Website",
                    ),
                ),
            ],
            options={
                "verbose_name": "Website einer Gruppe",
                "verbose_name_plural": "Websites der Gruppen",
            },
        ),
        migrations.RunPython(bind_groups_to_default_site, migrations.RunPython.noop),
    ]
