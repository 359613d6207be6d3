"""A reproducible data set of many proposals, for the benchmark and the query-count tests.

``add_proposals(count, seed)`` appends ``count`` published proposals below the
proposals section, each with a complete assessment (every guiding principle,
3 to 6 goals, a summary, sometimes implemented measures) and its consultations,
spread evenly over the ten years before today. The newest few have meetings in
the coming weeks, so the council members' area has something to show.

Rows are written in bulk, not one ``save()`` per page: the ``wagtailcore.Page``
rows first (treebeard's materialised paths computed here), then the
``proposals.ProposalPage`` rows of the multi-table child with a plain insert,
then ratings and consultations with ``bulk_create``, and the search index with
the search backend's ``add_bulk``. What is left out on purpose: page revisions
(an imported proposal has none until someone edits it) and Wagtail's reference
index (the admin's "usage" counts). ``add_indicator_values`` adds monthly values
for ten years to every indicator.
"""

import datetime
import random
import uuid
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

from integration_check import tally_cache
from integration_check.migration_helpers import INTEGRATION_CHECK
from integration_check.models import (
    Assessment,
    Check,
    Goal,
    GoalRating,
    GuidingPrinciple,
    ImplementedMeasure,
    Indicator,
    IndicatorValue,
    Measure,
    PrincipleRating,
    Rating,
)
from integration_check.sites import default_site, site_of_page

from .models import Body, Consultation, ProposalIndexPage, ProposalPage

YEARS = 10
#: The word the benchmark searches for; about one proposal in twenty contains it.
SEARCH_WORD = "Sprachkurs"

TOPICS = [
    "Sanierung der Grundschule",
    "Erweiterung der Kindertagesstätte",
    "Zuschuss für den Sportverein",
    "Förderung des Sprachcafés",
    "Neubau eines Radwegs",
    "Unterbringung Geflüchteter",
    "Stellenplan der Verwaltung",
    "Bebauungsplan Wohngebiet",
    "Ausbau der Offenen Ganztagsschule",
    "Jugendzentrum",
    "Fortschreibung des Schulentwicklungsplans",
    "Interkulturelles Stadtfest",
    "Beratungsstelle für Familien",
    "Quartiersmanagement",
    "Sozialer Wohnungsbau",
    "Bürgerbus",
]
PLACES = [
    "Borghorst",
    "Burgsteinfurt",
    "Hollich",
    "Sellen",
    "Veltrup",
    "Dumte",
    "Wilmsberg",
    "Leerer Straße",
]
SENTENCES = [
    "Die Verwaltung schlägt vor, die Mittel im Haushalt bereitzustellen.",
    "Der Bedarf ist in den letzten Jahren deutlich gestiegen.",
    "Die Maßnahme wird mit dem Kreis und den freien Trägern abgestimmt.",
    "Ehrenamtliche Initiativen sollen einbezogen werden.",
    "Die Räume sind barrierefrei erreichbar.",
    "Ein Förderantrag beim Land ist gestellt.",
    "Die Elternschaft wurde in einer Versammlung beteiligt.",
    "Die Kosten verteilen sich auf zwei Haushaltsjahre.",
    "Der Integrationsrat hat sich für den Vorschlag ausgesprochen.",
    "Die Stadtbücherei bietet Räume für Lerngruppen an.",
    "Die Schulen melden steigende Anmeldezahlen.",
    "Die Nachbarschaft wird frühzeitig informiert.",
]
DEPARTMENTS = [
    "Fachdienst Bildung, Kultur und Sport",
    "Fachdienst Soziales",
    "Fachdienst Planung, Bauordnung, Verkehr",
    "Fachdienst Zentrales Gebäudemanagement",
    "Fachdienst Jugend und Familie",
]
KINDS = [
    (ProposalPage.Kind.RESOLUTION, 70),
    (ProposalPage.Kind.INFORMATION, 15),
    (ProposalPage.Kind.REPORT, 5),
    (ProposalPage.Kind.MOTION, 7),
    (ProposalPage.Kind.QUESTION, 3),
]
RATINGS = [(Rating.POSITIVE, 45), (Rating.NEUTRAL, 45), (Rating.NEGATIVE, 10)]
RESULTS = [
    (Consultation.Result.ADOPTED, 80),
    (Consultation.Result.ADOPTED_WITH_CHANGES, 10),
    (Consultation.Result.REJECTED, 7),
    (Consultation.Result.DEFERRED, 3),
]


def _pick(rng, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


def _rating_texts(rng, rating, subject):
    if rating == Rating.NEUTRAL:
        return "", ""
    justification = f"{rng.choice(SENTENCES)} Das betrifft {subject}."
    weighing = ""
    if rating == Rating.NEGATIVE:
        weighing = "Die Vorlage wird dennoch empfohlen; " + rng.choice(SENTENCES)
    return justification, weighing


def _batches(items, size):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _next_references(count_by_year):
    """Return ``{year: iterator of free 4-digit reference numbers}`` beside existing ones."""
    taken = set(ProposalPage.objects.values_list("reference", flat=True))

    def free(year):
        number = 1000
        while True:
            reference = f"{year}/{number}"
            if reference not in taken:
                yield reference
            number += 1

    return {year: free(year) for year in count_by_year}


@transaction.atomic
def add_proposals(count, seed=1, today=None, index=None):
    """Append ``count`` published proposals with complete assessments; return them."""
    if count <= 0:
        return []
    rng = random.Random(seed)
    today = today or datetime.date.today()
    index = index or ProposalIndexPage.objects.filter(locale=Locale.get_default()).first()
    locale = index.locale
    site = site_of_page(index) or default_site()
    # Every proposal is assessed in its site's integration check against its concept in
    # force today.
    concept = Check.objects.get(site=site, slug=INTEGRATION_CHECK).concept_in_force_on(today)
    principles = list(GuidingPrinciple.objects.filter(concept=concept, retired=False))
    goals = list(Goal.objects.filter(field_of_action__concept=concept, retired=False))
    measures_by_goal = {}
    for measure in Measure.objects.filter(
        field_of_action__concept=concept, retired=False
    ).prefetch_related("goals"):
        for goal in measure.goals.all():
            measures_by_goal.setdefault(goal.pk, []).append(measure.pk)
    bodies = {b.slug: b for b in Body.objects.filter(site=site, locale=locale)}
    committees = [b for b in bodies.values() if b.kind == Body.Kind.COMMITTEE] or list(
        bodies.values()
    )
    deciding = [bodies.get("rat"), bodies.get("hauptausschuss")]
    deciding = [b for b in deciding if b] or list(bodies.values())

    # Dates: evenly over ten years; the newest few are current, with meetings ahead.
    upcoming = max(2, round(count * 0.006))
    start = today - datetime.timedelta(days=365 * YEARS)
    span = (today - datetime.timedelta(days=60) - start).days
    dates = [
        start + datetime.timedelta(days=span * i // max(count - upcoming, 1))
        for i in range(count - upcoming)
    ] + [today - datetime.timedelta(days=rng.randint(1, 21)) for _ in range(upcoming)]
    references = _next_references({d.year for d in dates})

    content_type = ContentType.objects.get_for_model(ProposalPage)
    last = index.get_last_child()
    position = Page._str2int(last.path[-Page.steplen :]) if last else 0

    proposals = []
    for i, date in enumerate(dates):
        current = i >= count - upcoming
        reference = next(references[date.year])
        topic, place = rng.choice(TOPICS), rng.choice(PLACES)
        title = f"{topic} in {place}"
        sentences = rng.sample(SENTENCES, 4)
        if rng.random() < 0.05:
            sentences.insert(1, f"Ein {SEARCH_WORD} für Neuzugewanderte wird angeboten.")
        published = timezone.make_aware(datetime.datetime.combine(date, datetime.time(9)))
        position += 1
        proposal = ProposalPage(
            path=Page._get_path(index.path, index.depth + 1, position),
            depth=index.depth + 1,
            numchild=0,
            translation_key=uuid.uuid4(),
            locale=locale,
            live=True,
            has_unpublished_changes=False,
            first_published_at=published,
            last_published_at=published,
            title=title,
            draft_title=title,
            slug="vorlage-" + reference.replace("/", "-"),
            content_type=content_type,
            url_path=f"{index.url_path}vorlage-{reference.replace('/', '-')}/",
            latest_revision_created_at=None,
            show_in_menus=False,
            reference=reference,
            kind=_pick(rng, KINDS),
            date=date,
            lead_department=rng.choice(DEPARTMENTS),
            is_public=rng.random() < 0.9,
            facts="".join(f"<p>{s}</p>" for s in sentences),
            proposed_resolution=f"<p>Der Rat beschließt: {title}.</p>",
            financial_effects=f"<p>Kosten von {rng.randint(1, 500) * 1000} € im Haushalt.</p>",
        )
        proposal._bench_current = current
        proposals.append(proposal)

    _insert_pages(proposals)
    Page.objects.filter(pk=index.pk).update(numchild=index.numchild + len(proposals))
    index.numchild += len(proposals)

    principle_rows, goal_rows, measure_rows, consultation_rows = [], [], [], []
    assessment_rows = []
    for proposal in proposals:
        assessment_rows.append(
            Assessment(
                page_id=proposal.pk,
                assessment_check_id=concept.assessment_check_id,
                concept_id=concept.pk,
                summary=f"Die Vorlage „{proposal.title}“ ist mit dem Integrationskonzept vereinbar.",
                sort_order=0,
                locale_id=locale.pk,
                translation_key=uuid.uuid4(),
            )
        )
        principle_rows += _ratings(rng, PrincipleRating, "principle", principles, proposal, locale)
        chosen = rng.sample(goals, min(len(goals), rng.randint(3, 6)))
        goal_rows += _ratings(rng, GoalRating, "goal", chosen, proposal, locale)
        if rng.random() < 0.3:
            candidates = measures_by_goal.get(chosen[0].pk)
            if candidates:
                measure_rows.append(
                    ImplementedMeasure(
                        page_id=proposal.pk,
                        measure_id=rng.choice(candidates),
                        sort_order=0,
                        locale_id=locale.pk,
                        translation_key=uuid.uuid4(),
                    )
                )
        consultation_rows += _consultations(rng, proposal, committees, deciding, today, locale)

    for model, rows in (
        (Assessment, assessment_rows),
        (PrincipleRating, principle_rows),
        (GoalRating, goal_rows),
        (ImplementedMeasure, measure_rows),
        (Consultation, consultation_rows),
    ):
        model.objects.bulk_create(rows, batch_size=500)

    backend = get_search_backend()
    for batch in _batches(proposals, 1000):
        backend.add_bulk(ProposalPage, batch)
    # Bulk inserts send no signals: tell the tally cache that what it counts changed.
    tally_cache.bump()
    return proposals


def _ratings(rng, model, kind, items, proposal, locale):
    """Rating rows of ``model`` for ``items`` (guiding principles or goals) of a proposal."""
    label = {"principle": "Leitgedanke", "goal": "Ziel"}[kind]
    rows = []
    for order, item in enumerate(items):
        rating = _pick(rng, RATINGS)
        justification, weighing = _rating_texts(rng, rating, f"{label} {item.number}")
        rows.append(
            model(
                page_id=proposal.pk,
                rating=rating,
                effect=rating,
                justification=justification,
                weighing=weighing,
                sort_order=order,
                locale_id=locale.pk,
                translation_key=uuid.uuid4(),
                **{f"{kind}_id": item.pk},
            )
        )
    return rows


def _consultations(rng, proposal, committees, deciding, today, locale):
    """Return the consultation sequence: a committee, then the deciding body (or notice)."""
    rows = []
    current = proposal._bench_current
    meeting = proposal.date + datetime.timedelta(days=rng.randint(7, 20))
    if current:
        meeting = today + datetime.timedelta(days=rng.randint(3, 20))
    information = proposal.kind in (ProposalPage.Kind.INFORMATION, ProposalPage.Kind.REPORT)
    if not information and rng.random() < 0.7:
        rows.append(
            Consultation(
                page_id=proposal.pk,
                body_id=rng.choice(committees).pk,
                meeting_date=meeting,
                role=Consultation.Role.PRELIMINARY,
                result=Consultation.Result.OPEN if current else Consultation.Result.ADOPTED,
            )
        )
        meeting += datetime.timedelta(days=rng.randint(7, 21))
    if information:
        role, result = Consultation.Role.NOTICE, Consultation.Result.NOTED
        body = rng.choice(committees)
    else:
        role, result = Consultation.Role.DECISION, _pick(rng, RESULTS)
        body = rng.choice(deciding)
    rows.append(
        Consultation(
            page_id=proposal.pk,
            body_id=body.pk,
            meeting_date=meeting,
            role=role,
            result=Consultation.Result.OPEN if current else result,
        )
    )
    for order, row in enumerate(rows):
        row.sort_order = order
        row.locale_id = locale.pk
        row.translation_key = uuid.uuid4()
    return rows


def _insert_pages(proposals):
    """Insert the ``wagtailcore_page`` rows, then the ``proposals_proposalpage`` rows."""
    page_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
    pages = [Page(**{f.attname: getattr(p, f.attname) for f in page_fields}) for p in proposals]
    # bulk_create sets the primary keys on SQLite and PostgreSQL (RETURNING).
    Page.objects.bulk_create(pages, batch_size=500)
    for proposal, page in zip(proposals, pages, strict=True):
        proposal.pk = proposal.page_ptr_id = page.pk
        proposal.id = page.pk
    # Multi-table inheritance: Django's bulk_create refuses the child model, so insert
    # the child table's own columns directly.
    fields = list(ProposalPage._meta.local_concrete_fields)
    size = connection.ops.bulk_batch_size(fields, proposals) or len(proposals)
    for batch in _batches(proposals, max(1, min(size, 500))):
        ProposalPage._base_manager._insert(batch, fields=fields, using=connection.alias)
        for proposal in batch:
            proposal._state.adding = False
            proposal._state.db = connection.alias


@transaction.atomic
def add_indicator_values(today=None, years=YEARS, seed=1):
    """Give every indicator a value at the end of each month of the last ``years`` years."""
    rng = random.Random(seed)
    today = today or datetime.date.today()
    rows = []
    for indicator in Indicator.objects.order_by("pk"):
        taken = set(indicator.values.values_list("date", flat=True))
        base = float(indicator.baseline or 10)
        target = float(indicator.target or base * 2)
        months = years * 12
        order = indicator.values.count()
        for m in range(months):
            # The last day of the month, ``months - m`` months before this one.
            year, month = divmod(today.year * 12 + today.month - (months - m), 12)
            date = datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)
            if date in taken:
                continue
            value = base + (target - base) * m / months + rng.uniform(-0.1, 0.1) * base
            rows.append(
                IndicatorValue(
                    indicator=indicator,
                    date=date,
                    value=Decimal(f"{max(value, 0):.2f}"),
                    sort_order=order + m,
                    locale_id=indicator.locale_id,
                    translation_key=uuid.uuid4(),
                )
            )
    IndicatorValue.objects.bulk_create(rows, batch_size=500)
    return len(rows)
