"""What the endpoint serves of a town: querysets of the public objects and of the deleted ones.

Every queryset is annotated with ``o_created`` and ``o_modified`` (the OParl ``created``
and ``modified``), so that the list filters run in the database, and ordered by the
object's id. Public means what an anonymous visitor reads: a live proposal of the site
in the source language, public in every language (``proposals.models.visible_proposals``
without a user) and outside any section with a view restriction. Nobody's login widens
it: the endpoint serves the public view only.
"""

from django.db.models import Count, Exists, F, Max, Min, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from wagtail.models import Locale

from home.towns import site_pages_q
from proposals.models import Body, Consultation, ProposalAttachment, ProposalPage, visible_proposals

from .models import ObjectRecord

Kind = ObjectRecord.Kind


class Town:
    """The public objects of one site, built once per request."""

    def __init__(self, site):
        self.site = site
        self.locale = Locale.get_default()
        self._papers = None

    # --- live objects -------------------------------------------------------------

    def papers(self):
        if self._papers is None:
            qs = visible_proposals(None, ProposalPage.objects.live().public())
            self._papers = (
                qs.filter(locale=self.locale)
                .filter(site_pages_q([self.site.pk]))
                .annotate(
                    o_created=Coalesce("first_published_at", "last_published_at"),
                    o_modified=Coalesce("last_published_at", "first_published_at"),
                )
                .order_by("pk")
            )
        return self._papers

    def paper_ids(self):
        return self.papers().values("pk")

    def consultations(self):
        return (
            Consultation.objects.filter(page_id__in=self.paper_ids())
            .annotate(
                o_created=Coalesce("page__first_published_at", "page__last_published_at"),
                o_modified=Coalesce("page__last_published_at", "page__first_published_at"),
            )
            .order_by("pk")
        )

    def agenda_items(self):
        """Consultations with a meeting date, each with its ``position`` in the meeting
        (1, 2, … by the consultations' ids)."""
        earlier = (
            Consultation.objects.filter(
                page_id__in=self.paper_ids(),
                body_id=OuterRef("body_id"),
                meeting_date=OuterRef("meeting_date"),
                pk__lte=OuterRef("pk"),
            )
            .order_by()
            .values("body_id")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            self.consultations()
            .filter(meeting_date__isnull=False)
            .annotate(position=Subquery(earlier))
        )

    def meetings(self):
        """One row per body and meeting date: ``body_id``, ``meeting_date``, the times."""
        return (
            Consultation.objects.filter(page_id__in=self.paper_ids(), meeting_date__isnull=False)
            .order_by()
            .values("body_id", "meeting_date")
            .annotate(
                o_created=Min(Coalesce("page__first_published_at", "page__last_published_at")),
                latest=Max(Coalesce("page__last_published_at", "page__first_published_at")),
                # A paper that left the meeting changed it too (its agenda items).
                left=Subquery(
                    ObjectRecord.objects.filter(
                        site=self.site,
                        kind=Kind.MEETING,
                        body_id=OuterRef("body_id"),
                        meeting_date=OuterRef("meeting_date"),
                        deleted=True,
                    )
                    .order_by()
                    .values("body_id")
                    .annotate(last=Max("modified"))
                    .values("last")
                ),
            )
            .annotate(o_modified=Greatest("latest", Coalesce("left", "latest")))
            .order_by("body_id", "meeting_date")
        )

    def files(self):
        return (
            ProposalAttachment.objects.filter(page_id__in=self.paper_ids())
            .select_related("document")
            .annotate(
                o_created=Coalesce("page__first_published_at", "page__last_published_at"),
                o_modified=Coalesce("page__last_published_at", "page__first_published_at"),
            )
            .order_by("pk")
        )

    def organizations(self):
        ensure_body_records(self.site, self.locale)
        records = ObjectRecord.objects.filter(
            site=self.site, kind=Kind.ORGANIZATION, object_id=OuterRef("pk")
        )
        return (
            Body.objects.filter(site=self.site, locale=self.locale)
            .annotate(
                o_created=Subquery(records.values("created")[:1]),
                o_modified=Subquery(records.values("modified")[:1]),
            )
            .order_by("pk")
        )

    def live(self, kind):
        return {
            Kind.PAPER: self.papers,
            Kind.CONSULTATION: self.consultations,
            Kind.AGENDA_ITEM: self.agenda_items,
            Kind.FILE: self.files,
            Kind.MEETING: self.meetings,
            Kind.ORGANIZATION: self.organizations,
        }[kind]()

    # --- deleted objects ----------------------------------------------------------

    def deleted(self, kind):
        """The records of objects of ``kind`` that were public here and are no longer."""
        records = ObjectRecord.objects.filter(site=self.site, kind=kind)
        if kind == Kind.MEETING:
            alive = Consultation.objects.filter(
                page_id__in=self.paper_ids(),
                body_id=OuterRef("body_id"),
                meeting_date=OuterRef("meeting_date"),
            )
            return (
                records.filter(~Exists(alive))
                .order_by()
                .values("body_id", "meeting_date")
                .annotate(o_created=Min("created"), o_modified=Max("modified"))
                .order_by("body_id", "meeting_date")
            )
        alive = self.live(kind).filter(pk=OuterRef("object_id"))
        return (
            records.filter(~Exists(alive))
            .annotate(o_created=F("created"), o_modified=F("modified"))
            .order_by("object_id")
        )


def site_record(site):
    """The record of the site as OParl Body (and System): its creation time, at the
    latest when the endpoint is first asked."""
    root = site.root_page
    created = root.first_published_at or root.latest_revision_created_at or timezone.now()
    record, _created = ObjectRecord.objects.get_or_create(
        site=site,
        kind=Kind.BODY,
        object_id=site.pk,
        defaults={"created": created, "modified": created},
    )
    changed = root.last_published_at
    if changed is not None and changed > record.modified:
        record.modified = changed
    return record


def ensure_body_records(site, locale):
    """Give every body of ``site`` a record with its times (bodies keep none themselves)."""
    known = ObjectRecord.objects.filter(site=site, kind=Kind.ORGANIZATION).values("object_id")
    missing = Body.objects.filter(site=site, locale=locale).exclude(pk__in=known)
    now = timezone.now()
    ObjectRecord.objects.bulk_create(
        [
            ObjectRecord(site=site, kind=Kind.ORGANIZATION, object_id=pk, created=now, modified=now)
            for pk in missing.values_list("pk", flat=True)
        ]
    )
