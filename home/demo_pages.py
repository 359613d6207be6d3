"""Demo text pages: the accessibility statement and the explanation in Leichte Sprache.

The statement's date, feedback contact and enforcement body are the town's settings
(``home.demo_site.ensure_town_settings``), shown below its text.
"""

from home.models import ContentPage
from home.towns import site_home

PAGES = [
    {
        "slug": "barrierefreiheit",
        "title": "Erklärung zur Barrierefreiheit",
        "lead": "Die Kreisstadt Steinfurt ist bemüht, diese Website im Einklang mit dem "
        "Barrierefreiheitsstärkungsgesetz und der BITV 2.0 barrierefrei zugänglich zu machen.",
        "body": (
            "<h2>Stand der Vereinbarkeit mit den Anforderungen</h2>"
            "<p>Diese Website ist mit den Anforderungen der WCAG 2.1 auf Stufe AA vereinbar. "
            "Jede öffentliche Seitenart wird bei jeder Änderung automatisch auf Deutsch und auf "
            "Arabisch (Schreibrichtung von rechts nach links) mit axe-core geprüft.</p>"
            "<h2>Nicht barrierefreie Inhalte</h2>"
            "<p>Anlagen zu Vorlagen (PDF-Dokumente) stammen teils aus Fachverfahren und sind nicht "
            "immer barrierefrei. Auf Anfrage stellen wir sie in einer zugänglichen Form bereit.</p>"
            # The date, the contact for feedback and the Land's enforcement body follow
            # from the town's settings (home.demo_site.STEINFURT), below this text.
        ),
    },
    {
        "slug": "leichte-sprache",
        "title": "Leichte Sprache",
        "lead": "Hier erklären wir diese Internet-Seite in Leichter Sprache.",
        "body": (
            "<h2>Was ist das Integrations-Konzept?</h2>"
            "<p>In Steinfurt leben viele Menschen.</p><p>Manche Menschen sind neu in Steinfurt.</p>"
            "<p>Alle sollen gut zusammen leben.</p>"
            "<p>Die Stadt hat dafür einen Plan gemacht.</p><p>Der Plan heißt: Integrations-Konzept.</p>"
            "<h2>Was steht in dem Plan?</h2>"
            "<p>In dem Plan stehen Ziele.</p><p>Zum Beispiel: Alle können Deutsch lernen.</p>"
            "<p>In dem Plan stehen auch Maßnahmen.</p><p>Maßnahmen sind Sachen, die die Stadt macht.</p>"
            "<p>Zum Beispiel: Fahrrad-Kurse.</p>"
            "<h2>Was finden Sie auf dieser Seite?</h2>"
            "<p>Sie sehen: Welche Maßnahmen laufen schon.</p>"
            "<p>Sie sehen: Welche Maßnahmen sind fertig.</p>"
            "<p>Der Rat der Stadt entscheidet über viele Sachen.</p>"
            "<p>Bei jeder Entscheidung prüft die Stadt:</p>"
            "<p>Ist das gut für das Zusammen-Leben? Oder schlecht?</p>"
            "<p>Das können Sie hier nachlesen.</p>"
            "<h2>Sie haben Fragen?</h2>"
            "<p>Rufen Sie an: 02552 925-0.</p>"
        ),
    },
]


def ensure_pages(site=None, pages=PAGES):
    """Create the text pages ``pages`` below the home page of ``site`` (default: the default
    site) unless they exist."""
    home = site_home(site)
    for data in pages:
        if ContentPage.objects.child_of(home).filter(slug=data["slug"]).exists():
            continue
        page = ContentPage(show_in_footer=True, **data)
        page.live = False
        home.add_child(instance=page)
        page.save_revision().publish()
