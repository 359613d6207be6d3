"""``manage.py load_demo``: a town's demo as its manifest names it (default: Steinfurt,
``home/demo/steinfurt.yaml``): the checks, the concepts, the text pages, the roles and
demo users, the proposals and the translations.

Every file is checked before anything is written: a problem is reported with the file,
its path and line, and the command stops having changed nothing. Idempotent: a second
run finds everything in place and changes nothing.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation
from django.utils.translation import ngettext

from home import demo_manifest, roles
from home.demo_manifest import STEINFURT_MANIFEST, ensure_pages, ensure_users, read_pages
from integration_check.check_loader import FileRefused, load_check, read_data_file
from integration_check.exchange import ImportRefused, RetirementRefused, import_text
from proposals.demo_file import read_demo_file

DEMO_DIR = demo_manifest.DEMO_DIR
#: Steinfurt's integration concept, the first concept of its manifest.
CONCEPT_FILE = DEMO_DIR / "steinfurt-2018-2021.yaml"


class Command(BaseCommand):
    help = (
        "Lädt die Demo einer Stadt, wie ihr Manifest sie beschreibt (ohne Angabe Steinfurt): "
        "Prüfungen, Konzepte, Textseiten, Rollen und Demo-Benutzer, Vorlagen."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-translations",
            action="store_true",
            help="Ohne die Übersetzungen des Konzepts und der Seiten (schneller, z. B. für Tests).",
        )
        parser.add_argument(
            "--manifest",
            default=str(STEINFURT_MANIFEST),
            help="Das Manifest der Stadt (YAML; Vorgabe: home/demo/steinfurt.yaml).",
        )

    def execute(self, *args, **options):
        # The site's language, whatever a request handled before in this thread activated.
        with translation.override(settings.LANGUAGE_CODE):
            return super().execute(*args, **options)

    def handle(self, *args, no_translations=False, manifest=None, **options):
        self.with_translations = not no_translations
        self.verbosity = options.get("verbosity", 1)
        try:
            self._load(Path(manifest or STEINFURT_MANIFEST))
        except FileRefused as exc:
            for line in exc.lines():
                self.stderr.write(line)
            raise CommandError(
                ngettext(
                    "Import abgelehnt: %(count)d Fehler gefunden. Es wurde nichts geändert.",
                    "Import abgelehnt: %(count)d Fehler gefunden. Es wurde nichts geändert.",
                    len(exc.problems),
                )
                % {"count": len(exc.problems)}
            ) from exc

    @transaction.atomic
    def _load(self, manifest_path):
        # Every file is read and checked on its own before anything is written.
        manifest = demo_manifest.read_manifest(manifest_path)
        checks = [(path, *read_data_file(path)) for path in manifest.checks]
        pages = read_pages(manifest.pages) if manifest.pages else []
        proposals = read_demo_file(manifest.proposals) if manifest.proposals else None

        for path, data, lines in checks:
            try:
                load_check(data, lines=lines)
            except ImportRefused as exc:
                raise FileRefused(path, exc.problems) from exc
        concept = None
        for path in manifest.concepts:
            result = self._import(path)
            if concept is None:  # the town's integration concept
                concept = result.concept
                self._progress_and_pages(concept, pages)
        groups = roles.ensure_groups()
        created_users = ensure_users(manifest, groups)
        extra = self._extra_demo_content(groups, concept, proposals, manifest.translations)
        self._say(self.style.SUCCESS("Demo-Inhalte geladen."))
        if created_users:
            self._say(f"Neu angelegte Zugänge: {', '.join(created_users)}")
        if manifest.users:
            self._say(f"Demo-Zugänge (Passwort jeweils „{manifest.password}“):")
        for username, first, last, group in manifest.users:
            role = group or "Site-Administration (Superuser)"
            self._say(f"  {username:<18} {first} {last}, {role}")
        for line in extra:
            self._say(line)

    def _import(self, path):
        """Import a concept file through the import a town uses; return the result."""
        try:
            result = import_text(path.read_text(encoding="utf-8"), "yaml")
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

    def _progress_and_pages(self, concept, pages):
        from home import demo_progress, demo_site

        for line in demo_progress.load(concept):
            self._say(line)
        demo_site.ensure_concept_page(concept)
        ensure_pages(pages)

    def _extra_demo_content(self, groups, concept, proposals, translations):
        """The other apps' demo content; returns lines to print."""
        from home import demo_translations
        from proposals import demo as proposals_demo

        lines = proposals_demo.load(groups, proposals) if proposals else []
        if self.with_translations and translations:
            lines += demo_translations.load(concept, translations)
        return lines
