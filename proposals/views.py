"""The council members' area "Für den Rat" on the public site."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.models import Locale, Site

from integration_check.display import assessment_sections
from integration_check.models import ItemRule
from integration_check.progress import Localizer, localize_pages
from integration_check.sites import default_site, site_pages_q
from integration_check.translation import fallback_lang

from .models import (
    NONPUBLIC_PERMISSION,
    Body,
    Consultation,
    FeedKey,
    ProposalIndexPage,
    ProposalPage,
    can_view_nonpublic,
)


class CouncilMemberMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Open to who may read this site's non-public proposals (``can_view_nonpublic``): the
    login page for a visitor, 403 for a user without the role."""

    permission_required = NONPUBLIC_PERMISSION
    raise_exception = False

    @cached_property
    def site(self):
        return Site.find_for_request(self.request) or default_site()

    def has_permission(self):
        return can_view_nonpublic(self.request.user, self.site)

    def handle_no_permission(self):
        if self.request.user.is_authenticated:
            self.raise_exception = True
        return super().handle_no_permission()


class CouncilAreaView(CouncilMemberMixin, TemplateView):
    """Return the proposals of this site's upcoming meetings by body and date, non-public
    ones included, with their assessments and, per check, a tally of their ratings by
    effect. Open to who may read this site's non-public proposals (``can_view_nonpublic``)."""

    template_name = "proposals/council_area.html"

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


# --- following bodies: their feeds ----------------------------------------------------------


def site_bodies(request, site, key=None):
    """Return the active bodies of ``site`` (source language), each with its name in the
    reader's language (``shown``; ``lang_attrs`` marks German shown for want of a
    translation), the address of the proposals listing filtered by it (``listing_url``)
    and the absolute addresses of its feeds (``rss_url``, ``ical_url``; with a council
    member's ``key`` also ``private_rss_url``, ``private_ical_url``)."""
    locale, default = Locale.get_active(), Locale.get_default()
    bodies = list(
        Body.objects.filter(site=site, locale=default, active=True).order_by("sort_order", "name")
    )
    loc = Localizer(locale, {Body: bodies}, default)
    indexes = ProposalIndexPage.objects.live().filter(site_pages_q([site]))
    index = indexes.filter(locale=locale).first() or indexes.filter(locale=default).first()
    listing = index.get_url(request) if index is not None else None
    for body in bodies:
        body.shown = loc.label(body).name
        body.lang_attrs = fallback_lang(body, loc)
        body.listing_url = f"{listing}?gremium={body.slug}" if listing else None
        body.rss_url = request.build_absolute_uri(reverse("body_rss", args=[body.pk]))
        body.ical_url = request.build_absolute_uri(reverse("body_calendar", args=[body.pk]))
        if key:
            body.private_rss_url = request.build_absolute_uri(
                reverse("body_rss_private", args=[body.pk, key])
            )
            body.private_ical_url = request.build_absolute_uri(
                reverse("body_calendar_private", args=[body.pk, key])
            )
    return bodies


class BodyListView(TemplateView):
    """Return the bodies (Gremien) of this site, each with its proposals and its public
    feeds of upcoming meetings (RSS and calendar)."""

    template_name = "proposals/body_list.html"

    def get_context_data(self, **kwargs):
        site = Site.find_for_request(self.request) or default_site()
        return super().get_context_data(
            title=_("Gremien"), bodies=site_bodies(self.request, site), **kwargs
        )


class CouncilFeedsView(CouncilMemberMixin, TemplateView):
    """Return the council member's page of the bodies' feeds: the public addresses, and the
    member's private key, which adds the non-public proposals. Making a key (``erzeugen``,
    in place of any earlier one) shows its addresses once; ``widerrufen`` deletes it."""

    template_name = "proposals/council_feeds.html"

    def get_context_data(self, key=None, **kwargs):
        current = FeedKey.objects.filter(user=self.request.user, site=self.site).first()
        return super().get_context_data(
            title=_("Gremien abonnieren"),
            bodies=site_bodies(self.request, self.site, key),
            new_key=key,
            feed_key=current,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        action = request.POST.get("aktion")
        if action == "erzeugen":
            key = FeedKey.renew(request.user, self.site)
            response = self.render_to_response(self.get_context_data(key=key))
            # The key is in this page only: no cache keeps it, not even the browser's.
            patch_cache_control(response, private=True, no_store=True)
            return response
        if action == "widerrufen":
            if FeedKey.revoke(request.user, self.site):
                messages.success(
                    request,
                    _("Ihr Schlüssel ist widerrufen: Die privaten Adressen liefern nichts mehr."),
                )
            else:
                messages.info(request, _("Sie hatten keinen Schlüssel."))
        else:
            messages.error(request, _("Unbekannte Aktion; es wurde nichts geändert."))
        return HttpResponseRedirect(reverse("council_feeds"))
