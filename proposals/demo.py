"""Demo content of the proposals app: the proposals section, the bodies, sample proposals.

Each function works on one site (town); without one, on the default site (Steinfurt).
A second town's content is made with the same functions and its site: its home page
(``home.towns.ensure_town``), ``ensure_index_page(site)``, ``ensure_bodies(site)``,
``add_proposal(index, data)`` (assessed in the checks of the index's site) or
``load(groups, site=site, proposals=[...])``.
"""

import datetime

from django.db import transaction
from wagtail.models import Locale, Page, ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from home.towns import default_site, site_home, site_of_page
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

from .models import Body, Consultation, ProposalIndexPage, ProposalPage
from .roles import ensure_proposal_permissions
from .workflow import ensure_workflow

BODIES = [
    # slug, name, short name, kind, sort order
    ("rat", "Rat", "Rat", Body.Kind.COUNCIL, 10),
    ("hauptausschuss", "Hauptausschuss", "HA", Body.Kind.COMMITTEE, 20),
    (
        "soziales",
        "Ausschuss für Soziales, Jugend, Familie und Gesundheit",
        "ASJFG",
        Body.Kind.COMMITTEE,
        30,
    ),
    ("schule", "Schulausschuss", "SchA", Body.Kind.COMMITTEE, 40),
    ("stadtentwicklung", "Ausschuss für Stadtentwicklung", "ASE", Body.Kind.COMMITTEE, 50),
]

# The sample proposals: see DEMO_PROPOSALS in proposals/demo_data.py.


def ensure_index_page(site=None):
    """Return the proposals section (``/vorlagen/``) of ``site``, created if it is missing."""
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


def ensure_bodies(site=None, bodies=BODIES):
    """Return ``{slug: body}`` of ``site`` (default: the default site), created from
    ``bodies`` (rows as :data:`BODIES`) where missing."""
    site = site or default_site()
    locale = Locale.get_default()
    found = {}
    for slug, name, short, kind, order in bodies:
        body, _ = Body.objects.get_or_create(
            site=site,
            slug=slug,
            locale=locale,
            defaults={"name": name, "short_name": short, "kind": kind, "sort_order": order},
        )
        found[slug] = body
    return found


def build_proposal(data, bodies, concept):
    """Return an unsaved ProposalPage with its children from a demo data dict.

    The integration check's assessment (against ``concept``) comes from the top-level
    keys ``summary``, ``principles``, ``goals`` and ``measures``; the assessments of
    other checks from ``checks``, by the check's slug (a check of ``concept``'s site),
    each against its concept in force on the proposal's date::

        "checks": {
            "klima": {
                "precheck": ["yes", "no"],  # the answers, in the order of the questions
                "summary": "...",
                "goals": [("1.1", "plus1", "justification", "weighing"), ...],
                "measures": ["1.1"],
            },
        },

    A check found not relevant by its pre-check has ``"precheck": ["no", "no"]`` and a
    ``"not_relevant_reason"`` instead of the summary and ratings.
    """
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
    sections = [(concept.assessment_check, concept, data)]
    for slug, section in data.get("checks", {}).items():
        check = Check.objects.get(site_id=concept.assessment_check.site_id, slug=slug)
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
    """Create a proposal from demo-style ``data`` below ``index`` with its first revision,
    assessed in the checks of the index's site, with that site's bodies (default: those
    there are, else the demo's).

    The revision is published unless ``publish`` (default: ``data["published"]``,
    else True) is false. Returns the page.
    """
    site = site_of_page(index) or default_site()
    check = Check.objects.get(site=site, slug=INTEGRATION_CHECK)
    concept = check.concept_in_force_on(datetime.date.fromisoformat(data["date"]))
    if not bodies:
        bodies = {
            body.slug: body for body in Body.objects.filter(site=site, locale=Locale.get_default())
        } or ensure_bodies(site)
    page = build_proposal(data, bodies, concept)
    if attachments:
        page.attachments = list(attachments)
    # A new page is live by default; it goes live only through its published revision.
    page.live = False
    index.add_child(instance=page)
    revision = page.save_revision()
    if data.get("published", True) if publish is None else publish:
        revision.publish()
    return page


@transaction.atomic
def load(groups, site=None, proposals=None, bodies=BODIES):
    """Create the proposals section of ``site`` (default: the default site) with its page
    permissions and workflow for ``groups`` (``home.roles.ensure_groups(site)``), its
    bodies and sample proposals (default: Steinfurt's demo proposals); return lines to
    print."""
    from .demo_data import DEMO_PROPOSALS
    from .demo_upcoming import upcoming_proposals

    site = site or default_site()
    index = ensure_index_page(site)
    ensure_proposal_permissions(index, groups)
    ensure_workflow(index, groups, site=site)
    bodies = ensure_bodies(site, bodies)
    if proposals is None:
        proposals = list(DEMO_PROPOSALS) + upcoming_proposals()
    created = []
    # Each save would rebuild the page's reference index (the admin's "usage" counts);
    # build it once per new page at the end instead of three times.
    with disable_reference_index_auto_update():
        for data in proposals:
            if ProposalPage.objects.child_of(index).filter(slug=data["slug"]).exists():
                continue
            created.append(add_proposal(index, data, bodies))
    for page in created:
        ReferenceIndex.create_or_update_for_object(page)
    created = len(created)
    total = ProposalPage.objects.child_of(index).count()
    return [f"Vorlagen: {created} neu, {total} insgesamt."]


__all__ = ["load", "add_proposal", "build_proposal", "Page"]
