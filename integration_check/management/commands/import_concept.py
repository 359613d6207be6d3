"""``manage.py import_concept FILE``: read a concept from YAML or JSON."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from integration_check.concept import Concept
from integration_check.concept_page import ensure_concept_page
from integration_check.exchange import (
    DELETE,
    MAX_BYTES,
    ImportRefused,
    RetirementRefused,
    check_size,
    detect_format,
    import_text,
)
from integration_check.sites import SiteNotFound, find_site


class Command(BaseCommand):
    help = "Liest ein Integrationskonzept aus einer YAML- oder JSON-Datei (siehe docs/concept-format.md)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Pfad zur YAML- oder JSON-Datei")
        parser.add_argument("--format", choices=["yaml", "json"], help="Format erzwingen")
        parser.add_argument(
            "--retire-missing",
            action="store_true",
            help="Punkte des Konzepts, die in der Datei fehlen, zurückziehen "
            "(ohne diese Angabe bricht der Import dann ab)",
        )
        parser.add_argument(
            "--site",
            help="Website (Gemeinde), zu der das Konzept gehört: Id oder Hostname; "
            "ohne Angabe die Standard-Website",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Nur zeigen, was der Import ändern würde; nichts schreiben",
        )

    def execute(self, *args, **options):
        # The site's language, whatever a request handled before in this thread activated.
        with translation.override(settings.LANGUAGE_CODE):
            return super().execute(*args, **options)

    def handle(
        self, *args, file, format=None, retire_missing=False, dry_run=False, site=None, **options
    ):
        path = Path(file)
        try:
            town = find_site(site)
        except SiteNotFound as exc:
            raise CommandError(f"--site: {exc}") from exc
        try:
            text = self.read(path)
            result = import_text(
                text,
                detect_format(path.name, format),
                retire_missing=retire_missing,
                dry_run=dry_run,
                site=town,
            )
        except ImportRefused as exc:
            for problem in exc.problems:
                self.stderr.write(f"{path}: {problem}")
            raise CommandError(exc.summary()) from exc
        except RetirementRefused as exc:
            for change in exc.retiring:
                self.stderr.write(f"{path}: {change}")
            count = len(exc.retiring)
            if any(change.action == DELETE for change in exc.retiring):
                raise CommandError(
                    ngettext(
                        "Import abgelehnt: %(count)d Eintrag fehlt in der Datei und würde "
                        "zurückgezogen oder entfernt (siehe oben). Soll das geschehen, den Import "
                        "mit --retire-missing wiederholen. Es wurde nichts geändert.",
                        "Import abgelehnt: %(count)d Einträge fehlen in der Datei und würden "
                        "zurückgezogen oder entfernt (siehe oben). Soll das geschehen, den Import "
                        "mit --retire-missing wiederholen. Es wurde nichts geändert.",
                        count,
                    )
                    % {"count": count}
                ) from exc
            raise CommandError(
                ngettext(
                    "Import abgelehnt: %(count)d Punkt des Konzepts fehlt in der Datei und "
                    "würde zurückgezogen (siehe oben). Soll er zurückgezogen werden, den "
                    "Import mit --retire-missing wiederholen. Es wurde nichts geändert.",
                    "Import abgelehnt: %(count)d Punkte des Konzepts fehlen in der Datei und "
                    "würden zurückgezogen (siehe oben). Sollen sie zurückgezogen werden, den "
                    "Import mit --retire-missing wiederholen. Es wurde nichts geändert.",
                    count,
                )
                % {"count": count}
            ) from exc
        for change in result.changes:
            self.stdout.write(str(change))
        counts = {
            "title": result.concept.title,
            "created": result.created,
            "updated": result.updated,
            "retired": result.retired,
            "deleted": result.deleted,
        }
        if dry_run:
            if result.deleted:
                summary = _(
                    "Probelauf für „%(title)s“: %(created)d neu, %(updated)d geändert, "
                    "%(retired)d zurückgezogen, %(deleted)d entfernt. Es wurde nichts geschrieben."
                )
            else:
                summary = _(
                    "Probelauf für „%(title)s“: %(created)d neu, %(updated)d geändert, "
                    "%(retired)d zurückgezogen. Es wurde nichts geschrieben."
                )
            self.stdout.write(summary % counts)
            if (result.retired or result.deleted) and not retire_missing:
                self.stdout.write(_("Zum Zurückziehen ist --retire-missing nötig."))
        else:
            if result.deleted:
                summary = _(
                    "„%(title)s“ importiert: %(created)d neu, %(updated)d geändert, "
                    "%(retired)d zurückgezogen, %(deleted)d entfernt."
                )
            else:
                summary = _(
                    "„%(title)s“ importiert: %(created)d neu, %(updated)d geändert, "
                    "%(retired)d zurückgezogen."
                )
            self.stdout.write(self.style.SUCCESS(summary % counts))
        self.warn_about_applicability(result)
        if not dry_run:
            self.show_page(result.concept, town)

    def warn_about_applicability(self, result):
        """Name the proposals that fall under another concept after the import."""
        for message in result.applicability_warnings():
            self.stdout.write(self.style.WARNING(message))
        for switch in result.switches:
            self.stdout.write(f"  {switch}")

    def show_page(self, concept, site):
        """Create (or find) the public page of an adopted concept and say which."""
        if concept.status == Concept.Status.DRAFT:
            self.stdout.write(
                _(
                    "Das Konzept ist ein Entwurf: es bekommt keine öffentliche Seite. Nach dem "
                    "Beschluss (Status „adopted“) legt ein erneuter Import sie an."
                )
            )
            return
        self.stdout.write(str(ensure_concept_page(concept, site)))

    def read(self, path):
        """The file's text; at most ``MAX_BYTES`` are read."""
        try:
            with path.open("rb") as stream:
                data = stream.read(MAX_BYTES + 1)
        except FileNotFoundError as exc:
            raise CommandError(_("Datei nicht gefunden: %(path)s") % {"path": path}) from exc
        except OSError as exc:
            raise CommandError(
                _("Die Datei %(path)s lässt sich nicht lesen: %(error)s")
                % {"path": path, "error": exc.strerror}
            ) from exc
        check_size(len(data))
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise CommandError(
                _("%(path)s: Die Datei ist nicht in UTF-8 kodiert.") % {"path": path}
            ) from exc
