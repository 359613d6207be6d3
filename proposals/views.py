"""The council members' area "Für den Rat" on the public site."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.models import Locale, Site

from integration_check.display import assessment_sections
from integration_check.models import ItemRule
from integration_check.progress import Localizer, localize_pages
from integration_check.sites import default_site, site_pages_q

from .models import NONPUBLIC_PERMISSION, Consultation, ProposalPage, can_view_nonpublic


class CouncilAreaView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """Return the proposals of this site's upcoming meetings by body and date, non-public
    ones included, with their assessments and, per check, a tally of their ratings by
    effect. Open to who may read this site's non-public proposals (``can_view_nonpublic``)."""

    permission_required = NONPUBLIC_PERMISSION
    raise_exception = False
    template_name = "proposals/council_area.html"

    @cached_property
    def site(self):
        return Site.find_for_request(self.request) or default_site()

    def has_permission(self):
        return can_view_nonpublic(self.request.user, self.site)

    def handle_no_permission(self):
        if self.request.user.is_authenticated:
            self.raise_exception = True
        return super().handle_no_permission()

    def get_context_data(self, **kwargs):
        today = datetime.date.today()
        locale = Locale.get_active()
        upcoming = (
            Consultation.objects.filter(
                site_pages_q([self.site], prefix="page__"),
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

        overview = check_overview(proposals.values())
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


@dataclass
class CheckOverview:
    """One check's ratings in the proposals shown: per guiding principle where the check
    rates principles, else per goal; ``rows`` are ``(item, Counter by effect)``."""

    check: object
    kind: str
    rows: list = field(default_factory=list)


def check_overview(proposals):
    """Return a :class:`CheckOverview` per check that rated something in ``proposals``, in
    the checks' order, from the rows prefetched with the proposals (no query)."""
    by_check = {}
    for proposal in proposals:
        for section in assessment_sections(proposal):
            check = section.check
            rates_principles = check.principles_rule != ItemRule.NONE
            rows = section.principle_ratings if rates_principles else section.goal_ratings
            if check.pk not in by_check:
                kind = "principles" if rates_principles else "goals"
                by_check[check.pk] = (check, kind, {})
            counts = by_check[check.pk][2]
            for row in rows:
                item = row.item
                if item.pk not in counts:
                    counts[item.pk] = (item, Counter())
                counts[item.pk][1][row.effect] += 1
    overview = []
    for check, kind, counts in sorted(
        by_check.values(), key=lambda entry: (entry[0].sort_order, entry[0].pk)
    ):
        rows = sorted(counts.values(), key=lambda entry: (entry[0].sort_order or 0, entry[0].pk))
        if rows:
            overview.append(CheckOverview(check, kind, rows))
    return overview
