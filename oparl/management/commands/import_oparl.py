"""``manage.py import_oparl URL``: import the papers of a town's OParl endpoint as draft
proposals (see docs/oparl.md, "Import")."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from integration_check.sites import SiteNotFound, find_site
from oparl.client import OparlError
from oparl.importer import import_source, source_for
from proposals.models import OparlSource


class Command(BaseCommand):
    help = (
        "Liest die Drucksachen (Paper) einer OParl-Schnittstelle (1.0 oder 1.1) und legt sie "
        "als Entwürfe von Vorlagen an oder aktualisiert sie. Ohne URL: alle aktiven "
        "OParl-Quellen."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "url", nargs="?", help="Adresse des OParl-Systems (System) oder einer Körperschaft"
        )
        parser.add_argument(
            "--site",
            help="Website (Gemeinde), in die importiert wird: Id oder Hostname; ohne Angabe "
            "die Standard-Website",
        )
        parser.add_argument(
            "--body", help="Körperschaft, wenn das System mehrere anbietet: Id (URL) oder Name"
        )
        parser.add_argument(
            "--attachments",
            choices=[choice.value for choice in OparlSource.Attachments],
            help="Anlagen als Dokumente herunterladen oder als Links übernehmen "
            "(gespeichert für die Quelle; ohne Angabe wie zuletzt, zuerst: documents)",
        )
        parser.add_argument(
            "--full",
            action="store_true",
            help="Alle Drucksachen neu lesen, nicht nur die seit dem letzten Lauf geänderten",
        )

    def execute(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            return super().execute(*args, **options)

    def handle(
        self, *args, url=None, site=None, body=None, attachments=None, full=False, **options
    ):
        self.verbosity = options.get("verbosity", 1)
        if url:
            try:
                town = find_site(site)
            except SiteNotFound as exc:
                raise CommandError(f"--site: {exc}") from exc
            sources = [source_for(town, url.strip(), body=body, attachments=attachments)]
        else:
            sources = OparlSource.objects.filter(active=True).select_related("site")
            if site:
                try:
                    sources = sources.filter(site=find_site(site))
                except SiteNotFound as exc:
                    raise CommandError(f"--site: {exc}") from exc
            sources = list(sources)
            if not sources:
                raise CommandError(_("Es ist keine OParl-Quelle eingerichtet."))
        failed = []
        for source in sources:
            try:
                report = import_source(source, progress=self.progress, full=full)
            except OparlError as exc:
                if url:
                    raise CommandError(
                        _("Import abgelehnt: %(error)s Es wurde nichts geändert.") % {"error": exc}
                    ) from exc
                self.stderr.write(str(exc))
                failed.append(source.url)
                continue
            for line in report.lines()[:-1]:
                self.stdout.write(str(line))
            style = self.style.WARNING if report.interrupted else self.style.SUCCESS
            self.stdout.write(style(report.summary()))
            if report.interrupted:
                failed.append(source.url)
        if failed:
            raise CommandError(
                _("Import unvollständig: %(sources)s (siehe oben).")
                % {"sources": ", ".join(failed)}
            )

    def progress(self, message):
        if self.verbosity >= 2:
            self.stdout.write(str(message))
