from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("proposals", "0003_pinned_assessments")]

    operations = [
        migrations.RemoveField(model_name="proposalpage", name="assessment_summary"),
    ]
