"""Maintaining the concept in the Wagtail admin (Integrationskonzept → Ziele, Maßnahmen, …).

The admin UI is German; these tests look at the data the views show and save,
not at UI wording.
"""

import io

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from wagtail.models import Locale
from wagtail.test.utils import WagtailTestUtils

from integration_check.exchange import import_text
from integration_check.models import Concept, Goal, Measure

User = get_user_model()

GOAL_ORDER = [
    "1.1", "1.2", "1.3", "1.4", "1.5",
    "2.1", "2.2", "2.3", "2.4",
    "3.1", "3.2", "3.3", "3.4",
    "4.1", "4.2", "4.3",
    "5.1", "5.2", "5.3", "5.4",
    "6.1", "6.2", "6.3",
]  # fmt: skip

MEASURE_ORDER = [
    "1.1", "1.2", "1.3", "1.4", "1.5",
    "2.1", "2.2", "2.3", "2.4", "2.5",
    "3.1", "3.2", "3.3", "3.4",
    "4.1", "4.2", "4.3", "4.4",
    "5.1", "5.2", "5.3", "5.4", "5.5", "5.6",
    "6.1", "6.2", "6.3", "6.4",
]  # fmt: skip

# The demo's second concept, the Klimaschutzkonzept of the Klimacheck, listed after the
# integration concept (the listing goes concept by concept, in the order of their checks).
CLIMATE_GOAL_ORDER = ["1.1", "1.2", "2.1", "2.2", "3.1", "3.2"]
CLIMATE_MEASURE_ORDER = ["1.1", "1.2", "2.1", "2.2", "3.1"]
CLIMATE_CONCEPT = "steinfurt-klimaschutz-2018"

OTHER_CONCEPT = """\
format: integrationskonzept/1
concept:
  slug: musterstadt-2024
  title: Integrationskonzept Musterstadt
  valid_from: 2024-01-01
  status: draft
  guiding_principles:
  - number: '1'
    title: Vielfalt
  fields_of_action:
  - number: '1'
    title: Arbeit in Musterstadt
    goals:
    - number: '1.1'
      title: Ausbildung in Musterstadt
    measures:
    - number: '1.1'
      title: Fahrradwerkstatt Musterstadt
      goals: ['1.1']
"""


def url(model, action, *args):
    return reverse(f"wagtailsnippets_integration_check_{model}:{action}", args=args)


def form_data(form, **changes):
    """The data a browser sends for ``form`` submitted as shown, with ``changes`` applied."""
    data = {}
    for formset in getattr(form, "formsets", {}).values():
        # Inline panels (e.g. a measure's status updates) post their management data too.
        for sub in [formset.management_form, *formset.forms]:
            data.update(form_data(sub))
    for name in form.fields:
        key = form.add_prefix(name)
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[key] = "on"
        elif isinstance(value, list | tuple):
            data[key] = [str(v.pk if hasattr(v, "pk") else v) for v in value]
        elif value is None:
            data[key] = ""
        else:
            data[key] = str(value)
    for name, value in changes.items():
        if value is False:
            data.pop(name, None)
        elif value is True:
            data[name] = "on"
        else:
            data[name] = value
    return data


def listed_numbers(response):
    return [obj.number for obj in response.context["object_list"]]


def goals(concept="steinfurt-2018-2021"):
    """The goals of a demo concept in German (the demo also has translations)."""
    return Goal.objects.filter(field_of_action__concept__slug=concept, locale=Locale.get_default())


def measures(concept="steinfurt-2018-2021"):
    """The measures of a demo concept in German (the demo also has translations)."""
    return Measure.objects.filter(
        field_of_action__concept__slug=concept, locale=Locale.get_default()
    )


class ConceptAdminTestCase(WagtailTestUtils, TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=io.StringIO(), stderr=io.StringIO())
        cls.steinfurt = Concept.objects.in_default_locale().get(slug="steinfurt-2018-2021")
        cls.climate = Concept.objects.in_default_locale().get(slug=CLIMATE_CONCEPT)
        cls.coordinator = User.objects.get(username="integration")
        cls.clerk = User.objects.get(username="sachbearbeitung")


class TestCoordinationOfficeMaintainsTheConcept(ConceptAdminTestCase):
    """The demo user ``integration`` (Koordinierungsstelle Integration, not a superuser)."""

    def setUp(self):
        self.assertFalse(self.coordinator.is_superuser)
        self.client.force_login(self.coordinator)

    def test_goals_are_listed_in_concept_order(self):
        response = self.client.get(url("goal", "list"))

        self.assertEqual(response.status_code, 200)
        self.assertEqual(listed_numbers(response), GOAL_ORDER + CLIMATE_GOAL_ORDER)
        html = response.content.decode()
        positions = [
            html.index(goal.title)
            for concept in ("steinfurt-2018-2021", CLIMATE_CONCEPT)
            for goal in goals(concept).order_by("sort_order")
        ]
        self.assertEqual(positions, sorted(positions), "goal titles appear in concept order")
        self.assertLess(
            html.index(goals().get(number="1.1").title),
            html.index(goals().get(number="6.3").title),
        )
        # Drag and drop shows the same order.
        reordering = self.client.get(url("goal", "list"), {"ordering": "sort_order"})
        self.assertEqual(listed_numbers(reordering), GOAL_ORDER + CLIMATE_GOAL_ORDER)

    def test_measures_are_listed_in_concept_order_with_their_pages(self):
        response = self.client.get(url("measure", "list"))

        self.assertEqual(response.status_code, 200)
        self.assertEqual(listed_numbers(response), MEASURE_ORDER + CLIMATE_MEASURE_ORDER)
        html = response.content.decode()
        positions = [
            html.index(m.title)
            for concept in ("steinfurt-2018-2021", CLIMATE_CONCEPT)
            for m in measures(concept).order_by("sort_order")
        ]
        self.assertEqual(positions, sorted(positions))

    def test_search_finds_the_measure_by_a_word_of_its_title(self):
        response = self.client.get(url("measure", "list"), {"q": "Fahrrad"})

        self.assertEqual(response.status_code, 200)
        self.assertEqual(listed_numbers(response), ["3.4"])
        self.assertContains(response, "Fahrrad-Kurse")
        self.assertNotContains(response, measures().get(number="1.1").title)

    def test_search_for_goals_looks_at_their_text_too(self):
        # In the integration concept, "Nahverkehr" is only in the text of goals 3.1 and
        # 3.4, not in any title (the Klimaschutzkonzept has it in the title of its 2.2).
        response = self.client.get(
            url("goal", "list"),
            {"q": "Nahverkehr", "field_of_action__concept": self.steinfurt.pk},
        )

        self.assertEqual(listed_numbers(response), ["3.1", "3.4"])

    def test_listing_can_be_filtered_by_concept(self):
        import_text(OTHER_CONCEPT, "yaml")
        other = Concept.objects.get(slug="musterstadt-2024")

        everything = self.client.get(url("measure", "list"))
        steinfurt = self.client.get(
            url("measure", "list"), {"field_of_action__concept": self.steinfurt.pk}
        )
        muster = self.client.get(url("measure", "list"), {"field_of_action__concept": other.pk})

        climate = self.client.get(
            url("measure", "list"), {"field_of_action__concept": self.climate.pk}
        )

        # Concept by concept: the integration check's concepts, the newest first, then the
        # Klimacheck's.
        self.assertEqual(
            listed_numbers(everything), ["1.1", *MEASURE_ORDER, *CLIMATE_MEASURE_ORDER]
        )
        self.assertEqual(listed_numbers(steinfurt), MEASURE_ORDER)
        self.assertEqual(listed_numbers(climate), CLIMATE_MEASURE_ORDER)
        self.assertEqual(
            [m.title for m in muster.context["object_list"]], ["Fahrradwerkstatt Musterstadt"]
        )

    def test_editing_a_goal_title_saves_it_in_place(self):
        goal = goals().get(number="1.2")
        edit_url = url("goal", "edit", goal.pk)
        form = self.client.get(edit_url).context["form"]

        response = self.client.post(
            edit_url, form_data(form, title="Jugendliche in Ausbildung bringen")
        )

        self.assertRedirects(response, url("goal", "list"))
        changed = goals().get(pk=goal.pk)
        self.assertEqual(changed.title, "Jugendliche in Ausbildung bringen")
        self.assertEqual(changed.number, "1.2")
        self.assertEqual(changed.text, goal.text)
        self.assertEqual(changed.field_of_action_id, goal.field_of_action_id)
        self.assertEqual(changed.sort_order, goal.sort_order)
        self.assertFalse(changed.retired)
        self.assertEqual(goals().count(), 23)
        listing = self.client.get(url("goal", "list"))
        self.assertEqual(listed_numbers(listing), GOAL_ORDER + CLIMATE_GOAL_ORDER)
        self.assertContains(listing, "Jugendliche in Ausbildung bringen")

    def test_retiring_a_measure_in_the_form_keeps_it_but_marks_it_retired(self):
        measure = measures().get(number="2.3")
        goals_before = set(measure.goals.values_list("pk", flat=True))
        edit_url = url("measure", "edit", measure.pk)
        form = self.client.get(edit_url).context["form"]

        response = self.client.post(edit_url, form_data(form, retired=True))

        self.assertRedirects(response, url("measure", "list"))
        measure.refresh_from_db()
        self.assertTrue(measure.retired)
        self.assertEqual(measure.title, "Musische Bildungsangebote")
        self.assertEqual(measure.page_reference, 32)
        self.assertEqual(set(measure.goals.values_list("pk", flat=True)), goals_before)
        self.assertEqual(measures().count(), 28)
        retired = self.client.get(url("measure", "list"), {"retired": "true"})
        self.assertEqual(listed_numbers(retired), ["2.3"])

    def test_changing_the_goals_of_a_measure_in_the_form_saves_them(self):
        measure = measures().get(number="1.2")
        wanted = goals().filter(number__in=["1.1", "1.5"])
        edit_url = url("measure", "edit", measure.pk)
        form = self.client.get(edit_url).context["form"]

        response = self.client.post(edit_url, form_data(form, goals=[str(g.pk) for g in wanted]))

        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            sorted(measures().get(pk=measure.pk).goals.values_list("number", flat=True)),
            ["1.1", "1.5"],
        )

    def test_a_number_already_used_in_the_field_is_refused_and_nothing_changes(self):
        goal = goals().get(number="1.2")
        edit_url = url("goal", "edit", goal.pk)
        form = self.client.get(edit_url).context["form"]

        response = self.client.post(edit_url, form_data(form, number="1.1", title="Doppelt"))

        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors)
        goal.refresh_from_db()
        self.assertEqual(goal.number, "1.2")
        self.assertNotEqual(goal.title, "Doppelt")

    def test_an_item_a_proposal_refers_to_cannot_be_deleted_only_retired(self):
        goal = goals().filter(ratings__isnull=False).distinct().first()
        self.assertIsNotNone(goal, "the demo proposals rate at least one goal")

        response = self.client.post(url("goal", "delete", goal.pk))

        self.assertIn(response.status_code, (302, 403))
        self.assertTrue(goals().filter(pk=goal.pk).exists())
        self.assertTrue(goal.ratings.exists())

    def test_a_goal_can_be_moved_by_drag_and_drop(self):
        goal = goals().get(number="1.3")

        response = self.client.post(url("goal", "reorder", goal.pk) + "?position=0")

        self.assertEqual(response.status_code, 200)
        listing = self.client.get(url("goal", "list"))
        self.assertEqual(listed_numbers(listing)[:3], ["1.3", "1.1", "1.2"])
        self.assertEqual(sorted(listed_numbers(listing)), sorted(GOAL_ORDER + CLIMATE_GOAL_ORDER))
        # The other concept keeps its order; the translations follow their source.
        self.assertEqual(listed_numbers(listing)[len(GOAL_ORDER) :], CLIMATE_GOAL_ORDER)
        english = Goal.objects.filter(
            field_of_action__concept__slug="steinfurt-2018-2021", locale__language_code="en"
        )
        self.assertEqual(list(english.values_list("number", flat=True)[:3]), ["1.3", "1.1", "1.2"])

    def test_a_goal_of_the_second_concept_moves_within_its_concept(self):
        # The position is the place in the listing as shown, concept by concept.
        first_climate_goal = len(GOAL_ORDER)
        goal = goals(CLIMATE_CONCEPT).get(number="2.2")
        move = url("goal", "reorder", goal.pk)

        self.client.post(f"{move}?position={first_climate_goal + 1}")
        listing = listed_numbers(self.client.get(url("goal", "list")))
        self.assertEqual(listing[:first_climate_goal], GOAL_ORDER)
        self.assertEqual(listing[first_climate_goal:], ["1.1", "2.2", "1.2", "2.1", "3.1", "3.2"])

        # Dropped among the integration concept's goals, it goes to the top of its own.
        self.client.post(f"{move}?position=3")
        listing = listed_numbers(self.client.get(url("goal", "list")))
        self.assertEqual(listing[:first_climate_goal], GOAL_ORDER)
        self.assertEqual(listing[first_climate_goal:], ["2.2", "1.1", "1.2", "2.1", "3.1", "3.2"])


class TestOtherStaffOnlyReadTheConcept(ConceptAdminTestCase):
    """The demo user ``sachbearbeitung`` (Sachbearbeitung) may look, not change."""

    def setUp(self):
        self.client.force_login(self.clerk)

    def assertRefused(self, response):
        self.assertIn(response.status_code, (302, 403))
        if response.status_code == 302:
            self.assertNotIn("/snippets/integration_check/", response["Location"])

    def test_clerk_sees_the_goals_in_concept_order(self):
        response = self.client.get(url("goal", "list"))

        self.assertEqual(response.status_code, 200)
        self.assertEqual(listed_numbers(response), GOAL_ORDER + CLIMATE_GOAL_ORDER)

    def test_clerk_cannot_open_or_post_the_edit_form(self):
        goal = goals().get(number="1.2")
        title = goal.title
        data = {
            "field_of_action": str(goal.field_of_action_id),
            "number": "1.2",
            "title": "Von der Sachbearbeitung geändert",
            "text": goal.text,
            "retired": "on",
        }

        self.assertRefused(self.client.get(url("goal", "edit", goal.pk)))
        self.assertRefused(self.client.post(url("goal", "edit", goal.pk), data))

        goal.refresh_from_db()
        self.assertEqual(goal.title, title)
        self.assertFalse(goal.retired)

    def test_clerk_cannot_add_delete_or_reorder_items(self):
        measure = measures().get(number="6.4")
        order_before = list(measures().order_by("sort_order").values_list("pk", flat=True))

        self.assertRefused(self.client.get(url("measure", "add")))
        self.assertRefused(
            self.client.post(
                url("measure", "add"),
                {
                    "field_of_action": str(measure.field_of_action_id),
                    "number": "6.5",
                    "title": "Neue Maßnahme",
                },
            )
        )
        self.assertRefused(self.client.post(url("measure", "delete", measure.pk)))
        self.assertRefused(self.client.post(url("measure", "reorder", measure.pk) + "?position=0"))

        self.assertEqual(measures().count(), 28)
        self.assertTrue(measures().filter(pk=measure.pk).exists())
        self.assertEqual(
            list(measures().order_by("sort_order").values_list("pk", flat=True)),
            order_before,
        )


class TestConceptAdminNeedsALogin(ConceptAdminTestCase):
    def test_anonymous_user_is_sent_to_the_login(self):
        for target in (url("goal", "list"), url("measure", "list")):
            with self.subTest(target=target):
                response = self.client.get(target)
                self.assertRedirects(
                    response,
                    f"{reverse('wagtailadmin_login')}?next={target}",
                    fetch_redirect_response=False,
                )

    def test_anonymous_post_changes_nothing(self):
        goal = goals().get(number="1.2")
        response = self.client.post(url("goal", "edit", goal.pk), {"title": "Anonym"})

        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("wagtailadmin_login"), response["Location"])
        goal.refresh_from_db()
        self.assertNotEqual(goal.title, "Anonym")

    def test_council_member_without_admin_access_does_not_get_in(self):
        self.client.force_login(User.objects.get(username="ratsmitglied"))

        response = self.client.get(url("goal", "list"))

        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("wagtailadmin_login")))
