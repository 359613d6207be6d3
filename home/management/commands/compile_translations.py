"""``manage.py compile_translations``: compile the project's .po catalogues to .mo.

Uses polib (already required by wagtail-localize), so no system gettext
tools are needed on a fresh machine.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Kompiliert die Übersetzungskataloge (locale/*/LC_MESSAGES/*.po) zu .mo-Dateien."

    def handle(self, *args, **options):
        count = 0
        for base in settings.LOCALE_PATHS:
            for po_path in sorted(Path(base).glob("*/LC_MESSAGES/*.po")):
                polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
                count += 1
        self.stdout.write(f"{count} Kataloge kompiliert.")
