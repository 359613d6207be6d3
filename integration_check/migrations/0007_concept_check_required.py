from django.db import migrations, models
import django.db.models.deletion


class Migration(migrations.Migration):
    dependencies = [("integration_check", "0006_checks_and_pinned_assessments")]

    operations = [
        migrations.AlterField(
            model_name="concept",
            name="assessment_check",
            field=models.ForeignKey(
                help_text="Die Prüfung, deren Maßstab dieses Konzept ist.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="concepts",
                to="integration_check.check",
                verbose_name="Prüfung",
            ),
        ),
    ]
