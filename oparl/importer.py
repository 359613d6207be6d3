"""The import of Papers from a town's OParl endpoint (1.0 and 1.1) as draft proposals.

``import_source(source)`` reads the System (or a Body) at the source's address, the
body's list of papers page by page (``links.next``; since the last complete run with
``modified_since``), and for each paper creates or updates a draft proposal below the
site's proposals section, matched by the paper's OParl id (``proposals.ImportedPaper``):

- what the import owns: title, Drucksachen-Nr., kind, date, lead department, the
  consultation sequence (bodies from the Organizations, meeting dates and results from
  the Meetings) and the attachments it brought (as documents or links);
- what it never touches: the texts and every assessment a person wrote, and anything
  a person added;
- a paper whose ``modified`` and content are what the last run wrote is left alone;
- a changed paper of a proposal that is published or whose check already approved goes
  back to its author: a new draft revision, a note in the page's history, and a running
  workflow is cancelled so that the checks see the proposal again.

Each paper is written in a transaction of its own: a paper that cannot be written
(no reference, a reference of another form, one that clashes) is skipped with its
reason and nothing of it stays. A System or Body that is not what it should be stops
the import before anything is written. Nothing here holds more than one list page and
a paper's attachments (spooled to disk) at a time; the caches of organizations and
meetings are bounded.
"""

import datetime
import hashlib
import json
import logging
import posixpath
from collections import OrderedDict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.log_actions import log
from wagtail.models import Locale, WorkflowState

from home.roles import site_collection
from home.towns import site_home, site_label
from integration_check.workflow import approved_check_states
from proposals.models import (
    Body,
    Consultation,
    ImportedPaper,
    OparlSource,
    ProposalAttachment,
    ProposalIndexPage,
    ProposalPage,
)

from .client import Client, ListBroken, OparlError, TooLarge, check_url
from .types import type_name

logger = logging.getLogger(__name__)

#: The history entry of a proposal the import changed.
IMPORT_ACTION = "oparl.import.changed"
#: How many organizations and meetings a run keeps in memory.
CACHE_SIZE = 2000
#: How far before its start the next run asks for changes (clocks differ).
SYNC_MARGIN = datetime.timedelta(minutes=10)


def oparl_type(obj):
    """Return the type name of an OParl object ("Paper") from its 1.0 or 1.1 type URL, or ""."""
    return type_name(obj.get("type") if isinstance(obj, dict) else None) or ""


def reference_id(value):
    """The id of a reference: the URL itself, or an embedded object's ``id``."""
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) and value else None


def web_address(value):
    """``value`` when it is an absolute http(s) address, else None."""
    try:
        check_url(value)
    except OparlError:
        return None
    return value


def as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def text(value, limit=255):
    return " ".join(value.split())[:limit] if isinstance(value, str) else ""


def parse_date(value):
    """The local date of an OParl ``date`` or ``date-time`` value, or None."""
    if not isinstance(value, str) or not value:
        return None
    try:
        if len(value) == 10:
            return datetime.date.fromisoformat(value)
        moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.date()


def paper_kind(paper_type):
    value = (paper_type or "").lower()
    if "anfrage" in value:
        return ProposalPage.Kind.QUESTION
    if "antrag" in value:
        return ProposalPage.Kind.MOTION
    if "mitteilung" in value or "information" in value:
        return ProposalPage.Kind.INFORMATION
    if "bericht" in value:
        return ProposalPage.Kind.REPORT
    return ProposalPage.Kind.RESOLUTION


def consultation_role(consultation):
    role = text(consultation.get("role")).lower()
    if consultation.get("authoritative") is True or "beschluss" in role or "entscheid" in role:
        return Consultation.Role.DECISION
    if "kenntnis" in role:
        return Consultation.Role.NOTICE
    return Consultation.Role.PRELIMINARY


def consultation_result(result):
    value = text(result).lower()
    if not value:
        return Consultation.Result.OPEN
    if "geändert" in value or "änderung" in value:
        return Consultation.Result.ADOPTED_WITH_CHANGES
    if "abgelehnt" in value:
        return Consultation.Result.REJECTED
    if "zurückgezogen" in value:
        return Consultation.Result.WITHDRAWN
    if "vertagt" in value or "zurückgestellt" in value or "verwiesen" in value:
        return Consultation.Result.DEFERRED
    if "kenntnis" in value:
        return Consultation.Result.NOTED
    if "beschlossen" in value or "angenommen" in value or "zugestimmt" in value:
        return Consultation.Result.ADOPTED
    return Consultation.Result.OPEN


COUNCIL_NAMES = {
    "rat",
    "gemeinderat",
    "stadtrat",
    "kreistag",
    "ratsversammlung",
    "stadtverordnetenversammlung",
}


def body_kind(organization):
    words = " ".join(
        text(organization.get(key)).lower()
        for key in ("classification", "organizationType", "name")
    )
    if "ausschuss" in words:
        return Body.Kind.COMMITTEE
    if COUNCIL_NAMES & set(words.replace(",", " ").split()):
        return Body.Kind.COUNCIL
    return Body.Kind.OTHER


class BoundedCache(OrderedDict):
    def remember(self, key, value):
        self[key] = value
        self.move_to_end(key)
        while len(self) > CACHE_SIZE:
            self.popitem(last=False)
        return value


@dataclass
class Report:
    url: str = ""
    body: str = ""
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: int = 0
    skipped: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    sent_back: list = field(default_factory=list)
    interrupted: str = ""

    @property
    def changed(self):
        return len(self.created) + len(self.updated)

    def summary(self):
        return _(
            "%(created)d neu, %(updated)d geändert, %(unchanged)d unverändert, "
            "%(skipped)d übersprungen."
        ) % {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": self.unchanged,
            "skipped": len(self.skipped),
        }

    def lines(self):
        lines = [
            _("Import aus %(url)s, Körperschaft „%(body)s“:") % {"url": self.url, "body": self.body}
        ]
        lines += [_("Hinweis: %(warning)s") % {"warning": w} for w in self.warnings]
        lines += [
            _("Übersprungen: %(paper)s: %(reason)s") % {"paper": paper, "reason": reason}
            for paper, reason in self.skipped
        ]
        lines += [
            _("Zurück an die Verfassenden (schon geprüft): %(paper)s") % {"paper": paper}
            for paper in self.sent_back
        ]
        if self.interrupted:
            lines.append(self.interrupted)
        lines.append(self.summary())
        return lines


class Skip(Exception):
    """A paper that is not imported; ``str()`` is the reason."""


@dataclass
class PaperData:
    """What the import writes of one paper."""

    oparl_id: str
    label: str
    modified: str
    title: str
    reference: str
    kind: str
    date: datetime.date
    lead_department: str
    consultations: list  # [(organization id, meeting date, role, result)]
    files: list  # [{"id", "name", "file_name", "url", "sha1", "size"}]

    def fingerprint(self, attachments):
        data = [
            self.title,
            self.reference,
            self.kind,
            str(self.date),
            self.lead_department,
            [(o, str(d), r, s) for o, d, r, s in self.consultations],
            self.files,
            attachments,
        ]
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def find_index(site):
    """The proposals section of ``site``, or OparlError."""
    index = ProposalIndexPage.objects.child_of(site_home(site)).first()
    if index is None:
        raise OparlError(
            _(
                "Die Website „%(site)s“ hat keine Vorlagen-Übersicht, unter der die Vorlagen "
                "angelegt werden könnten."
            )
            % {"site": site_label(site)}
        )
    return index


class Importer:
    def __init__(self, source, *, client=None, progress=None, full=False):
        self.source = source
        self.site = source.site
        self.client = client or Client(log=progress)
        self.progress = progress or (lambda message: None)
        self.full = full
        self.report = Report(url=source.url)
        self.organizations = BoundedCache()
        self.meetings = BoundedCache()
        self.agenda_items = BoundedCache()
        self.seen = set()
        self.locale = Locale.get_default()
        self.max_file_bytes = int(
            getattr(settings, "OPARL_IMPORT_MAX_FILE_BYTES", 20 * 1024 * 1024)
        )

    # --- the System and the Body: checked before anything is written ---------------

    def find_body(self):
        """Return the OParl Body to import from (the source's address names a System or a
        Body); raise OparlError when it is neither or cannot be chosen."""
        check_url(self.source.url)
        root = self.client.get_json(self.source.url)
        kind = oparl_type(root)
        if not kind:
            raise OparlError(
                _("%(url)s ist keine OParl-Schnittstelle: Die Antwort nennt keinen OParl-Typ.")
                % {"url": self.source.url}
            )
        if kind == "Body":
            body = root
        elif kind == "System":
            body = self._choose_body(root)
        else:
            raise OparlError(
                _(
                    "%(url)s ist ein OParl-Objekt vom Typ „%(type)s“; erwartet wird ein System "
                    "oder eine Körperschaft (Body)."
                )
                % {"url": self.source.url, "type": kind}
            )
        if not reference_id(body.get("paper")):
            raise OparlError(
                _("Die Körperschaft „%(body)s“ nennt keine Liste der Drucksachen (paper).")
                % {"body": self._body_name(body)}
            )
        return body

    @staticmethod
    def _body_name(body):
        return text(body.get("name")) or text(body.get("shortName")) or body.get("id", "?")

    def _choose_body(self, system):
        bodies_ref = system.get("body")
        bodies = []
        if isinstance(bodies_ref, list):
            candidates = bodies_ref
        else:
            candidates = []
            try:
                for _number, items in self.client.iter_list(reference_id(bodies_ref) or ""):
                    candidates.extend(items)
            except ListBroken as exc:
                raise exc.error from exc
        for candidate in candidates:
            if isinstance(candidate, str):
                candidate = self.client.get_json(candidate)
            if oparl_type(candidate) == "Body" and not candidate.get("deleted"):
                bodies.append(candidate)
        if not bodies:
            raise OparlError(_("Das System bietet keine Körperschaft an."))
        wanted = (self.source.body or "").strip()
        known = "; ".join(f"{self._body_name(b)} ({b.get('id')})" for b in bodies)
        if wanted:
            for body in bodies:
                names = {body.get("id"), text(body.get("name")), text(body.get("shortName"))}
                if wanted in names or wanted.lower() in {str(n).lower() for n in names}:
                    return body
            raise OparlError(
                _("Keine Körperschaft des Systems passt auf „%(body)s“. Vorhanden: %(bodies)s")
                % {"body": wanted, "bodies": known}
            )
        if len(bodies) > 1:
            raise OparlError(
                _(
                    "Das System bietet mehrere Körperschaften an; bitte mit --body eine wählen "
                    "(Id oder Name): %(bodies)s"
                )
                % {"bodies": known}
            )
        return bodies[0]

    # --- the run --------------------------------------------------------------------

    def run(self, body):
        """Import the papers of ``body`` (as :meth:`find_body` returned it)."""
        index = find_index(self.site)
        self.report.body = self._body_name(body)
        self.index = index
        started = timezone.now()
        params = {}
        if self.source.last_sync and not self.full:
            params["modified_since"] = self.source.last_sync.isoformat(timespec="seconds")
        try:
            for number, items in self.client.iter_list(reference_id(body["paper"]), params):
                self.progress(
                    _("Listenseite %(page)d, Einträge: %(count)d")
                    % {"page": number, "count": len(items)}
                )
                for item in items:
                    self.import_paper(item)
        except ListBroken as exc:
            self.report.interrupted = _(
                "Abgebrochen: Die Liste der Drucksachen brach bei Seite %(page)d ab: %(error)s "
                "Das bis dahin Importierte ist vollständig gespeichert; der nächste Lauf setzt "
                "die Liste fort."
            ) % {"page": exc.page, "error": exc.error}
        now = timezone.now()
        self.source.last_run = now
        if not self.report.interrupted:
            self.source.last_sync = started - SYNC_MARGIN
        self.source.last_report = "\n".join(str(line) for line in self.report.lines())
        self.source.save(update_fields=["last_run", "last_sync", "last_report"])
        return self.report

    def import_paper(self, item):
        label = "?"
        try:
            if isinstance(item, str):
                item = self.client.get_json(item)
            if not isinstance(item, dict):
                raise Skip(_("kein OParl-Objekt"))
            paper_id = reference_id(item.get("id")) or ""
            label = text(item.get("reference")) or paper_id or "?"
            kind = oparl_type(item)
            if kind != "Paper":
                raise Skip(_("kein Paper, sondern „%(type)s“") % {"type": kind or "?"})
            if not paper_id:
                raise Skip(_("ohne id"))
            if paper_id in self.seen:
                raise Skip(_("kam in der Liste schon einmal vor"))
            self.seen.add(paper_id)
            existing = (
                ImportedPaper.objects.filter(site=self.site, oparl_id=paper_id)
                .select_related("page")
                .first()
            )
            if item.get("deleted") is True:
                raise Skip(_("in der Quelle gelöscht"))
            if not text(item.get("reference")):
                raise Skip(
                    _("Die Drucksache %(id)s hat keine Drucksachen-Nr. (reference).")
                    % {"id": paper_id}
                )
            modified = text(item.get("modified"), 50)
            if existing and modified and existing.modified == modified and not self.full:
                self.report.unchanged += 1
                return
            data = self.read_paper(item, label)
            fingerprint = data.fingerprint(self.source.attachments)
            if existing and existing.fingerprint == fingerprint:
                ImportedPaper.objects.filter(pk=existing.pk).update(modified=modified)
                self.report.unchanged += 1
                return
            self.write(data, existing, fingerprint)
        except Skip as exc:
            self.report.skipped.append((label, str(exc)))
        except ValidationError as exc:
            reasons = [str(m) for messages in exc.message_dict.values() for m in messages]
            self.report.skipped.append((label, " ".join(reasons)))
        except OparlError as exc:
            self.report.skipped.append((label, str(exc)))
        except Exception as exc:  # noqa: BLE001 - one paper's failure must not end the run
            logger.exception("OParl import of %s failed", label)
            self.report.skipped.append((label, f"{type(exc).__name__}: {exc}"))

    # --- reading a paper and what it refers to ---------------------------------------

    def warn(self, label, message):
        self.report.warnings.append(f"{label}: {message}")

    def read_paper(self, paper, label):
        reference = text(paper.get("reference"), 30)
        title = text(paper.get("name")) or reference
        consultations = []
        for consultation in as_list(paper.get("consultation")):
            if isinstance(consultation, str):
                consultation = self.fetch(consultation, label)
            if not isinstance(consultation, dict) or consultation.get("deleted"):
                continue
            row = self.read_consultation(consultation, label)
            if row is not None:
                consultations.append(row)
        lead = ""
        for organization_id in as_list(paper.get("underDirectionOf"))[:1]:
            organization = self.organization(reference_id(organization_id), label)
            if organization is not None:
                lead = text(organization.get("name"))
        files = []
        for file in [paper.get("mainFile"), *as_list(paper.get("auxiliaryFile"))]:
            if isinstance(file, str):
                file = self.fetch(file, label)
            if not isinstance(file, dict) or file.get("deleted"):
                continue
            given = [reference_id(file.get(k)) for k in ("downloadUrl", "accessUrl")]
            # Only http(s) addresses: a ``javascript:`` or ``data:`` link would run on
            # the town's public page, a ``file:`` one would read the server's files.
            download_url, access_url = (web_address(u) for u in given)
            url = download_url or access_url
            if not url:
                refused = next((u for u in given if u), None)
                if refused is not None:
                    try:
                        check_url(refused)
                    except OparlError as exc:
                        self.warn(
                            label,
                            _("Anlage „%(name)s“ nicht abrufbar (%(error)s); ausgelassen.")
                            % {
                                "name": text(file.get("name")) or text(file.get("fileName")),
                                "error": exc,
                            },
                        )
                continue
            files.append(
                {
                    "id": reference_id(file.get("id")) or url,
                    "name": text(file.get("name")) or text(file.get("fileName")) or url,
                    "file_name": text(file.get("fileName"), 100),
                    "url": url,
                    "access_url": access_url or url,
                    "sha1": text(file.get("sha1Checksum"), 40),
                    "size": file.get("size") if isinstance(file.get("size"), int) else None,
                }
            )
        return PaperData(
            oparl_id=paper["id"],
            label=f"{reference} „{title}“",
            modified=text(paper.get("modified"), 50),
            title=title,
            reference=reference,
            kind=paper_kind(paper.get("paperType")),
            date=parse_date(paper.get("date"))
            or parse_date(paper.get("created"))
            or timezone.localdate(),
            lead_department=lead,
            consultations=consultations,
            files=files,
        )

    def fetch(self, url, label):
        """The object at ``url``, or None with a note (a broken reference)."""
        try:
            return self.client.get_json(url)
        except OparlError as exc:
            self.warn(label, _("Verweis nicht abrufbar: %(error)s") % {"error": exc})
            return None

    def organization(self, url, label):
        if not url:
            return None
        if url not in self.organizations:
            found = self.fetch(url, label)
            if found is not None and oparl_type(found) != "Organization":
                found = None
            self.organizations.remember(url, found)
        return self.organizations[url]

    def meeting(self, url, label):
        if url not in self.meetings:
            found = self.fetch(url, label)
            if found is None or oparl_type(found) != "Meeting":
                self.meetings.remember(url, None)
            else:
                results = {}
                for item in as_list(found.get("agendaItem")):
                    if isinstance(item, dict) and reference_id(item.get("consultation")):
                        results[reference_id(item["consultation"])] = text(item.get("result"))
                self.meetings.remember(url, (parse_date(found.get("start")), results))
        return self.meetings[url]

    def read_consultation(self, consultation, label):
        organization, organization_id = None, None
        for candidate in as_list(consultation.get("organization")):
            organization_id = reference_id(candidate)
            organization = (
                candidate
                if isinstance(candidate, dict)
                else self.organization(organization_id, label)
            )
            if organization is not None:
                break
        if organization is None:
            self.warn(label, _("Beratung ohne abrufbares Gremium ausgelassen."))
            return None
        self.remember_organization(organization_id, organization)
        meeting_date, result = None, ""
        meeting_id = reference_id(consultation.get("meeting"))
        consultation_id = reference_id(consultation.get("id"))
        if meeting_id:
            meeting = self.meeting(meeting_id, label)
            if meeting is not None:
                meeting_date, results = meeting
                result = results.get(consultation_id, "")
        agenda_item_id = reference_id(consultation.get("agendaItem"))
        if not result and agenda_item_id and meeting_id:
            if agenda_item_id not in self.agenda_items:
                item = self.fetch(agenda_item_id, label)
                self.agenda_items.remember(
                    agenda_item_id, text(item.get("result")) if isinstance(item, dict) else ""
                )
            result = self.agenda_items[agenda_item_id]
        return (
            organization_id,
            meeting_date,
            consultation_role(consultation),
            consultation_result(result),
        )

    def remember_organization(self, organization_id, organization):
        self.organizations.remember(organization_id, organization)

    # --- writing -------------------------------------------------------------------

    def body_for(self, organization_id):
        """The site's body imported from ``organization_id``: found by its OParl id, else an
        existing body of the same name (taken over), else created."""
        body = Body.objects.filter(
            site=self.site, locale=self.locale, oparl_id=organization_id
        ).first()
        if body is not None:
            return body
        organization = self.organizations.get(organization_id) or {}
        name = text(organization.get("name")) or text(organization.get("shortName"))
        name = name or organization_id
        short_name = text(organization.get("shortName"), 50)
        same_name = Body.objects.filter(
            site=self.site, locale=self.locale, oparl_id="", name__iexact=name
        ).first()
        if same_name is not None:
            same_name.oparl_id = organization_id
            same_name.save(update_fields=["oparl_id"])
            return same_name
        base = slugify(short_name or name)[:90] or "gremium"
        slug, number = base, 1
        while Body.objects.filter(site=self.site, locale=self.locale, slug=slug).exists():
            number += 1
            slug = f"{base}-{number}"
        return Body.objects.create(
            site=self.site,
            locale=self.locale,
            oparl_id=organization_id,
            name=name,
            short_name=short_name,
            slug=slug,
            kind=body_kind(organization),
        )

    def prepare_files(self, data, existing):
        """Return ``(files record, [(file, tempfile or None)], [link files])`` for the
        paper's attachments as the source wants them: documents downloaded (reused when
        unchanged), else links. A file too large or of a type not accepted becomes a link."""
        before = existing.files if existing else {}
        documents, links = [], []
        allowed = {e.lower() for e in getattr(settings, "WAGTAILDOCS_EXTENSIONS", None) or []}
        for file in data.files:
            if self.source.attachments == OparlSource.Attachments.LINKS:
                links.append(file)
                continue
            old = before.get(file["id"]) or {}
            if (
                old.get("document")
                and old.get("sha1") == file["sha1"]
                and old.get("size") == file["size"]
                and get_document_model().objects.filter(pk=old["document"]).exists()
            ):
                documents.append((file, old["document"]))
                continue
            name = file["file_name"] or posixpath.basename(urlsplit(file["url"]).path)
            extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
            if allowed and extension not in allowed:
                self.warn(
                    data.label,
                    _("Anlage „%(name)s“ hat keinen zulässigen Dateityp; als Link übernommen.")
                    % {"name": file["name"]},
                )
                links.append(file)
                continue
            if file["size"] is not None and file["size"] > self.max_file_bytes:
                self.warn(data.label, self._too_large(file))
                links.append(file)
                continue
            try:
                stream = self.client.download(file["url"], self.max_file_bytes)
            except TooLarge:
                self.warn(data.label, self._too_large(file))
                links.append(file)
                continue
            except OparlError as exc:
                self.warn(
                    data.label,
                    _("Anlage „%(name)s“ nicht abrufbar (%(error)s); ausgelassen.")
                    % {"name": file["name"], "error": exc},
                )
                continue
            documents.append((file, (stream, name)))
        return documents, links

    def _too_large(self, file):
        return _("Anlage „%(name)s“ ist größer als %(size)s; als Link übernommen.") % {
            "name": file["name"],
            "size": filesizeformat(self.max_file_bytes),
        }

    def write(self, data, existing, fingerprint):
        documents, links = self.prepare_files(data, existing)
        stored = []
        try:
            with transaction.atomic():
                records = {}
                attachments = []
                for file, document in documents:
                    if not isinstance(document, int):
                        stream, name = document
                        new = get_document_model()(
                            title=file["name"], collection=site_collection(self.site)
                        )
                        new.file.save(name, File(stream, name=name), save=False)
                        stored.append(new.file.name)
                        new._set_document_file_metadata()
                        new.save()
                        document = new.pk
                    records[file["id"]] = {
                        "document": document,
                        "sha1": file["sha1"],
                        "size": file["size"],
                    }
                    attachments.append(ProposalAttachment(document_id=document, title=file["name"]))
                link_rows = []
                for file in links:
                    records[file["id"]] = {"link": file["access_url"]}
                    link_rows.append(("link", {"title": file["name"], "url": file["access_url"]}))
                consultations = [
                    Consultation(
                        body=self.body_for(organization_id),
                        meeting_date=meeting_date,
                        role=role,
                        result=result,
                    )
                    for organization_id, meeting_date, role, result in data.consultations
                ]
                if existing is None:
                    self.create(data, consultations, attachments, link_rows, records, fingerprint)
                else:
                    self.update(
                        data, existing, consultations, attachments, link_rows, records, fingerprint
                    )
        except BaseException:
            for name in stored:
                get_document_model()._meta.get_field("file").storage.delete(name)
            raise
        finally:
            for _file, document in documents:
                if not isinstance(document, int):
                    document[0].close()

    def _slug(self, data):
        base = slugify(f"{data.reference}-{data.title}")[:70].strip("-") or "vorlage"
        slug, number = base, 1
        siblings = self.index.get_children()
        while siblings.filter(slug=slug).exists():
            number += 1
            slug = f"{base}-{number}"
        return slug

    def create(self, data, consultations, attachments, links, records, fingerprint):
        page = ProposalPage(
            title=data.title,
            slug=self._slug(data),
            reference=data.reference,
            kind=data.kind,
            date=data.date,
            lead_department=data.lead_department,
            is_public=True,
            locale=self.index.locale,
        )
        page.consultations = consultations
        page.attachments = attachments
        page.attachment_links = links
        for rows in (consultations, attachments):
            for position, row in enumerate(rows):
                row.sort_order = position
        page.live = False
        self.index.add_child(instance=page)
        page.save_revision(log_action=True)
        ImportedPaper.objects.create(
            site=self.site,
            source=self.source,
            page=page,
            oparl_id=data.oparl_id,
            modified=data.modified,
            fingerprint=fingerprint,
            files=records,
        )
        self.report.created.append(data.label)
        self.progress(_("Neu: %(paper)s") % {"paper": data.label})

    def update(self, data, existing, consultations, attachments, links, records, fingerprint):
        page = existing.page.specific
        draft = page.get_latest_revision_as_object()
        changed = self.changes(draft, data, consultations, attachments, links)
        imported_documents = {r["document"] for r in existing.files.values() if r.get("document")}
        imported_links = {r["link"] for r in existing.files.values() if r.get("link")}
        draft.title = data.title
        draft.reference = data.reference
        draft.kind = data.kind
        draft.date = data.date
        draft.lead_department = data.lead_department
        draft.consultations = consultations
        draft.attachments = [
            a for a in draft.attachments.all() if a.document_id not in imported_documents
        ] + attachments
        draft.attachment_links = [
            ("link", block.value)
            for block in draft.attachment_links
            if block.value["url"] not in imported_links
        ] + links
        for relation in ("consultations", "attachments"):
            for position, row in enumerate(getattr(draft, relation).all()):
                row.sort_order = position
        revision = draft.save_revision(log_action=True, changed=True)
        existing.modified = data.modified
        existing.fingerprint = fingerprint
        existing.files = records
        existing.source = self.source
        existing.save(update_fields=["modified", "fingerprint", "files", "source"])
        checked = self.send_back(page, draft)
        note = _(
            "Die Drucksache wurde im Ratsinformationssystem geändert (%(fields)s); der Import hat "
            "einen neuen Entwurf gespeichert."
        ) % {"fields": ", ".join(changed) or "–"}
        if checked:
            note = " ".join(
                [
                    note,
                    _(
                        "Die Bewertung war schon geprüft: Bitte sie mit den Änderungen abgleichen "
                        "und die Vorlage erneut einreichen."
                    ),
                ]
            )
            self.report.sent_back.append(data.label)
        log(instance=page, action=IMPORT_ACTION, revision=revision, data={"note": str(note)})
        self.report.updated.append(data.label)
        self.progress(_("Geändert: %(paper)s") % {"paper": data.label})

    @staticmethod
    def changes(draft, data, consultations, attachments, links):
        """The names of the fields whose imported values change."""
        fields = ProposalPage._meta
        names = []
        for name in ("title", "reference", "kind", "date", "lead_department"):
            if str(getattr(draft, name)) != str(getattr(data, name)):
                names.append(str(fields.get_field(name).verbose_name))
        old = [(c.body_id, c.meeting_date, c.role, c.result) for c in draft.consultations.all()]
        new = [(c.body_id, c.meeting_date, c.role, c.result) for c in consultations]
        if old != new:
            names.append(str(Consultation._meta.verbose_name_plural))
        old_docs = {a.document_id for a in draft.attachments.all()}
        old_links = {block.value["url"] for block in draft.attachment_links}
        if (
            not {a.document_id for a in attachments} <= old_docs
            or not {value["url"] for _type, value in links} <= old_links
        ):
            names.append(str(ProposalAttachment._meta.verbose_name_plural))
        return names

    @staticmethod
    def send_back(page, draft):
        """Whether the proposal's assessment was already checked (it is published, or a check
        step of its running workflow approved); a running workflow is then cancelled, so that
        the author submits the proposal again and every check sees it."""
        state = page.current_workflow_state
        approved = False
        if state is not None and state.status in (
            WorkflowState.STATUS_IN_PROGRESS,
            WorkflowState.STATUS_NEEDS_CHANGES,
        ):
            approved = bool(approved_check_states(state))
            if approved:
                state.cancel(user=None)
        assessed = any(
            (a.summary or a.not_relevant_reason).strip() for a in draft.assessments.all()
        )
        return approved or (page.live and assessed)


def source_for(site, url, *, body=None, attachments=None):
    """Return the site's source for ``url`` (unsaved when new), with ``body`` and
    ``attachments`` set where given."""
    source = OparlSource.objects.filter(site=site, url=url).first() or OparlSource(
        site=site, url=url
    )
    if body is not None:
        source.body = body
    if attachments is not None:
        source.attachments = attachments
    return source


def import_source(source, *, progress=None, full=False, client=None):
    """Import the papers of ``source``; return the :class:`Report`. A System or Body that
    cannot be used raises :class:`OparlError` and nothing is written (a new source is saved
    only then)."""
    own_client = client is None
    client = client or Client(log=progress)
    try:
        importer = Importer(source, client=client, progress=progress, full=full)
        find_index(source.site)
        body = importer.find_body()
        if body.get("id") and body["id"] != source.url:
            source.body = body["id"]  # the chosen body by its id, whatever named it
        source.save()
        return importer.run(body)
    finally:
        if own_client:
            client.close()
