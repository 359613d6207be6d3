"""Demo content of the proposals app: the proposals section, the bodies, sample proposals."""

import datetime

from django.db import transaction
from wagtail.models import Locale, Page, ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from home.models import HomePage
from integration_check.migration_helpers import INTEGRATION_CHECK
from integration_check.models import (
    Assessment,
    Check,
    Goal,
    GoalRating,
    GuidingPrinciple,
    ImplementedMeasure,
    Measure,
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


def ensure_index_page():
    home = HomePage.objects.filter(locale=Locale.get_default()).first()
    index = ProposalIndexPage.objects.filter(locale=home.locale).first()
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


def ensure_bodies():
    locale = Locale.get_default()
    bodies = {}
    for slug, name, short, kind, order in BODIES:
        body, _ = Body.objects.get_or_create(
            slug=slug,
            locale=locale,
            defaults={"name": name, "short_name": short, "kind": kind, "sort_order": order},
        )
        bodies[slug] = body
    return bodies


def build_proposal(data, bodies, concept):
    """Return an unsaved ProposalPage with its children from a demo data dict."""
    principles = {p.number: p for p in GuidingPrinciple.objects.filter(concept=concept)}
    goals = {g.number: g for g in Goal.objects.filter(field_of_action__concept=concept)}
    measures = {m.number: m for m in Measure.objects.filter(field_of_action__concept=concept)}
    page = ProposalPage(
        title=data["title"],
        slug=data["slug"],
        reference=data["reference"],
        kind=data.get("kind", ProposalPage.Kind.RESOLUTION),
        date=datetime.date.fromisoformat(data["date"]),
        lead_department=data.get("lead_department", ""),
        is_public=data.get("is_public", True),
        facts=data.get("facts", ""),
        proposed_resolution=data.get("proposed_resolution", ""),
        financial_effects=data.get("financial_effects", ""),
    )
    page.assessments = [
        Assessment(
            assessment_check=concept.assessment_check, concept=concept, summary=data["summary"]
        )
    ]
    page.principle_ratings = [
        PrincipleRating(
            principle=principles[number],
            rating=rating,
            justification=justification,
            weighing=weighing,
        )
        for number, rating, justification, weighing in data["principles"]
    ]
    page.goal_ratings = [
        GoalRating(
            goal=goals[number], rating=rating, justification=justification, weighing=weighing
        )
        for number, rating, justification, weighing in data.get("goals", [])
    ]
    page.implemented_measures = [
        ImplementedMeasure(measure=measures[number]) for number in data.get("measures", [])
    ]
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


def add_proposal(index, data, bodies=None, publish=None, attachments=()):
    """Create a proposal from demo-style ``data`` below ``index`` with its first revision.

    The revision is published unless ``publish`` (default: ``data["published"]``,
    else True) is false. Returns the page.
    """
    check = Check.objects.get(slug=INTEGRATION_CHECK)
    concept = check.concept_in_force_on(datetime.date.fromisoformat(data["date"]))
    page = build_proposal(data, bodies or ensure_bodies(), concept)
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
def load(groups):
    """Create the proposals section, bodies and sample proposals; return lines to print."""
    from .demo_data import DEMO_PROPOSALS
    from .demo_upcoming import upcoming_proposals

    index = ensure_index_page()
    ensure_proposal_permissions(index, groups)
    ensure_workflow(index, groups)
    bodies = ensure_bodies()
    created = []
    # Each save would rebuild the page's reference index (the admin's "usage" counts);
    # build it once per new page at the end instead of three times.
    with disable_reference_index_auto_update():
        for data in list(DEMO_PROPOSALS) + upcoming_proposals():
            if ProposalPage.objects.filter(slug=data["slug"]).exists():
                continue
            created.append(add_proposal(index, data, bodies))
    for page in created:
        ReferenceIndex.create_or_update_for_object(page)
    created = len(created)
    return [f"Vorlagen: {created} neu, {ProposalPage.objects.count()} insgesamt."]


__all__ = ["load", "add_proposal", "build_proposal", "Page"]
