"""The concept admin's pickers offer what fits: the item's language, its concept.

With the demo's concept in seven languages and a second concept (a Fortschreibung),
the select of a goal's field of action, a measure's goals and an indicator's measure
offer only items in the edited item's language; a measure's goals only those of its
own concept; each option names its concept once there are several.
"""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import Locale

from integration_check.exchange import import_text
from integration_check.models import FieldOfAction, Goal, Indicator, Measure

UPDATE = """\
format: integrationskonzept/1
concept:
  slug: steinfurt-2022
  title: Fortschreibung 2022
  valid_from: 2022-01-01
  status: adopted
  guiding_principles:
  - number: '1'
    title: Vielfalt
  fields_of_action:
  - number: '1'
    title: Sprache
    goals:
    - number: '1.1'
      title: Deutsch für alle
    measures:
    - number: '1.1'
      title: Sprachcafé
      goals: ['1.1']
"""


def url(model, action, *args):
    return reverse(f"wagtailsnippets_integration_check_{model}:{action}", args=args)


def options(response, name):
    assert response.status_code == 200
    form = BeautifulSoup(response.content.decode(), "html.parser")
    select = form.find("select", attrs={"name": name})
    if select is not None:
        return [o.get_text(strip=True) for o in select.find_all("option") if o.get("value")]
    boxes = form.find_all("input", attrs={"name": name, "type": "checkbox"})
    assert boxes, name
    return [form.find("label", attrs={"for": box["id"]}).get_text(strip=True) for box in boxes]


@pytest.fixture
def coordinator(client, demo_translated):
    import_text(UPDATE, "yaml")
    client.force_login(get_user_model().objects.get(username="integration"))
    return client


@pytest.mark.django_db
def test_a_measures_goals_are_those_of_its_concept_in_its_language(coordinator):
    measure = Measure.objects.get(
        field_of_action__concept__slug="steinfurt-2018-2021",
        number="3.2",
        locale=Locale.get_default(),
    )
    offered = options(coordinator.get(url("measure", "edit", measure.pk)), "goals")
    own = Goal.objects.filter(field_of_action__concept=measure.field_of_action.concept)
    assert Goal.objects.count() > 2 * own.count()  # seven languages, two concepts
    assert len(offered) == own.count()
    assert all(label.startswith(measure.field_of_action.concept.title) for label in offered)
    assert not any("Deutsch für alle" in label for label in offered)


@pytest.mark.django_db
def test_a_goals_field_of_action_is_offered_in_its_language_naming_the_concept(coordinator):
    goal = Goal.objects.filter(locale=Locale.get_default()).first()
    offered = options(coordinator.get(url("goal", "edit", goal.pk)), "field_of_action")
    german = FieldOfAction.objects.filter(locale=Locale.get_default())
    assert len(offered) == german.count() < FieldOfAction.objects.count()
    assert "Fortschreibung 2022 · 1 Sprache" in offered
    english = goal.get_translation(Locale.objects.get(language_code="en"))
    offered_en = options(coordinator.get(url("goal", "edit", english.pk)), "field_of_action")
    assert len(offered_en) == FieldOfAction.objects.filter(locale=english.locale).count()


@pytest.mark.django_db
def test_an_indicators_measure_is_offered_in_its_language(coordinator):
    indicator = Indicator.objects.filter(locale=Locale.get_default()).first()
    offered = options(coordinator.get(url("indicator", "edit", indicator.pk)), "measure")
    assert len(offered) == Measure.objects.filter(locale=Locale.get_default()).count()
    assert "Fortschreibung 2022 · 1.1 Sprachcafé" in offered


@pytest.mark.django_db
def test_an_indicators_measures_come_concept_by_concept(coordinator):
    indicator = Indicator.objects.filter(locale=Locale.get_default()).first()
    offered = options(coordinator.get(url("indicator", "edit", indicator.pk)), "measure")
    concepts = [label.split(" · ")[0] for label in offered]
    # Each concept's measures form one block: no concept appears again after another.
    blocks = [c for i, c in enumerate(concepts) if i == 0 or concepts[i - 1] != c]
    assert len(blocks) == len(set(concepts)) >= 2
