"""``manage.py export_concept``: write a concept as YAML or JSON."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from integration_check.concept import Concept
from integration_check.exchange import dump_document, export_concept
from integration_check.sites import SiteNotFound, find_site, site_label


class Command(BaseCommand):
    help = "Schreibt ein Integrationskonzept als YAML oder JSON (siehe docs/concept-format.md)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["yaml", "json"], default="yaml")
        parser.add_argument("--concept", help="Kennung (slug) des Konzepts")
        parser.add_argument(
            "--site",
            help="Website (Gemeinde) des Konzepts: Id oder Hostname; ohne Angabe die "
            "Standard-Website",
        )
        parser.add_argument("--output", "-o", help="Zieldatei; ohne Angabe die Standardausgabe")

    def handle(self, *args, format, concept=None, output=None, site=None, **options):
        try:
            town = find_site(site)
        except SiteNotFound as exc:
            raise CommandError(f"--site: {exc}") from exc
        concepts = Concept.objects.in_default_locale().of_site(town)
        if concept:
            selected = concepts.filter(slug=concept).first()
            if selected is None:
                known = ", ".join(concepts.values_list("slug", flat=True)) or "keine"
                raise CommandError(
                    f"Kein Konzept mit der Kennung „{concept}“ auf der Website "
                    f"„{site_label(town)}“. Vorhanden: {known}."
                )
        else:
            count = concepts.count()
            if count == 0:
                raise CommandError(
                    f"Es gibt auf der Website „{site_label(town)}“ noch kein "
                    "Integrationskonzept zum Exportieren."
                )
            if count > 1:
                known = ", ".join(concepts.values_list("slug", flat=True))
                raise CommandError(f"Mehrere Konzepte vorhanden; bitte --concept angeben: {known}.")
            selected = concepts.get()
        text = dump_document(export_concept(selected), format)
        if output:
            try:
                Path(output).write_text(text, encoding="utf-8")
            except OSError as error:
                raise CommandError(
                    f"Die Datei „{output}“ lässt sich nicht schreiben: {error.strerror}."
                ) from error
            self.stderr.write(f"Geschrieben: {output}")
        else:
            self.stdout.write(text, ending="")
