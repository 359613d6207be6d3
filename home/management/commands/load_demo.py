"""``manage.py load_demo``: the Steinfurt concept, the Klimacheck with its climate concept,
the roles and demo users.

Idempotent: a second run finds everything in place and changes nothing.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import Site

from home import demo_checks, roles
from integration_check.exchange import ImportRefused, RetirementRefused, import_text

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
CONCEPT_FILE = DEMO_DIR / "steinfurt-2018-2021.yaml"
#: The concept of the second check, the Klimacheck (``check: klima`` in the file).
CLIMATE_CONCEPT_FILE = DEMO_DIR / "steinfurt-klimaschutz.yaml"
DEMO_PASSWORD = "demo"

DEMO_USERS = [
    # username, first name, last name, group (None = superuser)
    ("admin", "Ada", "Administratorin", None),
    ("sachbearbeitung", "Sabine", "Sachbearbeiterin", roles.AUTHORS),
    ("fachdienstleitung", "Frank", "Fachdienstleiter", roles.HEADS),
    ("integration", "Ilknur", "Koordinatorin", roles.COORDINATION),
    ("klimaschutz", "Klara", "Klimaschutzmanagerin", roles.CLIMATE),
    ("vorstand", "Volker", "Vorstand", roles.EXECUTIVE),
    ("ratsmitglied", "Rana", "Ratsfrau", roles.COUNCIL),
]


class Command(BaseCommand):
    help = (
        "Lädt das Steinfurter Integrationskonzept, den Klimacheck mit dem Klimaschutzkonzept, "
        "die Rollen und Demo-Benutzer."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-translations",
            action="store_true",
            help="Ohne die Übersetzungen des Konzepts und der Seiten (schneller, z. B. für Tests).",
        )

    @transaction.atomic
    def handle(self, *args, no_translations=False, **options):
        self.with_translations = not no_translations
        self.verbosity = options.get("verbosity", 1)
        result = self._import(CONCEPT_FILE)
        self._pages(result.concept)
        demo_checks.ensure_climate_check()
        self._import(CLIMATE_CONCEPT_FILE)
        groups = roles.ensure_groups()
        created_users = self._users(groups)
        extra = self._extra_demo_content(groups, result.concept)
        self._say(self.style.SUCCESS("Demo-Inhalte geladen."))
        if created_users:
            self._say(f"Neu angelegte Zugänge: {', '.join(created_users)}")
        self._say(f"Demo-Zugänge (Passwort jeweils „{DEMO_PASSWORD}“):")
        for username, first, last, group in DEMO_USERS:
            role = group or "Site-Administration (Superuser)"
            self._say(f"  {username:<18} {first} {last}, {role}")
        for line in extra:
            self._say(line)

    def _import(self, path):
        """Import a concept file through the import a town uses; return the result."""
        try:
            result = import_text(path.read_text(encoding="utf-8"), "yaml")
        except (ImportRefused, RetirementRefused) as exc:  # e.g. items added in the admin
            raise CommandError(f"{path}:\n{exc}") from exc
        self._say(
            f"Konzept „{result.concept.title}“: {result.created} neu, {result.updated} geändert."
        )
        return result

    def _say(self, line):
        """Print a progress line unless ``--verbosity 0`` asks for silence."""
        if self.verbosity > 0:
            self.stdout.write(line)

    def _pages(self, concept):
        from home import demo_pages, demo_site

        demo_site.ensure_concept_page(concept)
        demo_pages.ensure_pages()
        demo_site.ensure_town_settings(Site.objects.get(is_default_site=True), demo_site.STEINFURT)

    def _users(self, groups):
        User = get_user_model()
        created = []
        for username, first, last, group in DEMO_USERS:
            user, was_created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@steinfurt.example",
                    "is_superuser": group is None,
                    "is_staff": group is None,
                },
            )
            if was_created:
                user.set_password(DEMO_PASSWORD)
                user.save()
                created.append(username)
            if group and not user.groups.filter(name=group).exists():
                user.groups.add(groups[group])
        return created

    def _extra_demo_content(self, groups, concept):
        """The other apps' demo content; returns lines to print."""
        from home import demo_translations
        from proposals import demo as proposals_demo

        lines = proposals_demo.load(groups)
        if self.with_translations:
            lines += demo_translations.load(concept)
        return lines
