"""``manage.py import_concept FILE``: read a concept from YAML or JSON."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from integration_check.exchange import ImportRefused, detect_format, import_text


class Command(BaseCommand):
    help = "Liest ein Integrationskonzept aus einer YAML- oder JSON-Datei (siehe docs/concept-format.md)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Pfad zur YAML- oder JSON-Datei")
        parser.add_argument("--format", choices=["yaml", "json"], help="Format erzwingen")

    def handle(self, *args, file, format=None, **options):
        path = Path(file)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError as exc:
            raise CommandError(f"Datei nicht gefunden: {path}") from exc
        except UnicodeDecodeError as exc:
            raise CommandError(f"{path}: Die Datei ist nicht in UTF-8 kodiert.") from exc
        try:
            result = import_text(text, detect_format(path.name, format))
        except ImportRefused as exc:
            for problem in exc.problems:
                self.stderr.write(f"{path}: {problem}")
            raise CommandError(
                f"Import abgelehnt: {len(exc.problems)} Fehler gefunden. Es wurde nichts geändert."
            ) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"„{result.concept.title}“ importiert: {result.created} neu, "
                f"{result.updated} geändert, {result.retired} zurückgezogen."
            )
        )
