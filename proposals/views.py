"""The council members' area "Für den Rat" on the public site."""

import datetime
from collections import Counter, defaultdict

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.models import Locale

from integration_check.models import GuidingPrinciple, Rating
from integration_check.progress import Localizer, localize_pages

from .models import NONPUBLIC_PERMISSION, Consultation, ProposalPage


class CouncilAreaView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """Return the proposals of upcoming meetings by body and date, non-public ones included,
    with their assessments and a tally of ratings per guiding principle."""

    permission_required = NONPUBLIC_PERMISSION
    raise_exception = False
    template_name = "proposals/council_area.html"

    def handle_no_permission(self):
        if self.request.user.is_authenticated:
            self.raise_exception = True
        return super().handle_no_permission()

    def get_context_data(self, **kwargs):
        today = datetime.date.today()
        locale = Locale.get_active()
        upcoming = (
            Consultation.objects.filter(
                meeting_date__gte=today,
                page__live=True,
                page__locale__language_code="de",
            )
            .select_related("body")
            .order_by("meeting_date", "body__sort_order", "sort_order")
        )
        proposal_ids = {c.page_id for c in upcoming}
        proposals = {
            p.pk: p
            for p in ProposalPage.objects.filter(pk__in=proposal_ids).prefetch_related(
                *ProposalPage.display_prefetch()
            )
        }
        localize_pages(list(proposals.values()), locale)
        meetings = defaultdict(list)
        for consultation in upcoming:
            proposal = proposals.get(consultation.page_id)
            if proposal is not None:
                meetings[(consultation.meeting_date, consultation.body)].append(
                    (consultation, proposal)
                )

        tally = defaultdict(Counter)
        for proposal in proposals.values():
            for row in proposal.principle_ratings.all():
                tally[row.principle_id][row.effect] += 1
        principles = GuidingPrinciple.objects.filter(pk__in=tally.keys()).order_by("sort_order")
        overview = [
            {
                "principle": principle,
                "positive": tally[principle.pk][Rating.POSITIVE],
                "neutral": tally[principle.pk][Rating.NEUTRAL],
                "negative": tally[principle.pk][Rating.NEGATIVE],
            }
            for principle in principles
        ]
        return super().get_context_data(
            title=_("Für den Rat"),
            loc=Localizer.for_assessments(list(proposals.values()), locale),
            meetings=[
                {"date": date, "body": body, "items": items}
                for (date, body), items in sorted(
                    meetings.items(), key=lambda item: (item[0][0], item[0][1].sort_order)
                )
            ],
            proposal_count=len(proposals),
            overview=overview,
            **kwargs,
        )
