"""Demo content of the proposals app: the proposals section, the bodies, sample proposals.

The bodies and proposals are data (``proposals/demo/steinfurt.yaml``, read by
``proposals.demo_file``); this module builds the pages from them, as it builds the
proposals of the tests.
"""

import datetime
from functools import cache

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Locale, ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from home.towns import default_site, site_home, site_of_page
from integration_check.check_loader import DataChecker, FileRefused
from integration_check.migration_helpers import INTEGRATION_CHECK
from integration_check.models import (
    Assessment,
    Check,
    Goal,
    GoalRating,
    GuidingPrinciple,
    ImplementedMeasure,
    Measure,
    PrecheckAnswer,
    PrincipleRating,
)

from .demo_file import DEMO_FILE, DemoFile, check_references, read_demo_file
from .models import Body, Consultation, ProposalIndexPage, ProposalPage
from .roles import ensure_proposal_permissions
from .workflow import ensure_workflow


def ensure_index_page(site=None):
    """Return the proposals section (``/vorlagen/``) of ``site`` (default: the default
    site), created if missing."""
    home = site_home(site)
    index = ProposalIndexPage.objects.child_of(home).first()
    if index is None:
        index = ProposalIndexPage(
            title="Vorlagen",
            slug="vorlagen",
            show_in_menus=True,
            intro=(
                "Vorlagen der Verwaltung an den Rat und seine Ausschüsse, jeweils mit der "
                "Prüfung ihrer Vereinbarkeit mit dem Integrationskonzept."
            ),
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


@cache
def _demo_bodies():
    return tuple(tuple(body.items()) for body in read_demo_file(DEMO_FILE).bodies)


def ensure_bodies(bodies=None, locale=None, site=None):
    """Return ``{slug: Body}``, each body of ``bodies`` (dicts as ``read_demo_file`` reads
    them; default: the demo's) created for ``site`` (default: the default site) in
    ``locale`` (default: the default locale) unless one with its slug exists there."""
    if bodies is None:
        bodies = [dict(body) for body in _demo_bodies()]
    locale = locale or Locale.get_default()
    site = site or default_site()
    result = {}
    for data in bodies:
        body, _created = Body.objects.get_or_create(
            site=site,
            slug=data["slug"],
            locale=locale,
            defaults={
                "name": data["name"],
                "short_name": data["short_name"],
                "kind": data["kind"],
                "sort_order": data["sort_order"],
            },
        )
        result[data["slug"]] = body
    return result


def build_proposal(data, bodies, concept=None, site=None):
    """Return an unsaved ProposalPage with its children from a demo data dict.

    ``data`` is a proposal as ``proposals.demo_file`` reads it (dates as ``YYYY-MM-DD``
    text). The assessments come from ``checks``, by the check's slug, in the order
    given, each against its check's concept in force on the proposal's date::

        "checks": {
            "integration": {"summary": "...", "principles": [...], "goals": [...], ...},
            "klima": {
                "precheck": ["yes", "no"],  # the answers, in the order of the questions
                "summary": "...",
                "goals": [("1.1", "plus1", "justification", "weighing"), ...],
                "measures": ["1.1"],
            },
        },

    A check found not relevant by its pre-check has ``"precheck": ["no", "no"]`` and a
    ``"not_relevant_reason"`` instead of the summary and ratings. Without an entry for the
    integration check in ``checks`` (the tests' shorthand), its assessment comes first,
    against ``concept`` (default: its concept in force), from the top-level keys
    ``summary``, ``principles``, ``goals`` and ``measures``. The checks are those of
    ``site`` (default: the site of ``concept``'s check, else the default site).
    """
    if site is None:
        site = concept.assessment_check.site if concept is not None else default_site()
    proposal_date = datetime.date.fromisoformat(data["date"])
    page = ProposalPage(
        title=data["title"],
        slug=data["slug"],
        reference=data["reference"],
        kind=data.get("kind", ProposalPage.Kind.RESOLUTION),
        date=proposal_date,
        lead_department=data.get("lead_department", ""),
        is_public=data.get("is_public", True),
        facts=data.get("facts", ""),
        proposed_resolution=data.get("proposed_resolution", ""),
        financial_effects=data.get("financial_effects", ""),
    )
    checks = data.get("checks", {})
    sections = []
    if INTEGRATION_CHECK not in checks:
        if concept is None:
            concept = Check.objects.get(site=site, slug=INTEGRATION_CHECK).concept_in_force_on(
                proposal_date
            )
        sections.append((concept.assessment_check, concept, data))
    for slug, section in checks.items():
        check = Check.objects.get(site=site, slug=slug)
        sections.append((check, check.concept_in_force_on(proposal_date), section))
    page.assessments, page.precheck_answers = [], []
    page.principle_ratings, page.goal_ratings, page.implemented_measures = [], [], []
    for check, check_concept, section in sections:
        _add_assessment(page, check, check_concept, section)
    # Each row keeps its place as written (as the editor numbers them): without it the
    # rows' order would be left to the database.
    for relation in (
        "assessments",
        "precheck_answers",
        "principle_ratings",
        "goal_ratings",
        "implemented_measures",
    ):
        for position, row in enumerate(getattr(page, relation).all()):
            row.sort_order = position
    page.consultations = [
        Consultation(
            body=bodies[slug],
            meeting_date=datetime.date.fromisoformat(date) if date else None,
            role=role,
            result=result,
        )
        for slug, date, role, result in data.get("consultations", [])
    ]
    return page


def _add_assessment(page, check, concept, section):
    """Add ``check``'s assessment of ``page`` against ``concept`` from a demo data section."""
    principles = {p.number: p for p in GuidingPrinciple.objects.filter(concept=concept)}
    goals = {g.number: g for g in Goal.objects.filter(field_of_action__concept=concept)}
    measures = {m.number: m for m in Measure.objects.filter(field_of_action__concept=concept)}
    page.assessments.add(
        Assessment(
            assessment_check=check,
            concept=concept,
            summary=section.get("summary", ""),
            not_relevant_reason=section.get("not_relevant_reason", ""),
        )
    )
    answers = section.get("precheck")
    if answers is not None:
        for question, answer in zip(check.questions, answers, strict=True):
            page.precheck_answers.add(PrecheckAnswer(question=question, answer=answer))
    for number, rating, justification, weighing in section.get("principles", []):
        page.principle_ratings.add(
            PrincipleRating(
                principle=principles[number],
                rating=rating,
                justification=justification,
                weighing=weighing,
            )
        )
    for number, rating, justification, weighing in section.get("goals", []):
        page.goal_ratings.add(
            GoalRating(
                goal=goals[number], rating=rating, justification=justification, weighing=weighing
            )
        )
    for number in section.get("measures", []):
        page.implemented_measures.add(ImplementedMeasure(measure=measures[number]))


def add_proposal(index, data, bodies=None, publish=None, attachments=()):
    """Create a proposal from demo-style ``data`` below ``index`` with its first revision.

    The revision is published unless ``publish`` (default: ``data["published"]``,
    else True) is false. Returns the page.
    """
    site = site_of_page(index) or default_site()
    if not bodies:
        bodies = {
            body.slug: body for body in Body.objects.filter(site=site, locale=Locale.get_default())
        } or ensure_bodies(site=site)
    page = build_proposal(data, bodies, site=site)
    if attachments:
        page.attachments = list(attachments)
    return _create(index, page, data.get("published", True) if publish is None else publish)


def _create(index, page, publish):
    # A new page is live by default; it goes live only through its published revision.
    page.live = False
    index.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    return page


@transaction.atomic
def load(groups, demo=None, *, site=None, index_page=None):
    """Create the proposals section, its bodies and the proposals of ``demo`` (a
    ``DemoFile``; default: the demo's, ``proposals/demo/steinfurt.yaml``) that do not
    exist yet; return lines to print.

    The proposals go below ``index_page``, else below the proposals section of ``site``
    (default: the default site), created if missing; they are assessed in the checks of
    that site and deliberated by its bodies. The file is checked against the database
    first; a problem raises FileRefused and nothing is written. ``groups`` are the site's
    role groups (``home.roles.ensure_groups(site)``).
    """
    demo = demo or read_demo_file(DEMO_FILE)
    index = index_page or ensure_index_page(site)
    site = site_of_page(index) or default_site()
    problems = check_references(demo, site)
    if problems:
        raise FileRefused(demo.path, problems)
    ensure_proposal_permissions(index, groups)
    ensure_workflow(index, groups, site=site)
    bodies = ensure_bodies(demo.bodies, index.locale, site=site)
    new = _new_proposals(demo, bodies, index, site)
    created = []
    # Each save would rebuild the page's reference index (the admin's "usage" counts);
    # build it once per new page at the end instead of three times.
    with disable_reference_index_auto_update():
        for data, page in new:
            created.append(_create(index, page, data["published"]))
    for page in created:
        ReferenceIndex.create_or_update_for_object(page)
    total = ProposalPage.objects.child_of(index).count()
    return [f"Vorlagen: {len(created)} neu, {total} insgesamt."]


def _new_proposals(demo: DemoFile, bodies, index_page, site):
    """Return ``[(data, unsaved page)]`` of the proposals whose slug is not taken; raise
    FileRefused if one to be published could not be."""
    checker = DataChecker(demo.lines)
    existing = set(
        ProposalPage.objects.child_of(index_page)
        .filter(slug__in=[data["slug"] for data in demo.proposals])
        .values_list("slug", flat=True)
    )
    new = []
    for index, data in enumerate(demo.proposals):
        if data["slug"] in existing:
            continue
        page = build_proposal(data, bodies, site=site)
        # Where it will stand: its site (and so its checks) follow from its address.
        page.url_path = f"{index_page.url_path}{page.slug}/"
        if data["published"]:
            for problem in page.get_publish_problems():
                checker.add(
                    ("proposals", index),
                    _("Die Vorlage kann so nicht veröffentlicht werden: %(problem)s")
                    % {"problem": problem},
                )
        new.append((data, page))
    if checker.problems:
        raise FileRefused(demo.path, checker.problems)
    return new
