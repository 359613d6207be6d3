"""The OParl 1.1 objects of a town, as dicts ready for JSON.

Rules of the specification kept here: every object has ``id``, ``type``, ``created`` and
``modified``; no value is ``null`` and no optional list or string is empty (left out
instead); URLs are absolute, on the site's own address (``Site.root_url``).
"""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from integration_check.concept_page import ConceptPage
from integration_check.display import assessment_sections

from .queries import site_record
from .types import SCHEMA_1_1, type_url

#: The prefix of the project's own properties (spec: "Herstellerspezifische Erweiterungen").
VENDOR_PREFIX = "integrationscheck"
ASSESSMENTS = f"{VENDOR_PREFIX}:assessments"


def stamp(value):
    """A date-time as OParl writes it: ``2024-01-31T12:00:00+01:00``."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat()


def meeting_key(body_id, meeting_date):
    return f"{body_id}-{meeting_date.isoformat()}"


def compact(data):
    """Drop ``None``, empty strings and empty lists (the spec asks not to send them)."""
    return {key: value for key, value in data.items() if value not in (None, "", [])}


class Context:
    """What building a town's objects needs: its site, address and request."""

    def __init__(self, request, town, omit_internal=False):
        self.request = request
        self.town = town
        self.site = town.site
        self.root = town.site.root_url.rstrip("/")
        self.omit_internal = omit_internal
        self._concept_urls = {}

    def url(self, name, *args):
        return self.root + reverse(f"oparl:{name}", args=args)

    def absolute(self, path):
        if not path:
            return None
        return path if "://" in path else self.root + path

    @cached_property
    def record(self):
        return site_record(self.site)

    def body_url(self):
        return self.url("body", self.site.pk)

    # --- tombstones ---------------------------------------------------------------

    def deleted(self, name, object_type, key, created, modified, **extra):
        return {
            "id": self.url(name, key),
            "type": type_url(object_type),
            **extra,
            "created": stamp(created or modified),
            "modified": stamp(modified),
            "deleted": True,
        }

    # --- system and body ----------------------------------------------------------

    def system(self):
        return compact(
            {
                "id": self.url("system"),
                "type": type_url("System"),
                "oparlVersion": SCHEMA_1_1,
                "body": self.url("body_list"),
                "name": self.system_name(),
                "website": self.root + "/",
                "created": stamp(self.record.created),
                "modified": stamp(self.record.modified),
                "web": self.root + "/",
            }
        )

    def system_name(self):
        from home.models import TownSettings

        return TownSettings.for_site(self.site).display_title

    def town_name(self):
        from home.models import TownSettings

        return TownSettings.for_site(self.site).display_town

    def body(self):
        pk = self.site.pk
        return compact(
            {
                "id": self.body_url(),
                "type": type_url("Body"),
                "system": self.url("system"),
                "name": self.town_name(),
                "website": self.root + "/",
                "organization": self.url("body_organization", pk),
                "person": self.url("body_person", pk),
                "meeting": self.url("body_meeting", pk),
                "paper": self.url("body_paper", pk),
                "legislativeTerm": [],
                "agendaItem": self.url("body_agendaItem", pk),
                "consultation": self.url("body_consultation", pk),
                "file": self.url("body_file", pk),
                "legislativeTermList": self.url("body_legislativeTerm", pk),
                "membership": self.url("body_membership", pk),
                "created": stamp(self.record.created),
                "modified": stamp(self.record.modified),
                "web": self.root + "/",
            }
        ) | {"legislativeTerm": []}

    # --- organizations ------------------------------------------------------------

    def organizations(self, bodies):
        return [self.organization(body) for body in bodies]

    def organization(self, body):
        return compact(
            {
                "id": self.url("organization", body.pk),
                "type": type_url("Organization"),
                "body": self.body_url(),
                "name": body.name,
                "shortName": body.short_name,
                "organizationType": "Gremium",
                "classification": str(body.get_kind_display()),
                "created": stamp(body.o_created),
                "modified": stamp(body.o_modified),
            }
        )

    # --- meetings and agenda items ------------------------------------------------

    def meetings(self, rows):
        """Meetings from ``Town.meetings()`` rows, each with its agenda items."""
        from proposals.models import Body

        rows = list(rows)
        bodies = Body.objects.in_bulk({row["body_id"] for row in rows})
        items = {}
        if rows and not self.omit_internal:
            dates = {row["meeting_date"] for row in rows}
            body_ids = {row["body_id"] for row in rows}
            queryset = (
                self.town.agenda_items()
                .filter(meeting_date__in=dates, body_id__in=body_ids)
                .select_related("page")
                .order_by("position", "pk")
            )
            for consultation in queryset:
                key = (consultation.body_id, consultation.meeting_date)
                items.setdefault(key, []).append(consultation)
        return [
            self.meeting(
                row,
                bodies.get(row["body_id"]),
                items.get((row["body_id"], row["meeting_date"]), []),
            )
            for row in rows
        ]

    def meeting(self, row, body, items):
        key = meeting_key(row["body_id"], row["meeting_date"])
        name = None
        if body is not None:
            name = _("%(body)s, Sitzung am %(date)s") % {
                "body": body.name,
                "date": row["meeting_date"].strftime("%d.%m.%Y"),
            }
        return compact(
            {
                "id": self.url("meeting", key),
                "type": type_url("Meeting"),
                "name": name,
                "organization": [self.url("organization", row["body_id"])],
                "agendaItem": [self.agenda_item(item, embedded=True) for item in items],
                "created": stamp(row["o_created"]),
                "modified": stamp(row["o_modified"]),
            }
        )

    def agenda_items(self, consultations):
        return [self.agenda_item(c) for c in consultations]

    def agenda_item(self, consultation, embedded=False):
        page = consultation.page
        return compact(
            {
                "id": self.url("agendaItem", consultation.pk),
                "type": type_url("AgendaItem"),
                "meeting": self.url(
                    "meeting", meeting_key(consultation.body_id, consultation.meeting_date)
                ),
                "order": consultation.position,
                "name": page.title,
                "public": True,
                "consultation": self.url("consultation", consultation.pk),
                "result": str(consultation.get_result_display()),
                "created": stamp(consultation.o_created),
                "modified": stamp(consultation.o_modified),
                "web": self.absolute(page.get_url(self.request)),
            }
        )

    # --- consultations ------------------------------------------------------------

    def consultations(self, consultations):
        return [self.consultation(c) for c in consultations]

    def consultation(self, consultation, created=None, modified=None):
        from proposals.models import Consultation

        has_meeting = consultation.meeting_date is not None
        return compact(
            {
                "id": self.url("consultation", consultation.pk),
                "type": type_url("Consultation"),
                "paper": self.url("paper", consultation.page_id),
                "agendaItem": self.url("agendaItem", consultation.pk) if has_meeting else None,
                "meeting": self.url(
                    "meeting", meeting_key(consultation.body_id, consultation.meeting_date)
                )
                if has_meeting
                else None,
                "organization": [self.url("organization", consultation.body_id)],
                "authoritative": consultation.role == Consultation.Role.DECISION,
                "role": str(consultation.get_role_display()),
                "created": stamp(created or consultation.o_created),
                "modified": stamp(modified or consultation.o_modified),
            }
        )

    # --- files --------------------------------------------------------------------

    def files(self, attachments):
        return [self.file(a) for a in attachments]

    def file(self, attachment, created=None, modified=None):
        document = attachment.document
        url = self.absolute(document.url)
        try:
            size = document.get_file_size()
        except OSError:
            size = None
        return compact(
            {
                "id": self.url("file", attachment.pk),
                "type": type_url("File"),
                "name": attachment.display_title,
                "fileName": document.filename,
                "mimeType": document.content_type,
                "size": size,
                "accessUrl": url,
                # Wagtail's document route answers "attachment" except for the inline
                # types (PDF): a download URL only where it does.
                "downloadUrl": url if document.content_disposition != "inline" else None,
                "paper": [self.url("paper", attachment.page_id)],
                "created": stamp(created or attachment.o_created),
                "modified": stamp(modified or attachment.o_modified),
            }
        )

    # --- papers -------------------------------------------------------------------

    def papers(self, pages):
        pages = list(pages)
        self._load_concept_urls(pages)
        return [self.paper(page) for page in pages]

    def paper(self, page):
        created, modified = page.o_created, page.o_modified
        consultations = [self.consultation(c, created, modified) for c in page.consultations.all()]
        files = (
            []
            if self.omit_internal
            else [self.file(a, created, modified) for a in page.attachments.all()]
        )
        return compact(
            {
                "id": self.url("paper", page.pk),
                "type": type_url("Paper"),
                "body": self.body_url(),
                "name": page.title,
                "reference": page.reference,
                "date": stamp(page.date),
                "paperType": str(page.get_kind_display()),
                "auxiliaryFile": files,
                "consultation": consultations,
                "created": stamp(created),
                "modified": stamp(modified),
                "web": self.absolute(page.get_url(self.request)),
                ASSESSMENTS: self.assessments(page),
            }
        )

    def _load_concept_urls(self, pages):
        ids = {
            assessment.concept_id
            for page in pages
            for assessment in page.assessments.all()
            if assessment.concept_id
        } - set(self._concept_urls)
        if not ids:
            return
        concept_pages = (
            ConceptPage.objects.live()
            .public()
            .filter(concept_id__in=ids)
            .filter(path__startswith=self.site.root_page.path)
            .order_by("pk")
        )
        for concept_page in concept_pages:
            url = concept_page.get_url(self.request)
            if url:
                self._concept_urls.setdefault(concept_page.concept_id, self.absolute(url))

    def assessments(self, page):
        """What the proposal's public page shows of each check's assessment (see
        ``docs/oparl.md``)."""
        result = []
        for section in assessment_sections(page):
            check, concept = section.check, section.concept
            entry = {"check": check.slug, "name": check.name}
            if concept is not None:
                entry["concept"] = compact(
                    {
                        "title": concept.title,
                        "web": self._concept_urls.get(concept.pk),
                    }
                )
            if section.not_relevant:
                entry["notRelevant"] = True
                entry["notRelevantReason"] = section.assessment.not_relevant_reason
            else:
                entry["summary"] = section.assessment.summary
                entry["rating"] = [
                    self._rating("principle", row) for row in section.principle_ratings
                ] + [self._rating("goal", row) for row in section.goal_ratings]
            entry["measure"] = [
                {"number": row.measure.number, "title": row.measure.title}
                for row in section.measures
            ]
            result.append(compact(entry))
        return result

    @staticmethod
    def _rating(kind, row):
        level = row.shown_level
        item = row.item
        return compact(
            {
                "item": kind,
                "number": item.number,
                "title": item.title,
                "level": {"value": level.key, "label": level.label, "symbol": level.symbol}
                if level is not None
                else None,
                "justification": row.justification,
                "weighing": row.weighing,
            }
        )
