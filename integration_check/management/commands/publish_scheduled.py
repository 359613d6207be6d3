"""``manage.py publish_scheduled`` that holds back assessable pages that may not go live.

Wagtail's command stops at the first page whose publish guard refuses it, so one
page that may not go live (its assessment incomplete, e.g. after the concept gained
a guiding principle, or a problem of its own) would delay every later scheduled
publication. This command first takes such revisions off the schedule and names
them with their reasons, then runs Wagtail's command.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.management.commands.publish_scheduled import Command as WagtailCommand
from wagtail.models import Revision

from integration_check.assessment_models import AssessablePageMixin


class Command(WagtailCommand):
    def handle(self, *args, **options):
        if not options.get("dryrun"):
            self.hold_back_incomplete()
        return super().handle(*args, **options)

    def hold_back_incomplete(self):
        """Unschedule every due revision of an assessable page that may not go live."""
        for revision in Revision.objects.filter(approved_go_live_at__lt=timezone.now()):
            obj = revision.as_object()
            if not isinstance(obj, AssessablePageMixin):
                continue
            refusal = obj.get_publish_refusal()
            if not refusal:
                continue
            revision.approved_go_live_at = None
            revision.save(update_fields=["approved_go_live_at"])
            self.stderr.write(
                _("„%(title)s“ wurde nicht veröffentlicht: %(problems)s")
                % {"title": obj.get_admin_display_title(), "problems": " ".join(refusal)}
            )
