"""Reading a town's demo proposals from YAML (``proposals/demo/steinfurt.yaml``).

The file has two keys::

    bodies:                         # the Gremien, in their order
      - {slug: rat, name: Rat, short_name: Rat, kind: council}
    proposals:                      # created in this order
      - reference: "2019/041"       # "{year}/901": the year of the day of loading
        slug: stadtteilbezogenes-integrationsmanagement-borghorst
        title: Stadtteilbezogenes Integrationsmanagement in Borghorst
        kind: beschlussvorlage      # default; or mitteilungsvorlage, berichtsvorlage, ...
        date: "2019-03-12"          # or relative to the day of loading: today-21
        lead_department: Fachdienst Soziales
        public: true                # default; false: nichtöffentlich
        published: true             # default; false: a draft
        facts: <p>...</p>           # facts, proposed_resolution, financial_effects: HTML
        checks:                     # per check, by its slug, in the order written
          integration:
            summary: ...
            principles:             # number, rating (a level key of the check's scale),
              - {number: "1", rating: positive, justification: ..., weighing: ...}
            goals: [...]            # as principles
            measures: ["3.2"]
          klima:
            precheck: [nein, nein]  # ja/nein, one per question of the pre-check, in order
            not_relevant_reason: ...
        consultations:
          - {body: rat, date: "2019-04-09", role: entscheidung, result: beschlossen}

Reading checks the file on its own (``read_demo_file``: keys, types, the fixed lists,
the bodies named); ``check_references`` checks it against the database before anything
is written: the checks, the concept of each in force on the proposal's date, its
principle, goal and measure numbers, the levels of the check's scale and the number of
its pre-check questions. Every problem names the file, the path and the line.

A proposal read is a dict in the form ``proposals.demo.build_proposal`` takes, dates as
``YYYY-MM-DD`` text: the ratings ``(number, rating, justification, weighing)``, the
consultations ``(body slug, date or None, role, result)``.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _
from wagtail.models import Locale

from integration_check.check_loader import DataChecker, FileRefused, read_data_file
from integration_check.exchange import SLUG_RE
from integration_check.models import Check, Goal, GuidingPrinciple, Measure, PrecheckAnswer
from integration_check.sites import default_site, site_pages_q

from .models import REFERENCE_EXAMPLE, REFERENCE_PATTERN, Body, Consultation, ProposalPage

DEMO_FILE = Path(__file__).resolve().parent / "demo" / "steinfurt.yaml"

BODY_KEYS = {"slug", "name", "short_name", "kind"}
PROPOSAL_KEYS = {
    "reference",
    "slug",
    "title",
    "kind",
    "date",
    "lead_department",
    "public",
    "published",
    "facts",
    "proposed_resolution",
    "financial_effects",
    "checks",
    "consultations",
}
SECTION_KEYS = {"summary", "not_relevant_reason", "principles", "goals", "measures", "precheck"}
RATING_KEYS = {"number", "rating", "justification", "weighing"}
CONSULTATION_KEYS = {"body", "date", "role", "result"}
#: The pre-check's answers as written (the labels the editor shows) and as stored.
ANSWERS = {"ja": PrecheckAnswer.Answer.YES.value, "nein": PrecheckAnswer.Answer.NO.value}
#: The placeholder of a reference for the year of the day of loading.
YEAR = "{year}"


@dataclass
class DemoFile:
    """A proposals file, read and checked on its own."""

    path: Path
    bodies: list[dict] = field(default_factory=list)
    proposals: list[dict] = field(default_factory=list)
    lines: dict = field(default_factory=dict)


def read_demo_file(path: Path = DEMO_FILE, today: datetime.date | None = None) -> DemoFile:
    """Return the bodies and proposals of a proposals file; raise FileRefused.

    ``today`` is the day of loading that relative dates and ``{year}`` count from.
    """
    path = Path(path)
    today = today or datetime.date.today()
    data, lines = read_data_file(path)
    checker = DataChecker(lines)
    demo = DemoFile(path, lines=lines)
    raw = checker.mapping(data, (), {"bodies", "proposals"}, required=("bodies", "proposals"))
    if raw is not None:
        demo.bodies = _bodies(checker, raw.get("bodies"))
        known = [body["slug"] for body in demo.bodies]
        references, slugs = {}, {}
        for index, entry in enumerate(checker.sequence(raw.get("proposals"), ("proposals",))):
            proposal = _proposal(checker, entry, ("proposals", index), known, today)
            if proposal is not None:
                place = ("proposals", index)
                checker.once(references, proposal["reference"], place + ("reference",))
                checker.once(slugs, proposal["slug"], place + ("slug",))
                demo.proposals.append(proposal)
    if checker.problems:
        raise FileRefused(path, checker.problems)
    return demo


def _bodies(checker, value):
    bodies, seen = [], {}
    for index, entry in enumerate(checker.sequence(value, ("bodies",))):
        place = ("bodies", index)
        entry = checker.mapping(entry, place, BODY_KEYS, required=("slug", "name"))
        if entry is None:
            continue
        slug = checker.text(
            entry.get("slug"), place + ("slug",), required="slug" in entry, max_length=100
        )
        if slug and not SLUG_RE.match(slug):
            checker.add(
                place + ("slug",),
                _("Die Kennung darf nur Buchstaben ohne Umlaute, Ziffern, „-“ und „_“ enthalten."),
            )
        checker.once(seen, slug, place + ("slug",))
        bodies.append(
            {
                "slug": slug,
                "name": checker.text(
                    entry.get("name"), place + ("name",), required="name" in entry, max_length=255
                ),
                "short_name": checker.text(
                    entry.get("short_name"), place + ("short_name",), max_length=50
                ),
                "kind": checker.choice(
                    entry.get("kind"),
                    place + ("kind",),
                    list(Body.Kind.values),
                    default=Body.Kind.COMMITTEE.value,
                ),
                # Gaps of ten, so that a body added in the admin fits in between.
                "sort_order": (index + 1) * 10,
            }
        )
    return bodies


def _proposal(checker, entry, place, bodies, today):
    entry = checker.mapping(
        entry, place, PROPOSAL_KEYS, required=("reference", "slug", "title", "date")
    )
    if entry is None:
        return None

    def text(key, *, required=False, max_length=None):
        return checker.text(
            entry.get(key),
            place + (key,),
            required=required and key in entry,
            max_length=max_length,
        )

    reference = text("reference", required=True, max_length=30).replace(YEAR, str(today.year))
    if reference and not re.match(REFERENCE_PATTERN, reference):
        checker.add(
            place + ("reference",),
            _(
                "„%(value)s“ ist keine gültige Drucksachen-Nr.; erwartet wird die Form "
                "JJJJ/NNN, z. B. %(example)s."
            )
            % {"value": reference, "example": REFERENCE_EXAMPLE},
        )
    slug = text("slug", required=True, max_length=255)
    if slug and not SLUG_RE.match(slug):
        checker.add(
            place + ("slug",),
            _("Die Kennung darf nur Buchstaben ohne Umlaute, Ziffern, „-“ und „_“ enthalten."),
        )
    date = checker.day(entry.get("date"), place + ("date",), today, required="date" in entry)
    proposal = {
        "reference": reference,
        "slug": slug,
        "title": text("title", required=True, max_length=255),
        "kind": checker.choice(
            entry.get("kind"),
            place + ("kind",),
            list(ProposalPage.Kind.values),
            default=ProposalPage.Kind.RESOLUTION.value,
        ),
        "date": date.isoformat() if date else None,
        "lead_department": text("lead_department", max_length=255),
        "is_public": checker.flag(entry.get("public"), place + ("public",), default=True),
        "published": checker.flag(entry.get("published"), place + ("published",), default=True),
        "facts": text("facts"),
        "proposed_resolution": text("proposed_resolution"),
        "financial_effects": text("financial_effects"),
    }
    checks = entry.get("checks")
    proposal["checks"] = {}
    # Any check's slug is a key here; check_references looks them up.
    if checks is not None and checker.mapping(checks, place + ("checks",), checks) is not None:
        for slug, section in checks.items():
            proposal["checks"][str(slug)] = _section(checker, section, place + ("checks", slug))
    proposal["consultations"] = [
        _consultation(checker, consultation, place + ("consultations", index), bodies, today)
        for index, consultation in enumerate(
            checker.sequence(entry.get("consultations"), place + ("consultations",))
        )
    ]
    return proposal


def _section(checker, value, place):
    section = checker.mapping(value, place, SECTION_KEYS) or {}
    result = {
        "summary": checker.text(section.get("summary"), place + ("summary",)),
        "not_relevant_reason": checker.text(
            section.get("not_relevant_reason"), place + ("not_relevant_reason",)
        ),
    }
    for kind in ("principles", "goals"):
        result[kind] = []
        for index, row in enumerate(checker.sequence(section.get(kind), place + (kind,))):
            row_place = place + (kind, index)
            row = checker.mapping(row, row_place, RATING_KEYS, required=("number", "rating"))
            if row is None:
                continue
            result[kind].append(
                (
                    checker.number(row.get("number"), row_place + ("number",))
                    if "number" in row
                    else "",
                    checker.text(
                        row.get("rating"), row_place + ("rating",), required="rating" in row
                    ),
                    checker.text(row.get("justification"), row_place + ("justification",)),
                    checker.text(row.get("weighing"), row_place + ("weighing",)),
                )
            )
    result["measures"] = [
        checker.number(number, place + ("measures", index))
        for index, number in enumerate(
            checker.sequence(section.get("measures"), place + ("measures",))
        )
    ]
    if section.get("precheck") is not None:
        result["precheck"] = [
            ANSWERS.get(checker.choice(answer, place + ("precheck", index), list(ANSWERS)), "")
            for index, answer in enumerate(
                checker.sequence(section["precheck"], place + ("precheck",))
            )
        ]
    return result


def _consultation(checker, value, place, bodies, today):
    entry = checker.mapping(value, place, CONSULTATION_KEYS, required=("body", "role", "result"))
    if entry is None:
        return None
    date = checker.day(entry.get("date"), place + ("date",), today)
    return (
        checker.choice(entry.get("body"), place + ("body",), bodies) if "body" in entry else None,
        date.isoformat() if date else None,
        checker.choice(entry.get("role"), place + ("role",), list(Consultation.Role.values))
        if "role" in entry
        else None,
        checker.choice(entry.get("result"), place + ("result",), list(Consultation.Result.values))
        if "result" in entry
        else None,
    )


def check_references(demo: DemoFile, site=None):
    """Return the problems of ``demo``'s proposals against the database: an unknown check,
    no concept of a check in force on a proposal's date, a principle, goal or measure
    number its concept does not have, a rating its check's scale does not have, a number
    of pre-check answers other than the check's questions, a reference another proposal
    has (on ``site``, default: the default site: each town has its own checks and
    references)."""
    site = site or default_site()
    checker = DataChecker(demo.lines)
    checks = {
        check.slug: check
        for check in Check.objects.filter(site=site).prefetch_related(
            "levels", "precheck_questions"
        )
    }
    items = {}
    locale = Locale.get_default()
    for index, data in enumerate(demo.proposals):
        place = ("proposals", index)
        clash = (
            ProposalPage.objects.filter(
                site_pages_q([site]), reference=data["reference"], locale=locale
            )
            .exclude(slug=data["slug"])
            .first()
        )
        if clash is not None:
            checker.add(
                place + ("reference",),
                _("Die Drucksachen-Nr. %(value)s ist schon vergeben (Vorlage „%(title)s“).")
                % {"value": data["reference"], "title": clash.title},
            )
        date = datetime.date.fromisoformat(data["date"])
        for slug, section in data["checks"].items():
            _check_section(checker, place + ("checks", slug), checks, slug, section, date, items)
    return checker.problems


def _concept_items(concept):
    """Return ``{"principles": numbers, "goals": numbers, "measures": numbers}``."""
    return {
        "principles": set(
            GuidingPrinciple.objects.filter(concept=concept).values_list("number", flat=True)
        ),
        "goals": set(
            Goal.objects.filter(field_of_action__concept=concept).values_list("number", flat=True)
        ),
        "measures": set(
            Measure.objects.filter(field_of_action__concept=concept).values_list(
                "number", flat=True
            )
        ),
    }


ITEM_MODELS = {"principles": GuidingPrinciple, "goals": Goal, "measures": Measure}


def _check_section(checker, place, checks, slug, section, date, items):
    check = checks.get(slug)
    if check is None:
        checker.add(
            place,
            _(
                "Unbekannte Prüfung „%(check)s“; angelegt sind: %(known)s. Eine Prüfung "
                "wird in der Verwaltung unter „Prüfungen“ angelegt."
            )
            % {"check": slug, "known": ", ".join(checks) or "–"},
        )
        return
    concept = check.concept_in_force_on(date)
    if concept is None:
        checker.add(
            place,
            _("Die Prüfung „%(check)s“ hat am %(date)s kein geltendes Konzept.")
            % {"check": slug, "date": date.isoformat()},
        )
        return
    if concept.pk not in items:
        items[concept.pk] = _concept_items(concept)
    numbers = items[concept.pk]

    def unknown(kind, number, number_place):
        if number and number not in numbers[kind]:
            checker.add(
                number_place,
                _("%(item)s „%(number)s“ gibt es im Konzept „%(concept)s“ nicht.")
                % {
                    "item": ITEM_MODELS[kind]._meta.verbose_name,
                    "number": number,
                    "concept": concept.slug,
                },
            )

    levels = [level.key for level in check.scale]
    for kind in ("principles", "goals"):
        for index, (number, rating, _justification, _weighing) in enumerate(section[kind]):
            unknown(kind, number, place + (kind, index, "number"))
            if rating and rating not in levels:
                checker.add(
                    place + (kind, index, "rating"),
                    _(
                        "Die Prüfung „%(check)s“ hat keine Stufe „%(level)s“; ihre Stufen "
                        "sind: %(levels)s."
                    )
                    % {"check": slug, "level": rating, "levels": ", ".join(levels)},
                )
    for index, number in enumerate(section["measures"]):
        unknown("measures", number, place + ("measures", index))
    answers = section.get("precheck")
    if answers is not None and len(answers) != len(check.questions):
        checker.add(
            place + ("precheck",),
            _(
                "Erwartet wird eine Antwort auf jede Frage der Vorprüfung von „%(check)s“ "
                "(%(count)d), nicht %(given)d."
            )
            % {"check": slug, "count": len(check.questions), "given": len(answers)},
        )
