"""``manage.py load_demo``: the demo users and roles, and that running it again changes nothing."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.http import HttpRequest
from django.test import TestCase
from wagtail.models import GroupCollectionPermission, GroupPagePermission, Page, Revision

from home import roles
from home.demo_manifest import STEINFURT_MANIFEST, read_manifest
from integration_check.models import Concept, FieldOfAction, Goal, GuidingPrinciple, Measure

User = get_user_model()
MANIFEST = read_manifest(STEINFURT_MANIFEST)
DEMO_PASSWORD = MANIFEST.password
DEMO_USERS = MANIFEST.users  # (username, first name, last name, group or None)

# Fields that may legitimately differ between two runs without anything having changed.
VOLATILE_FIELDS = {"updated_at", "last_login"}


def load_demo():
    out = io.StringIO()
    call_command("load_demo", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def snapshot():
    """Every row load_demo is responsible for, as plain values in primary key order."""
    querysets = {
        "concepts": Concept.objects.all(),
        "principles": GuidingPrinciple.objects.all(),
        "fields": FieldOfAction.objects.all(),
        "goals": Goal.objects.all(),
        "measures": Measure.objects.all(),
        "measure goals": Measure.goals.through.objects.all(),
        "users": User.objects.all(),
        "user groups": User.groups.through.objects.all(),
        "groups": Group.objects.all(),
        "group permissions": Group.permissions.through.objects.all(),
        "collection permissions": GroupCollectionPermission.objects.all(),
        "page permissions": GroupPagePermission.objects.all(),
        "pages": Page.objects.all(),
        "revisions": Revision.objects.all(),
    }
    return {
        name: [
            {key: value for key, value in row.items() if key not in VOLATILE_FIELDS}
            for row in qs.order_by("pk").values()
        ]
        for name, qs in querysets.items()
    }


@pytest.mark.django_db
def test_load_demo_a_second_time_changes_nothing():
    first_output = load_demo()
    before = snapshot()
    hashes = dict(User.objects.values_list("username", "password"))

    second_output = load_demo()

    after = snapshot()
    assert {name: len(rows) for name, rows in after.items()} == {
        name: len(rows) for name, rows in before.items()
    }
    for name in before:
        assert after[name] == before[name], f"load_demo changed {name}"
    assert dict(User.objects.values_list("username", "password")) == hashes
    # The first run reports what it created, the second finds everything in place.
    assert "Neu angelegte Zugänge" in first_output
    assert "Neu angelegte Zugänge" not in second_output
    assert "0 neu, 0 geändert" in second_output


@pytest.mark.django_db
def test_load_demo_does_not_reset_a_changed_demo_password():
    load_demo()
    user = User.objects.get(username="integration")
    user.set_password("geheim-und-lang")
    user.save()

    load_demo()

    user.refresh_from_db()
    assert user.check_password("geheim-und-lang")
    assert not user.check_password(DEMO_PASSWORD)


class TestDemoUsersAndRoles(TestCase):
    """What ``load_demo`` leaves behind for people to log in with (loaded once for the class)."""

    @classmethod
    def setUpTestData(cls):
        cls.output = load_demo()

    def test_every_role_group_exists(self):
        self.assertEqual(
            set(roles.ALL_GROUPS),
            {
                "Sachbearbeitung",
                "Fachdienstleitung",
                "Koordinierungsstelle Integration",
                "Verwaltungsvorstand",
                "Ratsmitglieder",
                "Klimaschutzmanagement",
            },
        )
        self.assertTrue(set(Group.objects.values_list("name", flat=True)) >= set(roles.ALL_GROUPS))

    def test_there_is_a_demo_user_for_every_role(self):
        roles_with_a_user = {group for _, _, _, group in DEMO_USERS if group}
        self.assertEqual(roles_with_a_user, set(roles.ALL_GROUPS))
        self.assertTrue(
            set(User.objects.values_list("username", flat=True))
            >= {username for username, *_ in DEMO_USERS}
        )

    def test_each_demo_user_is_in_exactly_their_role_group_and_no_superuser(self):
        expected = {
            "sachbearbeitung": "Sachbearbeitung",
            "fachdienstleitung": "Fachdienstleitung",
            "integration": "Koordinierungsstelle Integration",
            "vorstand": "Verwaltungsvorstand",
            "ratsmitglied": "Ratsmitglieder",
            "klimaschutz": "Klimaschutzmanagement",
        }
        for username, group in expected.items():
            with self.subTest(username=username):
                user = User.objects.get(username=username)
                self.assertEqual(list(user.groups.values_list("name", flat=True)), [group])
                self.assertFalse(user.is_superuser)
                self.assertFalse(user.is_staff)
                self.assertTrue(user.is_active)
                self.assertEqual(user.email, f"{username}@steinfurt.example")

    def test_the_demo_admin_is_a_superuser_without_a_role_group(self):
        admin = User.objects.get(username="admin")
        self.assertTrue(admin.is_superuser)
        self.assertTrue(admin.is_staff)
        self.assertFalse(admin.groups.exists())

    def test_every_demo_user_can_log_in_with_the_demo_password(self):
        for username, *_ in DEMO_USERS:
            with self.subTest(username=username):
                self.assertTrue(
                    self.client.login(
                        request=HttpRequest(), username=username, password=DEMO_PASSWORD
                    )
                )
                self.client.logout()

    def test_only_the_coordination_office_may_change_the_concept(self):
        for username in ("sachbearbeitung", "fachdienstleitung", "vorstand", "integration"):
            user = User.objects.get(username=username)
            self.assertTrue(user.has_perm("wagtailadmin.access_admin"), username)
            for model in roles.CONCEPT_MODELS:
                with self.subTest(username=username, model=model):
                    self.assertTrue(user.has_perm(f"integration_check.view_{model}"))
                    self.assertEqual(
                        user.has_perm(f"integration_check.change_{model}"),
                        username == "integration",
                    )
        council = User.objects.get(username="ratsmitglied")
        self.assertFalse(council.has_perm("wagtailadmin.access_admin"))
        self.assertFalse(council.has_perm("integration_check.view_goal"))

    def test_load_demo_prints_every_demo_login(self):
        for username, first, last, _group in DEMO_USERS:
            self.assertIn(username, self.output)
            self.assertIn(f"{first} {last}", self.output)
        self.assertIn(f"„{DEMO_PASSWORD}“", self.output)


@pytest.mark.django_db
def test_load_demo_with_verbosity_0_prints_nothing_but_loads_everything():
    out = io.StringIO()
    call_command("load_demo", "--no-translations", verbosity=0, stdout=out)
    assert out.getvalue() == ""
    assert Goal.objects.filter(field_of_action__concept__slug="steinfurt-2018-2021").count() == 23
    assert (
        Goal.objects.filter(field_of_action__concept__assessment_check__slug="klima").count() == 6
    )
    assert User.objects.filter(username__in=[u[0] for u in DEMO_USERS]).count() == len(DEMO_USERS)
