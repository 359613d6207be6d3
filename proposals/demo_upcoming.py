"""Demo proposals for the council's upcoming meetings, dated relative to the day of loading."""

import datetime

from .demo_data import climate_not_relevant

P, N, M = "positive", "neutral", "negative"


def upcoming_proposals(today: datetime.date | None = None):
    """Return demo proposal dicts whose meetings lie 1 to 5 weeks ahead of ``today``."""
    today = today or datetime.date.today()

    def day(offset):
        return (today + datetime.timedelta(days=offset)).isoformat()

    return [
        {
            "reference": f"{today.year}/901",
            "slug": "sprachcafe-in-der-stadtbuecherei",
            "title": "Dauerhafte Einrichtung eines Sprachcafés in der Stadtbücherei",
            "kind": "beschlussvorlage",
            "date": day(-21),
            "lead_department": "Fachdienst Bildung, Kultur und Sport",
            "facts": "<p>Das seit zwei Jahren ehrenamtlich getragene Sprachcafé in der Stadtbücherei soll mit einer festen Raumzusage und Sachmitteln verstetigt werden.</p>",
            "proposed_resolution": "<p>Der Rat beschließt die dauerhafte Einrichtung des Sprachcafés in der Stadtbücherei.</p>",
            "financial_effects": "<p>Sachkosten von 2.400 € jährlich im Budget der Stadtbücherei.</p>",
            "summary": "Die Vorlage setzt Maßnahme 2.1 (Bücherei als Lernort) fort und wirkt positiv auf Sprache und Begegnung.",
            "principles": [
                ("1", P, "Zugewanderte bringen ihre Sprachen als Gesprächspartner ein.", ""),
                ("2", P, "Das Café ist ein offener Ort der Begegnung.", ""),
                ("3", N, "", ""),
                ("4", P, "Alteingesessene und Neuzugewanderte treffen sich regelmäßig.", ""),
                (
                    "5",
                    P,
                    "Sprachlernen wird für alle Altersgruppen niedrigschwellig angeboten.",
                    "",
                ),
            ],
            "goals": [
                ("2.1", P, "Die Bücherei wird als Bildungsort bekannt und genutzt.", ""),
            ],
            "measures": ["2.1"],
            "checks": {
                "klima": climate_not_relevant(
                    "Das Sprachcafé nutzt vorhandene Räume der Stadtbücherei; Energieverbrauch, Flächen und Verkehr ändern sich nicht."
                )
            },
            "consultations": [
                ("soziales", day(9), "vorberatung", "offen"),
                ("rat", day(23), "entscheidung", "offen"),
            ],
        },
        {
            "reference": f"{today.year}/902",
            "slug": "anmietung-gebaeude-unterbringung-gefluechteter",
            "title": "Anmietung eines Gebäudes zur Unterbringung Geflüchteter",
            "kind": "beschlussvorlage",
            "date": day(-14),
            "lead_department": "Fachdienst Zentrales Gebäudemanagement",
            "is_public": False,
            "facts": "<p>Ein privater Eigentümer bietet ein Gebäude am Stadtrand zur Miete an. Die Vertragsverhandlungen sind vertraulich.</p>",
            "proposed_resolution": "<p>Die Verwaltung wird beauftragt, den Mietvertrag zu den genannten Konditionen abzuschließen.</p>",
            "financial_effects": "<p>Jahresmiete im sechsstelligen Bereich; Einzelheiten in der nichtöffentlichen Anlage.</p>",
            "summary": "Die Unterbringung sichert Wohnraum, liegt aber abseits; die Abwägung beschreibt, wie die Lage ausgeglichen wird.",
            "principles": [
                ("1", N, "", ""),
                ("2", N, "", ""),
                (
                    "3",
                    M,
                    "Die Randlage erschwert die Teilnahme am Leben in der Stadt.",
                    "Kurzfristig gibt es keinen anderen Wohnraum; eine Buslinie mit Halt am Gebäude und das Stadtteilmanagement gleichen die Lage aus.",
                ),
                ("4", N, "", ""),
                ("5", N, "", ""),
            ],
            "goals": [
                ("3.3", P, "Zusätzlicher Wohnraum wird geschaffen.", ""),
                (
                    "3.4",
                    M,
                    "Die Lage verlängert die Wege zu Schulen und Beratung.",
                    "Der Halt der Linie C2 wird verlegt; Fahrrad-Kurse (Maßnahme 3.4) werden vor Ort angeboten.",
                ),
            ],
            "checks": {
                "klima": {
                    "precheck": ["yes", "yes"],
                    "summary": "Die Randlage verlängert die Wege der Bewohnerinnen und Bewohner; die Verlegung der Bushaltestelle mildert die Wirkung.",
                    "goals": [
                        ("1.1", "zero", "", ""),
                        ("1.2", "zero", "", ""),
                        ("2.1", "zero", "", ""),
                        (
                            "2.2",
                            "minus1",
                            "Ohne Halt in der Nähe sind Schulen und Beratung vom Stadtrand aus nur mit dem Auto gut zu erreichen.",
                            "Der Halt der Linie C2 wird an das Gebäude verlegt.",
                        ),
                        ("3.1", "zero", "", ""),
                        ("3.2", "zero", "", ""),
                    ],
                },
            },
            "consultations": [
                ("hauptausschuss", day(16), "vorberatung", "offen"),
                ("rat", day(23), "entscheidung", "offen"),
            ],
        },
        {
            "reference": f"{today.year}/903",
            "slug": "mehrsprachige-startseite-stadt",
            "title": "Mehrsprachige Informationen auf der Internetseite der Stadt",
            "kind": "mitteilungsvorlage",
            "date": day(-7),
            "lead_department": "Fachdienst Personal, Innere Dienste und IT",
            "facts": "<p>Die wichtigsten Informationen der Stadt sollen in Leichter Sprache und in sechs weiteren Sprachen angeboten werden.</p>",
            "proposed_resolution": "<p>Der Ausschuss nimmt den Bericht zur Kenntnis.</p>",
            "financial_effects": "<p>Keine zusätzlichen Kosten; Übersetzungen im laufenden Budget.</p>",
            "summary": "Setzt Maßnahme 6.4 um; positiv für Information und Beteiligung.",
            "principles": [
                ("1", N, "", ""),
                ("2", P, "Mehrsprachigkeit zeigt Wertschätzung.", ""),
                ("3", P, "Wer informiert ist, kann sich beteiligen.", ""),
                ("4", N, "", ""),
                ("5", N, "", ""),
            ],
            "goals": [
                ("6.3", P, "Die Öffentlichkeitsarbeit wird zielgruppengerecht.", ""),
                ("3.1", P, "Informationen zur Infrastruktur werden verständlicher.", ""),
            ],
            "measures": ["6.4"],
            "consultations": [
                ("hauptausschuss", day(30), "kenntnisnahme", "offen"),
            ],
        },
    ]
