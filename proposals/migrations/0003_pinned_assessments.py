"""Each proposal's summary moves into its assessment of the integration check, pinned to
the concept in force on the proposal's date; revisions (drafts, workflow history) too."""

from django.db import migrations

from integration_check.migration_helpers import pin_assessments


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0002_search_index_title_body"),
        ("integration_check", "0007_concept_check_required"),
    ]

    operations = [
        migrations.RunPython(
            pin_assessments("proposals", "ProposalPage", "date"), migrations.RunPython.noop
        ),
    ]
