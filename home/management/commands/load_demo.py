"""``manage.py load_demo``: the demo towns as their manifests name them (default: Steinfurt,
``home/demo/steinfurt.yaml``, on the default site, and Rheine, ``home/demo/rheine.yaml``,
on a site of its own): each town's site and settings, checks, concepts, text pages, roles
and demo users, proposals and translations.

Every file is checked before anything is written: a problem is reported with the file,
its path and line, and the command stops having changed nothing. Idempotent: a second
run finds everything in place and changes nothing.
"""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from home import demo_manifest, demo_site, roles
from home.demo_manifest import (
    DEMO_MANIFESTS,
    ensure_pages,
    ensure_site,
    ensure_users,
    read_pages,
)
from integration_check.check_loader import FileRefused, load_check, read_data_file
from integration_check.concept_page import ensure_concept_page
from integration_check.exchange import ImportRefused, Problem, RetirementRefused, import_text
from integration_check.migration_helpers import INTEGRATION_CHECK
from integration_check.sites import site_label
from proposals.demo_file import read_demo_file

DEMO_DIR = demo_manifest.DEMO_DIR
#: Steinfurt's integration concept, the first concept of its manifest.
CONCEPT_FILE = DEMO_DIR / "steinfurt-2018-2021.yaml"


class Command(BaseCommand):
    help = (
        "Lädt die Demo-Städte, wie ihre Manifeste sie beschreiben (ohne Angabe Steinfurt und "
        "Rheine): Website und Einstellungen, Prüfungen, Konzepte, Textseiten, Rollen und "
        "Demo-Benutzer, Vorlagen."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-translations",
            action="store_true",
            help="Ohne die Übersetzungen des Konzepts und der Seiten (schneller, z. B. für Tests).",
        )
        parser.add_argument(
            "--manifest",
            action="append",
            help=(
                "Das Manifest einer Stadt (YAML), mehrfach möglich; Vorgabe: "
                "home/demo/steinfurt.yaml und home/demo/rheine.yaml."
            ),
        )

    def execute(self, *args, **options):
        # The site's language, whatever a request handled before in this thread activated.
        with translation.override(settings.LANGUAGE_CODE):
            return super().execute(*args, **options)

    def handle(self, *args, no_translations=False, manifest=None, **options):
        self.with_translations = not no_translations
        self.verbosity = options.get("verbosity", 1)
        try:
            with transaction.atomic():
                for path in manifest or DEMO_MANIFESTS:
                    self._load(Path(path))
        except FileRefused as exc:
            for line in exc.lines():
                self.stderr.write(line)
            raise CommandError(exc.summary()) from exc

    def _load(self, manifest_path):
        # Every file is read and checked on its own before anything is written.
        manifest = demo_manifest.read_manifest(manifest_path)
        checks = [(path, *read_data_file(path)) for path in manifest.checks]
        pages = read_pages(manifest.pages) if manifest.pages else []
        proposals = read_demo_file(manifest.proposals) if manifest.proposals else None

        site = ensure_site(manifest)
        for path, data, lines in checks:
            try:
                load_check(data, site, lines=lines)
            except ImportRefused as exc:
                raise FileRefused(path, exc.problems) from exc
        concept, integration_concepts = None, []
        for path in manifest.concepts:
            result = self._import(path, site)
            if concept is None:  # the town's integration concept
                concept = result.concept
            if result.concept.assessment_check.slug == INTEGRATION_CHECK:
                integration_concepts.append(result.concept)
        self._pages(site, integration_concepts, pages, manifest)
        groups = roles.ensure_groups(site)
        created_users = ensure_users(manifest, groups)
        extra = self._extra_demo_content(groups, site, concept, proposals, manifest.translations)
        self._say(
            self.style.SUCCESS(
                f"Demo-Inhalte von „{site_label(site)}“ geladen: {self._address(site)}"
            )
        )
        if created_users:
            self._say(f"Neu angelegte Zugänge: {', '.join(created_users)}")
        if manifest.users:
            self._say(f"Demo-Zugänge (Passwort jeweils „{manifest.password}“):")
        for username, first, last, group in manifest.users:
            role = group or "Site-Administration (Superuser)"
            self._say(f"  {username:<24} {first} {last}, {role}")
        for line in extra:
            self._say(line)

    @staticmethod
    def _address(site):
        """Where the site answers on the development server (``scripts/demo``)."""
        if site.is_default_site:
            return "http://127.0.0.1:8000/"
        port = f":{site.port}" if site.port not in (80, 443) else ""
        return f"http://{site.hostname}{port}/"

    def _pages(self, site, concepts, pages, manifest):
        """The public concept pages (the first concept at /integrationskonzept/), the text
        pages and the town's settings."""
        for position, concept in enumerate(concepts):
            if position == 0:
                demo_site.ensure_concept_page(concept, site)
            else:
                ensure_concept_page(concept, site)
        ensure_pages(pages, site)
        demo_site.ensure_home_summary(site, manifest.home_summary)
        if manifest.settings:
            try:
                demo_site.ensure_town_settings(site, manifest.settings)
            except ValidationError as exc:
                raise FileRefused(
                    manifest.path,
                    [
                        Problem(f"settings.{name}", message)
                        for name, messages in exc.message_dict.items()
                        for message in messages
                    ],
                ) from exc

    def _import(self, path, site):
        """Import a concept file through the import a town uses; return the result."""
        try:
            result = import_text(path.read_text(encoding="utf-8"), "yaml", site=site)
        except ImportRefused as exc:
            raise FileRefused(path, exc.problems) from exc
        except RetirementRefused as exc:  # e.g. items added in the admin
            raise CommandError(f"{path}:\n{exc}") from exc
        self._say(
            f"Konzept „{result.concept.title}“: {result.created} neu, {result.updated} geändert."
        )
        return result

    def _say(self, line):
        """Print a progress line unless ``--verbosity 0`` asks for silence."""
        if self.verbosity > 0:
            self.stdout.write(line)

    def _extra_demo_content(self, groups, site, concept, proposals, translations):
        """The other apps' demo content; returns lines to print."""
        from home import demo_translations
        from proposals import demo as proposals_demo

        lines = proposals_demo.load(groups, proposals, site=site) if proposals else []
        if self.with_translations and translations:
            lines += demo_translations.load(concept, translations)
        return lines
