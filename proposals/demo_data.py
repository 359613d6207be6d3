"""Sample proposals for the demo (Steinfurt, concept 2018-2021)."""

P, N, M = "positive", "neutral", "negative"

DEMO_PROPOSALS = [
    {
        "reference": "2019/041",
        "slug": "stadtteilbezogenes-integrationsmanagement-borghorst",
        "title": "Stadtteilbezogenes Integrationsmanagement in Borghorst",
        "kind": "beschlussvorlage",
        "date": "2019-03-12",
        "lead_department": "Fachdienst Soziales",
        "is_public": True,
        "facts": "<p>Im Rahmen der energetischen Quartierssanierung Borghorst-Süd soll eine halbe Stelle für ein stadtteilbezogenes Integrationsmanagement eingerichtet werden.</p>",
        "proposed_resolution": "<p>Der Rat beschließt die Einrichtung eines stadtteilbezogenen Integrationsmanagements in Borghorst-Süd für zunächst drei Jahre.</p>",
        "financial_effects": "<p>Personalkosten von jährlich 32.000 €, zu 70 % gefördert.</p>",
        "summary": "Die Vorlage setzt Maßnahme 3.2 um und wirkt positiv auf das Zusammenleben im Quartier.",
        "principles": [
            ("1", P, "Das Quartiersmanagement bindet Zugewanderte als Mitgestaltende ein.", ""),
            ("2", P, "Begegnungsangebote fördern den respektvollen Umgang.", ""),
            (
                "3",
                P,
                "Bewohnerinnen und Bewohner werden an der Quartiersentwicklung beteiligt.",
                "",
            ),
            ("4", P, "Nachbarschaftsfeste und Treffpunkte bringen Menschen zusammen.", ""),
            ("5", N, "", ""),
        ],
        "goals": [
            (
                "3.2",
                P,
                "Bildungs- und Begegnungsangebote im Quartier verbessern das Zusammenleben.",
                "",
            ),
            ("5.3", P, "Die Nachbarschaft im durch Zuzug veränderten Quartier wird gestärkt.", ""),
        ],
        "measures": ["3.2"],
        "consultations": [
            ("soziales", "2019-03-26", "vorberatung", "beschlossen"),
            ("rat", "2019-04-09", "entscheidung", "beschlossen"),
        ],
    },
]
