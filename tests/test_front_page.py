"""The home page is the front door: the concept in two sentences, its progress at a glance
(measures by state per field of action, effects of decisions per guiding principle) as
charts with text alternatives and tables, the latest decided public proposals of the
town; goal and principle pages show the effects over time.

The expected numbers are counted here from the database, not through the code that
draws the charts. The latest decisions per town are tested with the other two-town tests
(tests/test_two_towns.py); that the home page's queries do not grow with the number of
proposals, in tests/test_query_counts.py ("home page").
"""

import shutil
from collections import Counter

import pytest
from bs4 import BeautifulSoup
from django.db.models import Max

from integration_check.choices import MeasureState, Rating
from integration_check.models import (
    Concept,
    FieldOfAction,
    Goal,
    GoalRating,
    GuidingPrinciple,
    Measure,
    PrincipleRating,
)
from proposals.models import Consultation, ProposalPage
from tests.test_accessibility import (
    LANGUAGES,
    OVERFLOW,
    axe_violations,
    describe,
    start_chromium,
)

STATE_LABELS = {str(label): value for value, label in MeasureState.choices}
RATING_LABELS = {str(label): value for value, label in Rating.choices}


def soup_of(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def _integration_concept(site_hostname=None):
    concepts = Concept.objects.filter(
        locale__language_code="de", assessment_check__slug="integration"
    )
    if site_hostname:
        concepts = concepts.filter(assessment_check__site__hostname=site_hostname)
    else:
        concepts = concepts.filter(assessment_check__site__is_default_site=True)
    return concepts.get(slug="steinfurt-2018-2021") if not site_hostname else concepts.first()


def _adopted_public_pages():
    """Live German public proposals whose deciding body adopted them."""
    return ProposalPage.objects.live().filter(
        locale__language_code="de",
        is_public=True,
        consultations__role=Consultation.Role.DECISION,
        consultations__result__in=Consultation.ADOPTED_RESULTS,
    )


def _table(soup, caption_id):
    """``{row heading: {column heading: cell text}}`` of the table with that caption."""
    caption = soup.find("caption", id=caption_id)
    assert caption is not None, caption_id
    table = caption.find_parent("table")
    heads = [th.get_text(" ", strip=True) for th in table.find("thead").find_all("th")][1:]
    rows = {}
    for tr in table.find("tbody").find_all("tr"):
        name = tr.find("th").get_text(" ", strip=True)
        rows[name] = dict(
            zip(heads, [td.get_text(strip=True) for td in tr.find_all("td")], strict=True)
        )
    return rows


def _chart_beside(soup, caption_id):
    """The SVG chart in the same container as the table captioned ``caption_id``."""
    container = soup.find("caption", id=caption_id).find_parent("div", class_="table-scroll")
    return container.parent.find("svg")


def _assert_text_alternative(svg):
    assert svg["role"] == "img"
    title_id, desc_id = svg["aria-labelledby"].split()
    assert svg.find("title", id=title_id).get_text(strip=True)
    assert svg.find("desc", id=desc_id).get_text(strip=True)
    return svg.find("desc").get_text()


def _state_of(measure):
    update = measure.status_updates.order_by("-date", "-sort_order", "-pk").first()
    return update.state if update else ""


@pytest.mark.django_db
def test_measures_by_state_per_field_match_the_hand_count(demo, client):
    concept = _integration_concept()
    soup = soup_of(client, "/")
    caption = f"states-{concept.assessment_check_id}-caption"
    table = _table(soup, caption)
    fields = FieldOfAction.objects.filter(concept=concept, retired=False).order_by("sort_order")
    assert len(table) == fields.count() > 0
    description = _assert_text_alternative(_chart_beside(soup, caption))
    for field in fields:
        expected = Counter(
            _state_of(m) for m in Measure.objects.filter(field_of_action=field, retired=False)
        )
        row = table[f"{field.number} {field.title}"]
        shown = {STATE_LABELS.get(head, head): int(count) for head, count in row.items()}
        for state in MeasureState.values:
            assert shown[state] == expected[state], (field.number, state)
        assert shown["nicht erfasst"] == expected[""]
        assert shown["zusammen"] == sum(expected.values())
        # The text alternative names every count of the field.
        for state, count in expected.items():
            if state:
                label = MeasureState(state).label
                assert f"{label} {count}" in description.split(f"{field.number} {field.title}:")[1]


@pytest.mark.django_db
def test_effects_per_principle_match_the_hand_count(demo, client):
    concept = _integration_concept()
    soup = soup_of(client, "/")
    caption = f"effects-{concept.assessment_check_id}-caption"
    table = _table(soup, caption)
    description = _assert_text_alternative(_chart_beside(soup, caption))
    adopted = _adopted_public_pages().values("pk")
    principles = GuidingPrinciple.objects.filter(concept=concept, retired=False)
    assert len(table) == principles.count() > 0
    total = 0
    for principle in principles:
        row = {
            RATING_LABELS[head.split(" ", 1)[1]]: int(count)
            for head, count in table[f"{principle.number} {principle.title}"].items()
        }
        for effect in Rating.values:
            expected = PrincipleRating.objects.filter(
                principle=principle, effect=effect, page_id__in=adopted
            ).count()
            assert row[effect] == expected, (principle.number, effect)
            total += expected
        part = description.split(f"{principle.number} {principle.title}:")[1].split(";")[0]
        for effect, count in row.items():
            if count:
                assert f"{Rating(effect).label} {count}" in part
    assert total > 0  # the demo's decisions do rate the principles


@pytest.mark.django_db
def test_home_page_shows_the_concept_in_two_sentences_and_the_ways_in(demo, client):
    soup = soup_of(client, "/")
    summary = soup.find("p", class_="front-summary").get_text(" ", strip=True)
    assert summary.startswith("Mit dem Integrationskonzept will Steinfurt")
    links = {a["href"] for a in soup.find("nav", class_="front-ways").find_all("a")}
    assert "/integrationskonzept/" in links
    assert "/vorlagen/" in links
    assert "/fuer-den-rat/" not in links


@pytest.mark.django_db
def test_council_area_is_linked_for_council_members(demo, client, django_user_model):
    client.force_login(django_user_model.objects.get(username="ratsmitglied"))
    links = {a["href"] for a in soup_of(client, "/").find("nav", class_="front-ways").find_all("a")}
    assert "/fuer-den-rat/" in links


@pytest.mark.django_db
def test_summary_falls_back_to_the_concepts_introduction(demo, client):
    from home.models import HomePage

    home = HomePage.objects.get(locale__language_code="de", depth=2, url_path="/home/")
    home.summary = ""
    home.save_revision().publish()
    concept = _integration_concept()
    summary = soup_of(client, "/").find("p", class_="front-summary").get_text(" ", strip=True)
    first = concept.introduction.split(". ")
    assert summary.startswith(first[0])
    assert first[1].split(".")[0] in summary
    assert first[2][:20] not in summary  # two sentences, not three


def _decision_date(page):
    decided = page.consultations.filter(
        role=Consultation.Role.DECISION,
        result__in=Consultation.DECIDED_RESULTS,
        meeting_date__isnull=False,
    ).aggregate(last=Max("meeting_date"))["last"]
    return decided or page.date


def expected_latest(site):
    """The five public proposals of ``site`` decided last, by hand."""
    root = site.root_page
    pages = (
        ProposalPage.objects.live()
        .filter(locale__language_code="de", is_public=True, url_path__startswith=root.url_path)
        .filter(
            consultations__role=Consultation.Role.DECISION,
            consultations__result__in=Consultation.DECIDED_RESULTS,
        )
        .distinct()
    )
    ordered = sorted(pages, key=lambda p: (_decision_date(p), p.pk), reverse=True)
    return [p.title for p in ordered[:5]]


def latest_titles(soup):
    section = soup.find("section", attrs={"aria-labelledby": "decided-heading"})
    if section is None:
        return []
    return [li.find("a").find("span").get_text(strip=True) for li in section.find_all("li")]


@pytest.mark.django_db
def test_nonpublic_proposals_never_count_on_the_home_page(demo, client, django_user_model):
    # The Steinfurt proposal decided last becomes non-public.
    latest_title = latest_titles(soup_of(client, "/"))[0]
    page = ProposalPage.objects.get(title=latest_title, locale__language_code="de")
    effects_before = Counter(
        PrincipleRating.objects.filter(page=page).values_list("effect", flat=True)
    )
    page.is_public = False
    page.save_revision().publish()

    # A council member, who may read it, looks first (and fills the caches)...
    member = django_user_model.objects.get(username="ratsmitglied")
    client.force_login(member)
    member_soup = soup_of(client, "/")
    client.logout()
    # ... then an anonymous reader.
    soup = soup_of(client, "/")
    html = str(soup)
    for shown in (member_soup, soup):
        assert latest_title not in latest_titles(shown)
    assert latest_title not in html
    assert page.reference not in html
    concept = _integration_concept()
    table = _table(soup, f"effects-{concept.assessment_check_id}-caption")
    adopted = _adopted_public_pages().values("pk")
    assert not _adopted_public_pages().filter(pk=page.pk).exists()
    totals = Counter()
    for row in table.values():
        for head, count in row.items():
            totals[RATING_LABELS[head.split(" ", 1)[1]]] += int(count)
    for effect in Rating.values:
        assert (
            totals[effect]
            == PrincipleRating.objects.filter(
                principle__concept=concept, effect=effect, page_id__in=adopted
            ).count()
        )
    assert sum(effects_before.values())  # the proposal did rate principles


@pytest.mark.django_db
def test_home_page_in_arabic_is_right_to_left_with_its_charts(demo_translated, client):
    soup = soup_of(client, "/ar/")
    assert soup.html["dir"] == "rtl" and soup.html["lang"] == "ar"
    charts = soup.find_all("svg", class_="bar-chart")
    assert len(charts) >= 4  # states and effects of the integration check and the Klimacheck
    for svg in charts:
        _assert_text_alternative(svg)
        assert svg.find_parent("div").find("table") is not None
    # The Arabic summary from the demo translations, not the German one.
    summary = soup.find("p", class_="front-summary")
    assert summary.get_text(strip=True).startswith("تريد شتاينفورت")
    assert not summary.get("lang")
    # Names shown in German for want of a translation are marked in the chart too.
    for text in soup.select("svg text.bar-label[lang]"):
        assert text["lang"] == "de"


def _year_rows(soup):
    caption = soup.find("caption", id="years-caption")
    assert caption is not None
    table = _table(soup, "years-caption")
    return {
        int(year): {RATING_LABELS[h.split(" ", 1)[1]]: int(c) for h, c in row.items()}
        for year, row in table.items()
    }


def _expected_by_year(rating_model, item_field, item):
    counts = {}
    adopted = _adopted_public_pages().distinct()
    for page in adopted:
        for rating in rating_model.objects.filter(page=page, **{item_field: item}):
            if rating.effect in Rating.values:
                year = _decision_date(page).year
                counts.setdefault(year, Counter())[rating.effect] += 1
    return {year: {e: c[e] for e in Rating.values} for year, c in counts.items()}


@pytest.mark.django_db
def test_goal_page_shows_effects_per_year(demo, client):
    concept = _integration_concept()
    goals = Goal.objects.filter(field_of_action__concept=concept, retired=False)
    rated = [g for g in goals if _expected_by_year(GoalRating, "goal", g)]
    assert rated
    for goal in rated[:3]:
        soup = soup_of(client, f"/integrationskonzept/ziel/{goal.url_key}/")
        assert _year_rows(soup) == _expected_by_year(GoalRating, "goal", goal)
        svg = soup.find("caption", id="years-caption").find_parent("div").parent.find("svg")
        description = _assert_text_alternative(svg)
        for year in _year_rows(soup):
            assert f"{year}:" in description


@pytest.mark.django_db
def test_principle_page_shows_effects_per_year(demo, client):
    concept = _integration_concept()
    principle = GuidingPrinciple.objects.filter(concept=concept).order_by("sort_order").first()
    expected = _expected_by_year(PrincipleRating, "principle", principle)
    assert len(expected) >= 2  # the demo's decisions span several years
    soup = soup_of(client, f"/integrationskonzept/leitgedanke/{principle.url_key}/")
    assert _year_rows(soup) == expected


@pytest.mark.django_db
def test_principle_page_without_decisions_says_so(demo, client):
    concept = _integration_concept()
    principle = GuidingPrinciple.objects.filter(concept=concept).first()
    PrincipleRating.objects.filter(principle=principle).update(effect="")
    from integration_check.tally_cache import bump

    bump()
    soup = soup_of(client, f"/integrationskonzept/leitgedanke/{principle.url_key}/")
    section = soup.find("section", attrs={"aria-labelledby": "years-heading"})
    assert section.find("svg") is None
    assert "Noch keine beschlossene öffentliche Vorlage" in section.get_text()


def test_concept_in_force_per_check_follows_the_rule_of_in_force_on(db):
    """``in_force_by_check`` (the home page, all checks at once) and ``in_force_on`` (one
    check) choose the same concept on every date."""
    import datetime

    from integration_check.models import Check

    check = Check.objects.create(name="Test", slug="test")
    base = {"assessment_check": check, "status": Concept.Status.ADOPTED}
    Concept.objects.create(
        slug="a", title="A", valid_from="2018-01-01", valid_until="2021-12-31", **base
    )
    Concept.objects.create(
        slug="b", title="B", valid_from="2022-01-01", valid_until="2023-12-31", **base
    )
    Concept.objects.create(
        slug="c",
        title="C",
        valid_from="2020-01-01",
        status=Concept.Status.DRAFT,
        assessment_check=check,
    )
    for day in ("2017-06-01", "2019-06-01", "2022-06-01", "2025-06-01"):
        date = datetime.date.fromisoformat(day)
        single = check.concepts.in_force_on(date)
        by_check = check.concepts.all().in_force_by_check(date).get(check.pk)
        assert single == by_check, day


# --- in the browser -------------------------------------------------------------------

FRONT_PAGES = [("home page", "/"), ("goal page", "/integrationskonzept/ziel/1-1/")]


@pytest.fixture(scope="module")
def browser():
    driver, profile = start_chromium()
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_home_and_goal_pages_pass_axe_and_reflow_in_german_and_arabic(
    live_server, demo_translated, browser, subtests
):
    site = live_server.url
    failures = []
    for code, prefix in LANGUAGES:
        for name, path in FRONT_PAGES:
            violations = axe_violations(browser, site + prefix + path, 200, code)
            if violations:
                failures.append(describe(f"{name} [{code}]", prefix + path, violations))
            assert browser.find_elements("css selector", "svg.bar-chart"), (name, code)
    with subtests.test("axe-core"):
        assert not failures, "\n".join(failures)
    with subtests.test("reflow at 320 CSS pixels"):
        wide_pages = []
        browser.set_window_size(320, 800)
        try:
            for code, prefix in LANGUAGES:
                for name, path in FRONT_PAGES:
                    browser.get(site + prefix + path)
                    width, page_width, wide, loose, _scrolling = browser.execute_script(OVERFLOW)
                    if wide or page_width > width or loose:
                        wide_pages.append(
                            f"{name} [{code}]: {page_width}px for {width}px: {wide}; "
                            f"tables outside a scroll container: {loose}"
                        )
        finally:
            browser.set_window_size(1280, 1000)
        assert not wide_pages, "\n".join(wide_pages)
