"""Checks (Prüfungen) in the Wagtail admin, the check of a concept and of a workflow step,
and the plugin's guards against publishing a page that may not go live.

The coordination office (``integration``) maintains checks as it maintains the
concepts; the other roles may read them. Every change goes through Wagtail's own
views; the effects are read where users meet them (the listing, the editor's
messages, the public concept page, the workflow step, bulk and scheduled publishing).
"""

import datetime
import io
import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.test.utils.form_data import querydict_from_html

from home import roles
from home.demo_checks import CLIMATE_CHECK
from integration_check.assessment import PublishRefused
from integration_check.check_forms import kind_choices
from integration_check.migration_helpers import INTEGRATION_CHECK
from integration_check.models import (
    Assessment,
    Check,
    Concept,
    ConceptPage,
    GoalRating,
    GuidingPrinciple,
    IntegrationCheckTask,
    PrecheckAnswer,
    PrecheckQuestion,
    PrincipleRating,
    ScaleLevel,
)
from integration_check.models.assessment import assessable_page_models
from proposals.models import ProposalIndexPage, ProposalPage
from tests.proposals import add_proposal

COORDINATION = "integration"
AUTHOR = "sachbearbeitung"
REFERENCE_MISSING = "Die Drucksachen-Nr. fehlt."
ASSESSMENT_HEADING = "Die Prüfung der Vorlage ist unvollständig."


# --- helpers -----------------------------------------------------------------------------


def login(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def check_url(action, *args):
    return reverse(f"wagtailsnippets_integration_check_check:{action}", args=args)


def concept_url(action, *args):
    return reverse(f"wagtailsnippets_integration_check_concept:{action}", args=args)


def editor_data(response):
    """Return the snippet editor's data as a browser submits it, without row templates."""
    html = response.content.decode()
    data = querydict_from_html(html, form_id="w-editor-form")
    form = BeautifulSoup(html, "html.parser").find("form", id="w-editor-form")
    result = {}
    for key in data:
        if "__prefix__" not in key:
            values = data.getlist(key)
            result[key] = values if len(values) > 1 else values[0]
    # A browser sends "on" for a ticked checkbox without value, drops the newline
    # right after <textarea> and sends every ticked box of a group.
    for box in form.find_all("input", type="checkbox", checked=True):
        name = box["name"]
        if "__prefix__" not in name and not box.get("value"):
            result[name] = "on"
    for textarea in form.find_all("textarea"):
        name = textarea.get("name")
        if isinstance(result.get(name), str) and result[name].startswith("\n"):
            result[name] = result[name][1:]
    return result


def rows(data, prefix):
    """Return the indexes of the rows of formset ``prefix`` in ``data``."""
    return list(range(int(data[f"{prefix}-TOTAL_FORMS"])))


def row_with(data, prefix, field, value):
    return next(i for i in rows(data, prefix) if data.get(f"{prefix}-{i}-{field}") == value)


def add_row(data, prefix, **values):
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    data[f"{prefix}-{index}-id"] = ""
    data[f"{prefix}-{index}-ORDER"] = str(index + 1)
    data[f"{prefix}-{index}-DELETE"] = ""
    for field, value in values.items():
        if value is True:
            value = "on"
        if value is not False:
            data[f"{prefix}-{index}-{field}"] = value
    return data


def errors_shown(response):
    """Return the texts of the error messages the editor shows at fields and panels."""
    soup = BeautifulSoup(response.content, "html.parser")
    found = [
        " ".join(node.get_text(" ", strip=True).split())
        for node in soup.select(".error-message, .w-field__errors")
    ]
    return [text for text in found if text]


def messages_shown(response):
    """Return the texts of the messages shown, without Wagtail's link to the first error."""
    soup = BeautifulSoup(response.content, "html.parser")
    for button in soup.select(".messages li button"):
        button.decompose()
    return [" ".join(li.get_text(" ", strip=True).split()) for li in soup.select(".messages li")]


def integration_check():
    return Check.objects.get(slug=INTEGRATION_CHECK)


def climate_check():
    """The demo's second check, the Klimacheck."""
    return Check.objects.get(slug=CLIMATE_CHECK)


def source_ratings(key):
    """The saved German ratings of the integration check's items with level ``key``."""
    return sum(
        model.objects.filter(rating=key, locale__language_code="de").count()
        for model in (PrincipleRating, GoalRating)
    )


def new_check(
    slug="nachhaltigkeit", name="Nachhaltigkeitscheck", short_name="Nachhaltigkeit", **fields
):
    """A third check (besides the demo's two) with a three-level scale and an adopted
    concept of one guiding principle."""
    check = Check.objects.create(
        slug=slug, name=name, short_name=short_name, sort_order=10, **fields
    )
    for position, (key, label, symbol, sign, justify) in enumerate(
        [
            ("foerdernd", "fördernd", "+", 1, True),
            ("ohne", "ohne Wirkung", "○", 0, False),
            ("hemmend", "hemmend", "−", -1, True),
        ]
    ):
        ScaleLevel.objects.create(
            assessment_check=check,
            key=key,
            label=label,
            symbol=symbol,
            sign=sign,
            needs_justification=justify,
            sort_order=position,
        )
    steinfurt = Concept.objects.get(
        assessment_check=integration_check(), locale__language_code="de"
    )
    concept = Concept.objects.create(
        assessment_check=check,
        slug=f"{slug}-konzept",
        title=f"Konzept {name}",
        valid_from=datetime.date(2000, 1, 1),
        status=Concept.Status.ADOPTED,
        locale=steinfurt.locale,
    )
    GuidingPrinciple.objects.create(
        concept=concept, number="1", title="Weniger Verkehr", locale=steinfurt.locale
    )
    return check


P, N = "positive", "neutral"


def proposal(index, slug, reference, title, *, complete=True, publish=False):
    """A proposal assessed in the integration check; incomplete: summary and a rating missing.

    The demo's Klimacheck, which a Beschlussvorlage must pass too, finds it not relevant
    (tests.proposals), so that only what the test sets up is missing."""
    data = {
        "title": title,
        "slug": slug,
        "reference": reference,
        "date": "2030-03-01",
        "summary": "Die Vorlage ist vereinbar." if complete else "",
        "principles": [("1", P, "Begegnung wird gefördert.", "")]
        + [(str(n), N, "", "") for n in range(2, 5)]
        + [("5", N if complete else "", "", "")],
    }
    page = add_proposal(index, data, publish=publish)
    return ProposalPage.objects.get(pk=page.pk)


def is_live(page):
    return ProposalPage.objects.get(pk=page.pk).live


@pytest.fixture
def index(demo):
    return ProposalIndexPage.objects.get()


# --- the listing and who may do what ------------------------------------------------------


def test_checks_are_in_the_menu_and_listed_with_their_concepts(client, demo_translated):
    login(client, COORDINATION)

    dashboard = client.get(reverse("wagtailadmin_home"))
    props = BeautifulSoup(dashboard.content, "html.parser").find(id="wagtail-sidebar-props")
    assert check_url("list") in props.get_text()
    assert "Prüfungen" in json.dumps(json.loads(props.get_text()), ensure_ascii=False)

    response = client.get(check_url("list"))
    assert response.status_code == 200
    table = BeautifulSoup(response.content, "html.parser").find("table", class_="listing")
    headings = [th.get_text(" ", strip=True) for th in table.select("thead th")]
    assert headings[1:4] == ["Name", "Kurzname", "Konzepte"]
    listed = [
        [td.get_text(" ", strip=True) for td in tr.select("td")] for tr in table.select("tbody tr")
    ]
    # The checks in their configured order: the integration check, then the Klimacheck.
    names = [cells[1] for cells in listed]
    assert [name.split(" Bearbeiten")[0] for name in names] == [
        "Vereinbarkeit mit dem Integrationskonzept",
        "Klimacheck",
    ]
    # The Steinfurt concept counts once, not once per language it is translated into.
    assert Concept.objects.filter(assessment_check=integration_check()).count() > 1
    assert listed[0][2:4] == ["Integration", "1"]
    assert listed[1][2:4] == ["Klima", "1"]
    assert client.get(check_url("list"), {"ordering": "-concept_count"}).status_code == 200


def test_only_the_coordination_office_changes_checks(client, demo):
    for group in roles.ADMIN_STAFF:
        permissions = Group.objects.get(name=group).permissions
        may_change = permissions.filter(codename="change_check").exists()
        assert may_change == (group == roles.COORDINATION)
        assert permissions.filter(codename="view_check").exists()

    check = integration_check()
    login(client, AUTHOR)
    assert client.get(check_url("list")).status_code == 200
    response = client.post(check_url("edit", check.pk), {"name": "Umbenannt"})
    assert response.status_code in (302, 403)
    assert client.post(check_url("delete", check.pk)).status_code in (302, 403)
    assert Check.objects.get(pk=check.pk).name == "Vereinbarkeit mit dem Integrationskonzept"


# --- creating and editing a check ------------------------------------------------------------


def test_applies_to_offers_the_kinds_of_every_assessable_page_model(client, demo):
    login(client, COORDINATION)

    response = client.get(check_url("add"))

    soup = BeautifulSoup(response.content, "html.parser")
    boxes = soup.select("input[name=applies_to]")
    # Besides ProposalPage, the test settings install the plugin's test page model.
    models = assessable_page_models()
    assert ProposalPage in models and len(models) > 1
    offered = [(str(v), str(label)) for m in models for v, label in m.assessment_kind_choices()]
    assert [box["value"] for box in boxes] == [value for value, _label in offered]
    labels = [soup.find("label", attrs={"for": box["id"]}).get_text(strip=True) for box in boxes]
    assert labels == [label for _value, label in offered]
    assert [value for value, _label in offered[: len(ProposalPage.Kind)]] == list(
        ProposalPage.Kind.values
    )
    # The kinds are grouped under the name of the page model that offers them.
    group_of = {
        box["value"]: box.find_parent("label")
        .parent.parent.find("label", recursive=False)
        .get_text(strip=True)
        for box in boxes
    }
    assert group_of == {
        str(value): str(model._meta.verbose_name_plural)
        for model in models
        for value, _label in model.assessment_kind_choices()
    }
    # A kind a check was saved with and no model offers any more stays choosable.
    assert kind_choices(["altlast"])[-1] == ("altlast", "altlast (unbekannte Art)")


def test_coordination_office_creates_a_check_with_its_scale_and_precheck(client, demo):
    login(client, COORDINATION)
    data = editor_data(client.get(check_url("add")))
    data.update(
        {
            "name": "Nachhaltigkeitscheck",
            "slug": "nachhaltigkeit",
            "short_name": "Nachhaltigkeit",
            "concept_label": "Nachhaltigkeitskonzept",
            "principles_rule": "none",
            "goals_rule": "touched",
            "applies_to": ["beschlussvorlage", "antrag"],
            "required_from": "2031-01-01",
            "active": "on",
            "precheck_intro": "Berührt die Vorlage das Klima?",
        }
    )
    add_row(data, "levels", key="plus", label="fördernd", symbol="+", sign="1")
    add_row(data, "levels", key="null", label="ohne Wirkung", symbol="0", sign="0")
    add_row(
        data,
        "levels",
        key="minus",
        label="hemmend",
        symbol="−",
        sign="-1",
        needs_justification=True,
        needs_weighing=True,
    )
    add_row(data, "precheck_questions", text="Entstehen Emissionen?")

    response = client.post(check_url("add"), data)

    assert response.status_code == 302, errors_shown(response)
    check = Check.objects.get(slug="nachhaltigkeit")
    assert check.applies_to == ["beschlussvorlage", "antrag"]
    assert check.required_from == datetime.date(2031, 1, 1)
    assert [(lvl.key, lvl.sign) for lvl in check.levels.all()] == [
        ("plus", 1),
        ("null", 0),
        ("minus", -1),
    ]
    assert check.level("minus").needs_weighing
    assert [q.text for q in check.precheck_questions.all()] == ["Entstehen Emissionen?"]
    listing = client.get(check_url("list"))
    assert "Nachhaltigkeitscheck" in listing.content.decode()


def test_a_check_without_levels_is_refused(client, demo):
    login(client, COORDINATION)
    data = editor_data(client.get(check_url("add")))
    data.update({"name": "Leer", "slug": "leer", "required_from": "2030-01-01"})

    response = client.post(check_url("add"), data)

    assert response.status_code == 200
    assert "Die Bewertungsskala braucht mindestens eine Stufe." in errors_shown(response)
    assert not Check.objects.filter(slug="leer").exists()


def test_a_level_key_used_twice_is_refused_at_the_field(client, demo):
    check = integration_check()
    login(client, COORDINATION)
    data = editor_data(client.get(check_url("edit", check.pk)))
    add_row(data, "levels", key="neutral", label="auch neutral", symbol="=", sign="0")

    response = client.post(check_url("edit", check.pk), data)

    assert response.status_code == 200
    assert (
        "Der Wert „neutral“ kommt in der Skala mehr als einmal vor; jeder Wert darf nur "
        "einmal vorkommen." in errors_shown(response)
    )
    assert check.levels.count() == 3


def test_a_level_key_in_use_cannot_be_renamed(client, demo):
    check = integration_check()
    used = source_ratings("neutral")
    assert used
    login(client, COORDINATION)
    data = editor_data(client.get(check_url("edit", check.pk)))
    data[f"levels-{row_with(data, 'levels', 'key', 'neutral')}-key"] = "null"

    response = client.post(check_url("edit", check.pk), data)

    assert response.status_code == 200
    assert (
        "Der Wert „neutral“ kann nicht geändert werden, denn gespeicherte Bewertungen "
        f"verwenden ihn (Anzahl: {used}) und verlören ihre Bedeutung. Ändern Sie stattdessen "
        "die Bezeichnung." in errors_shown(response)
    )
    assert sorted(check.levels.values_list("key", flat=True)) == ["negative", "neutral", "positive"]


def test_a_level_in_use_cannot_be_removed_but_an_unused_one_can(client, demo):
    check = integration_check()
    login(client, COORDINATION)
    data = editor_data(client.get(check_url("edit", check.pk)))
    add_row(data, "levels", key="plus2", label="stark fördernd", symbol="++", sign="1")
    assert client.post(check_url("edit", check.pk), data).status_code == 302
    assert check.levels.filter(key="plus2").exists()

    data = editor_data(client.get(check_url("edit", check.pk)))
    data[f"levels-{row_with(data, 'levels', 'key', 'negative')}-DELETE"] = "1"
    response = client.post(check_url("edit", check.pk), data)

    assert response.status_code == 200
    assert (
        "Die Stufe „negativ“ (Wert „negative“) kann nicht entfernt werden, denn gespeicherte "
        f"Bewertungen verwenden sie (Anzahl: {source_ratings('negative')}) und verlören ihre "
        "Bedeutung." in errors_shown(response)
    )
    assert check.levels.filter(key="negative").exists()

    data = editor_data(client.get(check_url("edit", check.pk)))
    data[f"levels-{row_with(data, 'levels', 'key', 'plus2')}-DELETE"] = "1"
    assert client.post(check_url("edit", check.pk), data).status_code == 302
    assert sorted(check.levels.values_list("key", flat=True)) == ["negative", "neutral", "positive"]


def test_swapping_two_unused_keys_at_once_is_refused_with_a_message(client, demo):
    check = new_check()
    login(client, COORDINATION)
    data = editor_data(client.get(check_url("edit", check.pk)))
    first, last = (row_with(data, "levels", "key", key) for key in ("foerdernd", "hemmend"))
    data[f"levels-{first}-key"], data[f"levels-{last}-key"] = "hemmend", "foerdernd"

    response = client.post(check_url("edit", check.pk), data)

    assert response.status_code == 200
    assert any("gehört noch der Stufe" in error for error in errors_shown(response))
    assert check.level("foerdernd").label == "fördernd"


def concept_tallies(client):
    """Return ``{principle number: (positive, neutral, negative)}`` from the public concept page."""
    page = ConceptPage.objects.live().get(locale__language_code="de")
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    tallies = {}
    for row in soup.find("table").select("tbody tr"):
        number = row.th.get_text(" ", strip=True).split(".")[0]
        counts = [int(td.get_text(strip=True)) for td in row.find_all("td")]
        tallies[number] = tuple(counts[:3])
    return tallies


def test_a_levels_new_sign_updates_the_ratings_and_the_public_tallies(client, demo):
    check = integration_check()
    before = concept_tallies(client)
    assert any(neutral for _pos, neutral, _neg in before.values())
    login(client, COORDINATION)
    data = editor_data(client.get(check_url("edit", check.pk)))
    data[f"levels-{row_with(data, 'levels', 'key', 'neutral')}-sign"] = "1"

    assert client.post(check_url("edit", check.pk), data).status_code == 302

    assert not PrincipleRating.objects.filter(rating="neutral").exclude(effect="positive").exists()
    client.logout()
    after = concept_tallies(client)
    assert after == {
        number: (positive + neutral, 0, negative)
        for number, (positive, neutral, negative) in before.items()
    }

    login(client, COORDINATION)
    data = editor_data(client.get(check_url("edit", check.pk)))
    data[f"levels-{row_with(data, 'levels', 'key', 'neutral')}-sign"] = "0"
    assert client.post(check_url("edit", check.pk), data).status_code == 302
    client.logout()
    assert concept_tallies(client) == before


def test_an_answered_precheck_question_cannot_be_removed(client, index):
    check = new_check()
    # Made before the check has its question: the test's proposals answer the pre-check of
    # every other check "nein" (tests.proposals), which would be a second answer.
    page = proposal(index, "vorpruefung", "2030/301", "Vorlage mit Vorprüfung")
    question = PrecheckQuestion.objects.create(
        assessment_check=check, text="Entstehen Emissionen?", sort_order=0
    )
    PrecheckAnswer.objects.create(page=page, question=question, answer="yes", locale=page.locale)
    login(client, COORDINATION)
    data = editor_data(client.get(check_url("edit", check.pk)))
    data["precheck_questions-0-DELETE"] = "1"

    response = client.post(check_url("edit", check.pk), data)

    assert response.status_code == 200
    assert (
        "Die Frage „Entstehen Emissionen?“ kann nicht entfernt werden, denn Vorlagen haben sie "
        "beantwortet (Anzahl: 1)." in errors_shown(response)
    )
    assert PrecheckQuestion.objects.filter(pk=question.pk).exists()


# --- deleting a check ----------------------------------------------------------------------


def test_deleting_a_check_in_use_is_refused_with_a_message(client, demo):
    check = integration_check()
    login(client, COORDINATION)

    bulk_delete = reverse("wagtail_bulk_action", args=("integration_check", "check", "delete"))
    for method, url in [
        (client.get, check_url("delete", check.pk)),
        (client.post, check_url("delete", check.pk)),
        (client.post, f"{bulk_delete}?id={check.pk}"),
    ]:
        response = method(url)
        assert response.status_code == 302
        assert response["Location"] == check_url("list")
        shown = messages_shown(client.get(response["Location"]))
        assert any(
            message.startswith(
                "Die Prüfung „Vereinbarkeit mit dem Integrationskonzept“ kann nicht gelöscht "
                "werden, denn Konzepte, Prüfungen von Vorlagen oder Workflow-Schritte gehören "
                "zu ihr (Konzepte: 1, Vorlagen: "
            )
            for message in shown
        ), shown
    assert Check.objects.filter(pk=check.pk).exists()


def test_a_check_nothing_belongs_to_is_deleted(client, demo):
    check = Check.objects.create(slug="entwurf", name="Entwurf einer Prüfung")
    ScaleLevel.objects.create(assessment_check=check, key="ja", label="ja", symbol="+")
    login(client, COORDINATION)

    response = client.post(check_url("delete", check.pk))

    assert response.status_code == 302
    assert not Check.objects.filter(pk=check.pk).exists()


# --- the concept's check ------------------------------------------------------------------------


def test_the_concept_editor_sets_the_check_and_the_listing_shows_it(client, demo):
    klima = climate_check()
    login(client, COORDINATION)
    data = editor_data(client.get(concept_url("add")))
    options = BeautifulSoup(client.get(concept_url("add")).content, "html.parser").select(
        "select[name=assessment_check] option"
    )
    assert {option.get_text(strip=True) for option in options} >= {
        "Vereinbarkeit mit dem Integrationskonzept",
        "Klimacheck",
    }
    data.update(
        {
            "title": "Klimaschutzkonzept 2030",
            "slug": "klima-2030",
            "assessment_check": str(klima.pk),
            "valid_from": "2030-01-01",
            "status": "draft",
        }
    )

    response = client.post(concept_url("add"), data)

    assert response.status_code == 302, errors_shown(response)
    assert Concept.objects.get(slug="klima-2030").assessment_check == klima
    listing = BeautifulSoup(client.get(concept_url("list")).content, "html.parser")
    row = next(
        tr
        for tr in listing.select("table.listing tbody tr")
        if "Klimaschutzkonzept 2030" in tr.text
    )
    assert "Klimacheck" in row.get_text(" ", strip=True)
    filtered = client.get(concept_url("list"), {"assessment_check": klima.pk}).content.decode()
    assert "Klimaschutzkonzept 2030" in filtered
    assert "Integrationskonzept für die Kreisstadt Steinfurt" not in filtered


def test_the_check_of_an_assessed_concept_cannot_change(client, demo):
    klima = climate_check()
    concept = Concept.objects.get(assessment_check=integration_check(), locale__language_code="de")
    assessed = ProposalPage.objects.filter(locale__language_code="de").count()
    login(client, COORDINATION)
    data = editor_data(client.get(concept_url("edit", concept.pk)))
    data["assessment_check"] = str(klima.pk)

    response = client.post(concept_url("edit", concept.pk), data)

    assert response.status_code == 200
    assert (
        "Die Prüfung dieses Konzepts kann nicht mehr geändert werden, denn Vorlagen sind gegen "
        f"das Konzept geprüft (Anzahl: {assessed})." in errors_shown(response)
    )
    concept.refresh_from_db()
    assert concept.assessment_check == integration_check()


# --- a workflow step of one check ---------------------------------------------------------------


def test_a_workflow_step_created_for_one_check_reports_only_that_checks_gaps(client, index):
    sustainability = new_check()
    page = proposal(index, "drei-pruefungen", "2030/302", "Vorlage mit drei Prüfungen")
    principle = GuidingPrinciple.objects.get(concept__assessment_check=sustainability)
    page.assessments.add(
        Assessment(
            assessment_check=sustainability, concept=principle.concept, summary="Nachhaltig."
        )
    )
    page.principle_ratings.add(PrincipleRating(principle=principle))  # not rated yet
    page.save_revision()
    login(client, "admin")
    add_url = reverse(
        "wagtailadmin_workflows:add_task", args=("integration_check", "integrationchecktask")
    )
    form = BeautifulSoup(client.get(add_url).content, "html.parser")
    offered = {o.get_text(strip=True) for o in form.select("select[name=assessment_check] option")}
    assert {
        "Nachhaltigkeitscheck",
        "Klimacheck",
        "Vereinbarkeit mit dem Integrationskonzept",
    } <= offered

    response = client.post(
        add_url,
        {
            "name": "Nachhaltigkeitsprüfung",
            "groups": [Group.objects.get(name=roles.COORDINATION).pk],
            "assessment_check": sustainability.pk,
        },
    )

    assert response.status_code == 302
    task = IntegrationCheckTask.objects.get(name="Nachhaltigkeitsprüfung")
    assert task.assessment_check == sustainability
    problems = task.get_problems(page)
    assert problems == ["Nachhaltigkeit: Leitgedanke 1 „Weniger Verkehr“: Die Bewertung fehlt."]
    # The other two checks have no gaps: the integration check is complete, the
    # Klimacheck found not relevant in its pre-check (tests.proposals).
    for other in (integration_check(), climate_check()):
        assert IntegrationCheckTask(assessment_check=other).get_problems(page) == []
    assert IntegrationCheckTask(assessment_check=None).get_problems(page) == problems


# --- the plugin's publish guards: the reason said is the real one ---------------------------------


def test_the_bulk_publish_guard_is_the_plugins():
    modules = {hook.__module__ for hook in hooks.get_hooks("before_bulk_action")}
    assert "integration_check.wagtail_hooks" in modules
    assert "proposals.wagtail_hooks" not in modules


def test_a_publish_refused_for_the_reference_alone_does_not_blame_the_assessment(index):
    page = proposal(index, "ohne-nummer", "", "Vorlage ohne Nummer")

    with pytest.raises(PublishRefused) as refused:
        page.get_latest_revision().publish()

    assert refused.value.messages == [REFERENCE_MISSING]
    assert not is_live(page)


def test_a_publish_refused_for_both_names_the_reference_then_the_assessments_gaps(index):
    page = proposal(index, "beides", "", "Vorlage ohne alles", complete=False)

    with pytest.raises(PublishRefused) as refused:
        page.get_latest_revision().publish()

    messages = refused.value.messages
    assert messages[:2] == [REFERENCE_MISSING, ASSESSMENT_HEADING]
    # Two checks apply to the page (the Klimacheck found not relevant): each gap names its check.
    gap = "Integration: Leitgedanke 5 „Steinfurt ist neugierig“: Die Bewertung fehlt."
    assert gap in messages[2:]


def test_bulk_publish_names_each_pages_real_reason(client, index):
    without_reference = proposal(index, "ohne-nummer", "", "Vorlage ohne Nummer")
    incomplete = proposal(
        index, "unvollstaendig", "2030/303", "Unvollständige Vorlage", complete=False
    )
    complete = proposal(index, "vollstaendig", "2030/304", "Vollständige Vorlage")
    login(client, "admin")
    next_url = reverse("wagtailadmin_explore", args=(index.pk,))
    ids = "&".join(f"id={page.pk}" for page in (without_reference, incomplete, complete))
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))

    response = client.post(f"{url}?{ids}&next={next_url}", {})

    assert response.status_code == 302
    assert is_live(complete)
    assert not is_live(without_reference) and not is_live(incomplete)
    shown = messages_shown(client.get(next_url))
    assert f"„Vorlage ohne Nummer“ wurde nicht veröffentlicht: {REFERENCE_MISSING}" in shown
    refused = next(m for m in shown if m.startswith("„Unvollständige Vorlage“ wurde nicht"))
    assert f"wurde nicht veröffentlicht: {ASSESSMENT_HEADING} " in refused
    assert "Integration: Leitgedanke 5 „Steinfurt ist neugierig“: Die Bewertung fehlt." in refused


def test_scheduled_publishing_names_the_real_reason(index):
    page = proposal(index, "ohne-nummer", "", "Vorlage ohne Nummer")
    revision = page.get_latest_revision()
    past = timezone.now() - datetime.timedelta(hours=1)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save()
    errors = io.StringIO()

    call_command("publish_scheduled", stdout=io.StringIO(), stderr=errors)

    assert not is_live(page)
    assert f"„Vorlage ohne Nummer“ wurde nicht veröffentlicht: {REFERENCE_MISSING}" in (
        errors.getvalue()
    )
    assert ASSESSMENT_HEADING not in errors.getvalue()


def test_the_check_step_refusing_approval_names_the_missing_reference_alone(client, index):
    page = proposal(index, "ohne-nummer", "", "Vorlage ohne Nummer")
    page.get_workflow().start(page, get_user_model().objects.get(username=AUTHOR))

    def approve_as(username):
        task_state = ProposalPage.objects.get(pk=page.pk).current_workflow_task_state
        url = reverse(
            "wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk)
        )
        return login(client, username).post(url, {"comment": ""})

    assert approve_as("fachdienstleitung").status_code == 302
    assert ProposalPage.objects.get(pk=page.pk).current_workflow_task.name == "Integrationsprüfung"
    # The dashboard shows (and so uses up) the message of that first approval.
    client.get(reverse("wagtailadmin_home"))
    response = approve_as(COORDINATION)

    assert response.status_code == 302
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    assert shown == [REFERENCE_MISSING]
    assert ProposalPage.objects.get(pk=page.pk).current_workflow_task.name == "Integrationsprüfung"
