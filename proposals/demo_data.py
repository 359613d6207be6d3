"""Sample proposals for the demo (Steinfurt, concept 2018-2021)."""

P, N, M = "positive", "neutral", "negative"


def climate_not_relevant(reason):
    """The Klimacheck of a proposal its pre-check finds not relevant: "nein" to every
    question, and why (see ``build_proposal`` in proposals/demo.py for the format)."""
    return {"precheck": ["no", "no"], "not_relevant_reason": reason}


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
        "checks": {
            "klima": {
                "precheck": ["yes", "no"],
                "summary": "Das Integrationsmanagement ist Teil der energetischen Quartierssanierung Borghorst-Süd und bringt Haushalte mit der Energieberatung zusammen; auf die übrigen Ziele wirkt die Vorlage nicht.",
                "goals": [
                    (
                        "1.1",
                        "plus1",
                        "Das Integrationsmanagement vermittelt Haushalte im Quartier an die Energieberatung der Sanierung.",
                        "",
                    ),
                    ("1.2", "zero", "", ""),
                    ("2.1", "zero", "", ""),
                    ("2.2", "zero", "", ""),
                    ("3.1", "zero", "", ""),
                    ("3.2", "zero", "", ""),
                ],
            },
        },
        "consultations": [
            ("soziales", "2019-03-26", "vorberatung", "beschlossen"),
            ("rat", "2019-04-09", "entscheidung", "beschlossen"),
        ],
    },
    {
        "reference": "2018/061",
        "slug": "einrichtung-koordinierungsstelle-integration",
        "title": "Einrichtung der Koordinierungsstelle Integration",
        "kind": "beschlussvorlage",
        "date": "2018-06-05",
        "lead_department": "Fachdienst Soziales",
        "is_public": True,
        "facts": "<p>Das Integrationskonzept sieht vor, die Koordinierungsstelle Integration in der Stadtverwaltung langfristig einzurichten. Sie bündelt die Umsetzung der Maßnahmen, begleitet die Lenkungsgruppe Integration und erstellt den Zwischen- und den Umsetzungsbericht.</p>",
        "proposed_resolution": "<p>Der Rat beschließt, im Fachdienst Soziales eine Koordinierungsstelle Integration mit einer vollen Stelle (EG 10 TVöD) dauerhaft einzurichten.</p>",
        "financial_effects": "<p>Personalkosten von jährlich rund 62.000 €; eine Förderung über das Programm „KOMM-AN NRW“ wird beantragt.</p>",
        "summary": "Die Vorlage setzt Maßnahme 6.1 um und schafft die Voraussetzung für die Steuerung und das Monitoring des Integrationskonzepts.",
        "principles": [
            (
                "1",
                P,
                "Eine feste Ansprechstelle macht die Kompetenzen der Zugewanderten und der Initiativen für die Stadt nutzbar.",
                "",
            ),
            ("2", N, "", ""),
            (
                "3",
                P,
                "Die Koordinierungsstelle organisiert die Beteiligung von Initiativen und Migrantenorganisationen an der Lenkungsgruppe.",
                "",
            ),
            ("4", N, "", ""),
            ("5", N, "", ""),
        ],
        "goals": [
            (
                "6.1",
                P,
                "Integration erhält in der Verwaltung eine feste Zuständigkeit und wird in allen Fachdiensten mitgedacht.",
                "",
            ),
            (
                "6.2",
                P,
                "Die Vernetzung zwischen Verwaltung, Trägern und Ehrenamt wird verstetigt.",
                "",
            ),
        ],
        "measures": ["6.1"],
        "checks": {
            "klima": climate_not_relevant(
                "Die Vorlage richtet eine Personalstelle in der Verwaltung ein; sie berührt weder Energieverbrauch und Emissionen noch Flächen, Gebäude oder Verkehr."
            )
        },
        "consultations": [
            ("soziales", "2018-06-14", "vorberatung", "beschlossen"),
            ("hauptausschuss", "2018-06-21", "vorberatung", "beschlossen"),
            ("rat", "2018-07-03", "entscheidung", "beschlossen"),
        ],
    },
    {
        "reference": "2018/087",
        "slug": "praktikums-und-ausbildungsplaetze-fuer-gefluechtete-in-der-stadtverwaltung",
        "title": "Praktikums- und Ausbildungsplätze für Geflüchtete in der Stadtverwaltung",
        "kind": "beschlussvorlage",
        "date": "2018-08-28",
        "lead_department": "Fachdienst Personal, Innere Dienste und IT",
        "is_public": True,
        "facts": "<p>Die Stadtverwaltung will als Arbeitgeberin mit gutem Beispiel vorangehen. Ab dem Ausbildungsjahr 2019 sollen jährlich zwei zusätzliche Ausbildungsplätze und vier Praktikumsplätze für junge Geflüchtete bereitgestellt werden, begleitet von einer Patin oder einem Paten aus der Belegschaft.</p>",
        "proposed_resolution": "<p>Der Rat beschließt, den Stellenplan ab 2019 um zwei Ausbildungsstellen zu erweitern und ein Praktikumsprogramm für Geflüchtete einzurichten.</p>",
        "financial_effects": "<p>Ausbildungsvergütungen von rund 25.000 € jährlich; Praktika ohne zusätzliche Kosten.</p>",
        "summary": "Die Vorlage bezieht die Stadt als Arbeitgeberin in den Integrationsprozess ein und wirkt positiv auf die Ziele 1.1 und 1.2.",
        "principles": [
            (
                "1",
                P,
                "Fähigkeiten und Sprachkenntnisse junger Geflüchteter werden in der Verwaltung genutzt.",
                "",
            ),
            (
                "2",
                P,
                "Patenschaften aus der Belegschaft fördern den wertschätzenden Umgang im Arbeitsalltag.",
                "",
            ),
            ("3", N, "", ""),
            ("4", N, "", ""),
            (
                "5",
                P,
                "Die Ausbildung eröffnet einen anerkannten Berufsabschluss.",
                "",
            ),
        ],
        "goals": [
            (
                "1.1",
                P,
                "Die Stadt bietet selbst Ausbildungen und Praktika an, wie es das Ziel für die Stadtverwaltung ausdrücklich vorsieht.",
                "",
            ),
            (
                "1.2",
                P,
                "Junge Geflüchtete lernen das duale Ausbildungssystem in der Praxis kennen.",
                "",
            ),
        ],
        "measures": ["1.1"],
        "checks": {
            "klima": climate_not_relevant(
                "Zusätzliche Ausbildungs- und Praktikumsplätze in den bestehenden Dienststellen verändern weder Energieverbrauch noch Flächen, Gebäude oder Verkehr."
            )
        },
        "consultations": [
            ("hauptausschuss", "2018-09-13", "vorberatung", "beschlossen"),
            ("rat", "2018-09-25", "entscheidung", "beschlossen"),
        ],
    },
    {
        "reference": "2018/142",
        "slug": "koordinatorin-fuer-integration-im-sport",
        "title": "Förderung einer Koordinatorin oder eines Koordinators für Integration im Sport",
        "kind": "beschlussvorlage",
        "date": "2018-11-06",
        "lead_department": "Fachdienst Bildung, Kultur und Sport",
        "is_public": True,
        "facts": "<p>Die ehrenamtlichen Ansprechpartner*innen für Integration in den Stützpunktvereinen sind stark belastet. Der Stadtsportverband Steinfurt e.V. möchte eine halbe Stelle für die hauptberufliche Koordination der Integrationsarbeit im Sport einrichten und bittet um einen städtischen Zuschuss.</p>",
        "proposed_resolution": "<p>Der Rat beschließt, dem Stadtsportverband für die Jahre 2019 bis 2021 einen Zuschuss von jährlich 15.000 € zur Finanzierung einer Koordinatorin oder eines Koordinators für Integration zu gewähren.</p>",
        "financial_effects": "<p>15.000 € jährlich im Produkt Sportförderung; der Landessportbund trägt den übrigen Anteil.</p>",
        "summary": "Die Vorlage setzt Maßnahme 4.2 um; sie entlastet die Ehrenamtlichen in den Vereinen und öffnet Vereinsangebote für Zugewanderte.",
        "principles": [
            ("1", N, "", ""),
            (
                "2",
                P,
                "Im Sport werden Regeln des fairen und respektvollen Miteinanders eingeübt.",
                "",
            ),
            (
                "3",
                P,
                "Zugewanderte werden auch als Übungsleitende und im Vereinsvorstand gewonnen.",
                "",
            ),
            (
                "4",
                P,
                "Gemeinsame Trainingsgruppen bringen Menschen unterschiedlicher Herkunft zusammen.",
                "",
            ),
            ("5", N, "", ""),
        ],
        "goals": [
            (
                "4.2",
                P,
                "Die hauptberufliche Unterstützung der ehrenamtlichen Ansprechpartner*innen ist genau das, was das Ziel fordert.",
                "",
            ),
            (
                "4.1",
                P,
                "Die Koordination macht Vereinsangebote bekannt, besonders für Frauen und Mädchen.",
                "",
            ),
        ],
        "measures": ["4.2"],
        "checks": {
            "klima": climate_not_relevant(
                "Die Vorlage fördert eine Personalstelle im Sport; sie berührt weder Energieverbrauch und Emissionen noch Flächen, Gebäude oder Verkehr."
            )
        },
        "consultations": [
            ("schule", "2018-11-20", "vorberatung", "beschlossen"),
            ("rat", "2018-12-11", "entscheidung", "beschlossen"),
        ],
    },
    {
        "reference": "2019/064",
        "slug": "verstetigung-der-ehrenamtskoordination",
        "title": "Verstetigung der Ehrenamtskoordination",
        "kind": "beschlussvorlage",
        "date": "2019-04-30",
        "lead_department": "Fachdienst Soziales",
        "is_public": True,
        "facts": "<p>Die Ehrenamtskoordination für die Flüchtlingshilfe wurde 2016 befristet eingerichtet. Rund 180 Ehrenamtliche werden von ihr begleitet, geschult und vermittelt. Die Befristung endet am 30.06.2019.</p>",
        "proposed_resolution": "<p>Der Rat beschließt, die Stelle der Ehrenamtskoordination (0,75 Stelle) unbefristet fortzuführen und ihre Aufgaben auf alle Bereiche des bürgerschaftlichen Engagements zu erweitern.</p>",
        "financial_effects": "<p>Personalkosten von jährlich rund 45.000 €, bisher bereits im Haushalt veranschlagt.</p>",
        "summary": "Die Vorlage setzt Maßnahme 5.6 um und sichert die Begleitung der Ehrenamtlichen auf Dauer.",
        "principles": [
            (
                "1",
                P,
                "Ehrenamtliche mit und ohne Zuwanderungsgeschichte bringen ihre Fähigkeiten gezielt ein.",
                "",
            ),
            ("2", N, "", ""),
            (
                "3",
                P,
                "Die Koordination erleichtert den Einstieg ins Ehrenamt und hält Engagement aufrecht.",
                "",
            ),
            (
                "4",
                P,
                "Tandems und Patenschaften bringen Alteingesessene und Neuzugewanderte zusammen.",
                "",
            ),
            ("5", N, "", ""),
        ],
        "goals": [
            (
                "5.4",
                P,
                "Ehrenamtliche, Gruppen und Vereine werden dauerhaft von der Ehrenamtskoordination begleitet.",
                "",
            ),
            (
                "5.1",
                P,
                "Die Koordination ist feste Ansprechpartnerin und hält den Informationsfluss zwischen den Gruppen aufrecht.",
                "",
            ),
        ],
        "measures": ["5.6"],
        "checks": {
            "klima": climate_not_relevant(
                "Die Verstetigung einer Koordinationsstelle hat keine Auswirkungen auf Energieverbrauch, Emissionen, Flächen, Gebäude oder Verkehr."
            )
        },
        "consultations": [
            ("soziales", "2019-05-16", "vorberatung", "beschlossen"),
            ("rat", "2019-06-04", "entscheidung", "beschlossen"),
        ],
    },
    {
        "reference": "2019/112",
        "slug": "lernzentrum-in-der-stadtbuecherei-burgsteinfurt",
        "title": "Lernzentrum in der Stadtbücherei Burgsteinfurt",
        "kind": "beschlussvorlage",
        "date": "2019-08-20",
        "lead_department": "Fachdienst Bildung, Kultur und Sport",
        "is_public": True,
        "facts": "<p>Die Stadtbücherei Burgsteinfurt soll zum Lernort ausgebaut werden: Ein Lernzentrum mit sechs Arbeitsplätzen, Sprachlernsoftware, mehrsprachigen Medien und betreuten Lernzeiten am Nachmittag. Das Land fördert den Umbau über das Programm „Dritte Orte“.</p>",
        "proposed_resolution": "<p>Der Rat beschließt die Einrichtung eines Lernzentrums in der Stadtbücherei Burgsteinfurt und die Beantragung der Landesförderung.</p>",
        "financial_effects": "<p>Investition von 48.000 €, davon 80 % Landesförderung; laufende Sachkosten von 3.000 € jährlich.</p>",
        "summary": "Die Vorlage setzt Maßnahme 2.1 (Bücherei als Lernort) um und wirkt positiv auf Bildung und Begegnung.",
        "principles": [
            ("1", N, "", ""),
            ("2", P, "Die Bücherei wird ein offener, kostenloser Ort für alle.", ""),
            ("3", N, "", ""),
            (
                "4",
                P,
                "Beim Lernen und in den Lernpatenschaften begegnen sich Menschen unterschiedlicher Herkunft.",
                "",
            ),
            (
                "5",
                P,
                "Lernplätze und Sprachlernangebote stehen Jung und Alt offen.",
                "",
            ),
        ],
        "goals": [
            (
                "2.1",
                P,
                "Die Bücherei wird als Bildungsraum bekannt, in dem Kommunikation über Bildung möglich ist.",
                "",
            ),
            (
                "2.2",
                P,
                "Die betreuten Lernzeiten fördern Schüler*innen mit Sprachdefiziten gezielt.",
                "",
            ),
        ],
        "measures": ["2.1"],
        "checks": {
            "klima": {
                "precheck": ["no", "yes"],
                "summary": "Der Umbau betrifft nur die Einrichtung vorhandener Räume der Stadtbücherei; auf die Ziele des Klimaschutzkonzepts wirkt die Vorlage nicht.",
                "goals": [
                    ("1.1", "zero", "", ""),
                    ("1.2", "zero", "", ""),
                    ("2.1", "zero", "", ""),
                    ("2.2", "zero", "", ""),
                    ("3.1", "zero", "", ""),
                    ("3.2", "zero", "", ""),
                ],
            },
        },
        "consultations": [
            ("schule", "2019-09-03", "vorberatung", "beschlossen"),
            ("rat", "2019-09-24", "entscheidung", "beschlossen"),
        ],
    },
    {
        "reference": "2019/150",
        "slug": "antrag-mehrsprachige-informationen-zur-abfalltrennung",
        "title": "Antrag: Mehrsprachige Informationen zur Abfalltrennung",
        "kind": "antrag",
        "date": "2019-10-08",
        "lead_department": "Fachdienst Tiefbau",
        "is_public": True,
        "facts": "<p>Eine Fraktion beantragt, den Abfallkalender und die Hinweise zur Mülltrennung in Leichter Sprache sowie auf Englisch, Arabisch, Türkisch und Russisch herauszugeben und an Sammelunterkünften Piktogramm-Schilder anzubringen. Die Verwaltung unterstützt den Antrag.</p>",
        "proposed_resolution": "<p>Die Verwaltung wird beauftragt, ab dem Abfallkalender 2020 mehrsprachige Hinweise zur Abfalltrennung bereitzustellen.</p>",
        "financial_effects": "<p>Übersetzung und Druck einmalig rund 4.500 €, finanziert aus den Abfallgebühren.</p>",
        "summary": "Der Antrag verbessert die Information über städtische Regelungen für alle Personengruppen (Ziel 3.1).",
        "principles": [
            ("1", N, "", ""),
            (
                "2",
                P,
                "Verständliche Informationen beugen Konflikten in der Nachbarschaft über falsch getrennten Müll vor.",
                "",
            ),
            ("3", N, "", ""),
            ("4", N, "", ""),
            ("5", N, "", ""),
        ],
        "goals": [
            (
                "3.1",
                P,
                "Das Ziel nennt die Mülltrennung ausdrücklich als Regelung, die allen Personengruppen nahegebracht werden soll.",
                "",
            ),
        ],
        "measures": [],
        "checks": {
            "klima": {
                "precheck": ["yes", "no"],
                "summary": "Bessere Mülltrennung senkt die Emissionen der Abfallentsorgung geringfügig; die Ziele des Klimaschutzkonzepts berührt der Antrag nicht.",
                "goals": [
                    ("1.1", "zero", "", ""),
                    ("1.2", "zero", "", ""),
                    ("2.1", "zero", "", ""),
                    ("2.2", "zero", "", ""),
                    ("3.1", "zero", "", ""),
                    ("3.2", "zero", "", ""),
                ],
            },
        },
        "consultations": [
            ("stadtentwicklung", "2019-10-22", "vorberatung", "beschlossen"),
            ("hauptausschuss", "2019-11-07", "entscheidung", "geaendert"),
        ],
    },
    {
        "reference": "2019/188",
        "slug": "fahrradkurse-fuer-erwachsene-und-fahrradwerkstatt",
        "title": "Fahrradkurse für Erwachsene und offene Fahrradwerkstatt",
        "kind": "beschlussvorlage",
        "date": "2019-11-19",
        "lead_department": "Fachdienst Tiefbau",
        "is_public": True,
        "facts": "<p>Viele Zugewanderte, vor allem Frauen, haben nie Rad fahren gelernt. Gemeinsam mit dem ADFC und der Kreispolizeibehörde sollen ab Frühjahr 2020 Fahrradkurse auf dem Verkehrsübungsplatz angeboten werden. Eine offene Fahrradwerkstatt im Bauhof stellt gespendete Räder verkehrssicher wieder her.</p>",
        "proposed_resolution": "<p>Der Rat beschließt die Durchführung von Fahrradkursen für Erwachsene und die Einrichtung einer offenen Fahrradwerkstatt.</p>",
        "financial_effects": "<p>Sachkosten von 6.000 € jährlich, davon 3.000 € aus dem Klimaschutzbudget.</p>",
        "summary": "Die Vorlage setzt Maßnahme 3.4 (Fahrrad-Kurse) um und verbessert die Mobilität, besonders von Frauen.",
        "principles": [
            ("1", N, "", ""),
            ("2", N, "", ""),
            (
                "3",
                P,
                "Wer Rad fahren kann, erreicht Arbeit, Kurse und Vereine selbstständig.",
                "",
            ),
            (
                "4",
                P,
                "In der Fahrradwerkstatt reparieren Ehrenamtliche und Teilnehmende gemeinsam.",
                "",
            ),
            ("5", P, "Die Kurse vermitteln auch Verkehrsregeln und Verkehrssicherheit.", ""),
        ],
        "goals": [
            (
                "3.4",
                P,
                "Die Kurse steigern die Nutzung des Rades durch Menschen mit Sprachdefiziten.",
                "",
            ),
            (
                "3.1",
                P,
                "Die Kurse informieren über Verkehrsregeln und den öffentlichen Nahverkehr.",
                "",
            ),
        ],
        "measures": ["3.4"],
        "checks": {
            "klima": {
                "precheck": ["yes", "yes"],
                "summary": "Die Vorlage stärkt den Radverkehr deutlich (Ziel 2.1); auf die übrigen Ziele wirkt sie nicht.",
                "goals": [
                    ("1.1", "zero", "", ""),
                    ("1.2", "zero", "", ""),
                    (
                        "2.1",
                        "plus2",
                        "Wer Rad fahren lernt und ein verkehrssicheres Rad bekommt, legt Alltagswege mit dem Fahrrad statt mit Auto oder Bus zurück.",
                        "",
                    ),
                    ("2.2", "zero", "", ""),
                    ("3.1", "zero", "", ""),
                    ("3.2", "zero", "", ""),
                ],
            },
        },
        "consultations": [
            ("stadtentwicklung", "2019-12-03", "vorberatung", "beschlossen"),
            ("rat", "2019-12-17", "entscheidung", "beschlossen"),
        ],
    },
    {
        "reference": "2020/047",
        "slug": "ankauf-mehrfamilienhaus-dezentrales-wohnen",
        "title": "Ankauf eines Mehrfamilienhauses für dezentrales Wohnen",
        "kind": "beschlussvorlage",
        "date": "2020-03-03",
        "lead_department": "Fachdienst Zentrales Gebäudemanagement",
        "is_public": False,
        "facts": "<p>Der Stadt wird ein Mehrfamilienhaus mit sechs Wohnungen in Borghorst zum Kauf angeboten. Die Wohnungen sollen an Familien vermietet werden, die bisher in der Sammelunterkunft leben. Kaufpreis und Vertragspartner sind vertraulich.</p>",
        "proposed_resolution": "<p>Der Rat stimmt dem Erwerb des Grundstücks zu den in der Anlage genannten Bedingungen zu.</p>",
        "financial_effects": "<p>Kaufpreis und Sanierungskosten laut nichtöffentlicher Anlage; Deckung über die Mieteinnahmen und die Auflösung der Sammelunterkunft.</p>",
        "summary": "Der Ankauf schafft dezentralen Wohnraum mitten in einem Wohnquartier und wirkt positiv auf die Ziele 3.3 und 5.3.",
        "principles": [
            ("1", N, "", ""),
            ("2", N, "", ""),
            (
                "3",
                P,
                "Familien aus der Sammelunterkunft können in einer normalen Nachbarschaft am Leben im Stadtteil teilnehmen.",
                "",
            ),
            ("4", P, "Das Wohnen in gemischter Nachbarschaft fördert das Miteinander.", ""),
            ("5", N, "", ""),
        ],
        "goals": [
            ("3.3", P, "Sechs dezentrale, familiengerechte Wohnungen werden geschaffen.", ""),
            (
                "5.3",
                P,
                "Das Stadtteilbezogene Integrationsmanagement begleitet den Einzug in der Nachbarschaft.",
                "",
            ),
        ],
        "measures": [],
        "checks": {
            "klima": {
                "precheck": ["yes", "yes"],
                "summary": "Das Haus ist energetisch nicht saniert; seine zentrale Lage verkürzt dagegen die Alltagswege der Familien.",
                "goals": [
                    (
                        "1.1",
                        "minus1",
                        "Das Haus ist unsaniert; sein Heizenergiebedarf je Wohnung ist hoch.",
                        "Die Familien brauchen kurzfristig Wohnungen; das Haus wird in das Programm zur energetischen Sanierung städtischer Gebäude (Maßnahme 1.1) aufgenommen.",
                    ),
                    ("1.2", "zero", "", ""),
                    (
                        "2.1",
                        "plus1",
                        "Schule, Kita und Einkauf liegen in Borghorst in Fuß- und Radentfernung.",
                        "",
                    ),
                    ("2.2", "zero", "", ""),
                    ("3.1", "zero", "", ""),
                    ("3.2", "zero", "", ""),
                ],
            },
        },
        "consultations": [
            ("hauptausschuss", "2020-03-12", "vorberatung", "beschlossen"),
            ("rat", "2020-03-24", "entscheidung", "beschlossen"),
        ],
    },
    {
        "reference": "2020/088",
        "slug": "berufsbezogener-sprachkurs-fuer-auszubildende",
        "title": "Berufsbezogener Sprachkurs für Auszubildende und Beschäftigte",
        "kind": "beschlussvorlage",
        "date": "2020-05-26",
        "lead_department": "Fachdienst Soziales",
        "is_public": True,
        "facts": "<p>Auszubildende mit Zuwanderungsgeschichte scheitern häufig an der Fachsprache in der Berufsschule. Gemeinsam mit der Kreishandwerkerschaft und dem Hermann-Emanuel-Berufskolleg soll ein abendlicher berufsbezogener Sprachkurs angeboten werden, wegen der Corona-Pandemie zunächst auch digital.</p>",
        "proposed_resolution": "<p>Der Rat beschließt, den berufsbezogenen Sprachkurs ab dem Schuljahr 2020/21 mit einem Zuschuss zu unterstützen und Räume im Rathaus bereitzustellen.</p>",
        "financial_effects": "<p>Zuschuss von 5.000 € jährlich; die übrigen Kosten tragen die Kreishandwerkerschaft und Bundesmittel (DeuFöV).</p>",
        "summary": "Die Vorlage setzt Maßnahme 1.4 um; sie fördert den beruflichen Spracherwerb und bindet die Betriebe ein.",
        "principles": [
            (
                "1",
                P,
                "Die Potenziale zugewanderter Auszubildender werden für das örtliche Handwerk gesichert.",
                "",
            ),
            ("2", N, "", ""),
            ("3", N, "", ""),
            ("4", N, "", ""),
            ("5", P, "Der Kurs ist ein zusätzliches Bildungsangebot für Berufstätige.", ""),
        ],
        "goals": [
            (
                "1.3",
                P,
                "Berufsspezifische Sprachkenntnisse werden gezielt gefördert.",
                "",
            ),
            (
                "1.1",
                P,
                "Die Betriebe beteiligen sich an Planung und Finanzierung des Kurses.",
                "",
            ),
            (
                "2.3",
                P,
                "Der Kurs wird mit den übrigen Sprachkursen vor Ort abgestimmt und ergänzt sie ohne Doppelungen.",
                "",
            ),
        ],
        "measures": ["1.4"],
        "checks": {
            "klima": climate_not_relevant(
                "Der Sprachkurs findet in vorhandenen Räumen der Volkshochschule statt; Energieverbrauch, Flächen und Verkehr ändern sich nicht."
            )
        },
        "consultations": [
            ("soziales", "2020-06-11", "vorberatung", "beschlossen"),
            ("rat", "2020-06-30", "entscheidung", "beschlossen"),
        ],
    },
    {
        "reference": "2020/133",
        "slug": "zweigstelle-borghorst-der-stadtbuecherei",
        "title": "Zukunft der Zweigstelle Borghorst der Stadtbücherei",
        "kind": "beschlussvorlage",
        "date": "2020-09-15",
        "lead_department": "Fachdienst Bildung, Kultur und Sport",
        "is_public": True,
        "facts": "<p>Zur Haushaltskonsolidierung schlägt die Verwaltung vor, die Zweigstelle Borghorst der Stadtbücherei zum 31.12.2020 zu schließen und den Bestand in der Hauptstelle Burgsteinfurt zusammenzuführen. Die Zweigstelle wird überdurchschnittlich von Familien mit Zuwanderungsgeschichte und von Sprachkursgruppen genutzt.</p>",
        "proposed_resolution": "<p>Der Rat beschließt die Schließung der Zweigstelle Borghorst zum 31.12.2020. Als Ersatz werden eine wöchentliche Medienausleihe im Familienzentrum Borghorst und ein Bücherei-Bringdienst für Kitas und Grundschulen eingerichtet.</p>",
        "financial_effects": "<p>Einsparung von rund 58.000 € jährlich (Miete, Personal, Betrieb); Kosten der Ersatzangebote 9.000 € jährlich.</p>",
        "summary": "Die Schließung schwächt einen wohnortnahen Lernort für Zugewanderte in Borghorst; die Ersatzangebote mildern die Wirkung nur teilweise. Der Rat hat stattdessen verkürzte Öffnungszeiten beschlossen.",
        "principles": [
            ("1", N, "", ""),
            ("2", N, "", ""),
            (
                "3",
                M,
                "Der Wegfall des Treffpunkts erschwert Familien in Borghorst die Teilnahme an Lese- und Sprachangeboten.",
                "Die Haushaltslage erzwingt Einsparungen; die Medienausleihe im Familienzentrum hält ein Angebot im Stadtteil aufrecht.",
            ),
            ("4", N, "", ""),
            (
                "5",
                M,
                "Ein wohnortnaher, kostenloser Bildungsort entfällt; der Weg zur Hauptstelle ist ohne Auto weit.",
                "Der Bringdienst für Kitas und Grundschulen erreicht die Kinder weiterhin; die Onleihe steht allen kostenlos offen und wird in Sprachkursen vorgestellt.",
            ),
        ],
        "goals": [
            (
                "2.1",
                M,
                "Die Zweigstelle ist für viele Zugewanderte der erste Kontakt mit der Bildungsinfrastruktur; Maßnahme 2.1 verliert einen Standort.",
                "Die Sprachkursgruppen erhalten feste Besuchstermine in der Hauptstelle mit Fahrkostenerstattung; das Lernzentrum in Burgsteinfurt (Vorlage 2019/112) bleibt erhalten.",
            ),
            (
                "5.3",
                N,
                "",
                "",
            ),
        ],
        "measures": [],
        "checks": {
            "klima": {
                "precheck": ["yes", "yes"],
                "summary": "Die Schließung spart Heizenergie, verlängert aber die Wege der Nutzerinnen und Nutzer aus Borghorst.",
                "goals": [
                    (
                        "1.1",
                        "plus1",
                        "Das Gebäude der Zweigstelle muss nicht mehr beheizt werden.",
                        "",
                    ),
                    ("1.2", "zero", "", ""),
                    (
                        "2.1",
                        "minus1",
                        "Leserinnen und Leser aus Borghorst fahren zur Hauptstelle in Burgsteinfurt, viele mit dem Auto.",
                        "Die Medienausleihe im Familienzentrum und der Bringdienst für Kitas und Grundschulen ersparen einen Teil der Wege.",
                    ),
                    ("2.2", "zero", "", ""),
                    ("3.1", "zero", "", ""),
                    ("3.2", "zero", "", ""),
                ],
            },
        },
        "consultations": [
            ("schule", "2020-09-29", "vorberatung", "geaendert"),
            ("hauptausschuss", "2020-10-22", "vorberatung", "beschlossen"),
            ("rat", "2020-11-03", "entscheidung", "geaendert"),
        ],
    },
    {
        "reference": "2020/176",
        "slug": "zwischenbericht-integrationskonzept-2018-2021",
        "title": "Zwischenbericht zur Umsetzung des Integrationskonzepts 2018–2021",
        "kind": "berichtsvorlage",
        "date": "2020-11-10",
        "lead_department": "Fachdienst Soziales",
        "is_public": True,
        "facts": "<p>Das Integrationskonzept sieht nach zwei Jahren einen Zwischenbericht an den Ausschuss für Soziales, Jugend, Familie und Gesundheit und an den Rat vor. Die Koordinierungsstelle Integration hat mit den Maßnahmeverantwortlichen und der Lenkungsgruppe den Stand der 28 Maßnahmen erhoben: 9 sind abgeschlossen oder laufen dauerhaft, 13 sind begonnen, 6 noch nicht begonnen, überwiegend wegen der Corona-Pandemie.</p>",
        "proposed_resolution": "<p>Der Ausschuss und der Rat nehmen den Zwischenbericht zur Kenntnis.</p>",
        "financial_effects": "<p>Keine.</p>",
        "summary": "Der Zwischenbericht erfüllt die Monitoring-Pflicht aus Abschnitt 5 des Konzepts und macht den Umsetzungsstand öffentlich.",
        "principles": [
            ("1", N, "", ""),
            ("2", N, "", ""),
            (
                "3",
                P,
                "Der Bericht macht den Stand öffentlich und lädt Politik und Bürgerschaft zur Mitsprache bei der Nachsteuerung ein.",
                "",
            ),
            ("4", N, "", ""),
            ("5", N, "", ""),
        ],
        "goals": [
            (
                "6.3",
                P,
                "Die Ergebnisse der Netzwerkarbeit werden bekannt und öffentlich zugänglich.",
                "",
            ),
            (
                "6.1",
                P,
                "Alle Fachdienste haben zum Bericht beigetragen; Integration wird als Querschnittsaufgabe sichtbar.",
                "",
            ),
        ],
        "measures": ["6.1"],
        "consultations": [
            ("soziales", "2020-11-26", "kenntnisnahme", "zur_kenntnis"),
            ("rat", "2020-12-15", "kenntnisnahme", "zur_kenntnis"),
        ],
    },
    {
        "reference": "2020/201",
        "slug": "neuordnung-stadtbus-einstellung-linie-c3",
        "title": "Neuordnung des Stadtbusverkehrs: Einstellung der Linie C3 Borghorst – Hollich",
        "kind": "beschlussvorlage",
        "date": "2020-12-01",
        "lead_department": "Fachdienst Tiefbau",
        "is_public": True,
        "facts": "<p>Die Linie C3 ist schwach ausgelastet und verursacht ein jährliches Defizit von rund 140.000 €. Die Verwaltung schlägt vor, sie zum Fahrplanwechsel 2021 einzustellen und durch ein Anruf-Sammel-Taxi zu ersetzen. Die Linie erschließt auch die Unterkunft in Hollich und die Sprachkursstandorte in Borghorst.</p>",
        "proposed_resolution": "<p>Der Rat beschließt die Einstellung der Stadtbuslinie C3 zum 12.12.2021 und die Einführung eines Anruf-Sammel-Taxis zum Bustarif.</p>",
        "financial_effects": "<p>Einsparung von rund 95.000 € jährlich nach Abzug der Kosten des Anruf-Sammel-Taxis.</p>",
        "summary": "Die Einstellung der Linie verschlechtert die Mobilität von Menschen ohne Auto, darunter viele Zugewanderte; das Anruf-Sammel-Taxi mildert dies, setzt aber telefonische Buchung auf Deutsch voraus. Der Rat hat die Vorlage abgelehnt.",
        "principles": [
            ("1", N, "", ""),
            ("2", N, "", ""),
            (
                "3",
                M,
                "Ohne Linienbus erreichen Bewohnerinnen und Bewohner aus Hollich Kurse, Vereine und Beratung in Borghorst schlechter.",
                "Das Defizit der Linie ist auf Dauer nicht tragbar. Das Anruf-Sammel-Taxi fährt im selben Takt zum Bustarif; die Buchung ist zusätzlich über die Stadt-App möglich.",
            ),
            ("4", N, "", ""),
            ("5", N, "", ""),
        ],
        "goals": [
            (
                "3.4",
                M,
                "Die Bedienung wird schlechter und die telefonische Buchung ist für Menschen mit Sprachdefiziten eine Hürde.",
                "Eine mehrsprachige Buchungsanleitung wird erstellt, die Fahrrad-Kurse (Maßnahme 3.4) werden in Hollich angeboten, und die Ehrenamtskoordination vermittelt Buchungshilfen.",
            ),
            (
                "2.3",
                M,
                "Teilnehmende der Integrationskurse in Borghorst verlieren ihre direkte Verbindung; Abbrüche sind zu befürchten.",
                "Die Kursträger haben zugesagt, die Kurszeiten auf die Fahrten des Anruf-Sammel-Taxis abzustimmen.",
            ),
        ],
        "measures": [],
        "checks": {
            "klima": {
                "precheck": ["yes", "yes"],
                "summary": "Die Einstellung der Linie C3 schwächt den Nahverkehr zwischen Borghorst und Hollich erheblich.",
                "goals": [
                    ("1.1", "zero", "", ""),
                    ("1.2", "zero", "", ""),
                    ("2.1", "zero", "", ""),
                    (
                        "2.2",
                        "minus2",
                        "Hollich ist ohne die Linie C3 nur noch mit dem Anruf-Sammel-Taxi zu erreichen, das vorab bestellt werden muss.",
                        "Die Linie ist schwach ausgelastet; das Anruf-Sammel-Taxi fährt zum Bustarif und nur bei Bedarf, so entfallen leere Fahrten.",
                    ),
                    ("3.1", "zero", "", ""),
                    ("3.2", "zero", "", ""),
                ],
            },
        },
        "consultations": [
            ("stadtentwicklung", "2020-12-08", "vorberatung", "vertagt"),
            ("stadtentwicklung", "2021-02-02", "vorberatung", "beschlossen"),
            ("rat", "2021-02-23", "entscheidung", "abgelehnt"),
        ],
    },
    {
        "reference": "2021/022",
        "slug": "anfrage-auslastung-integrationskurse",
        "title": "Anfrage: Auslastung der Integrations- und Sprachkurse während der Corona-Pandemie",
        "kind": "anfrage",
        "date": "2021-02-09",
        "lead_department": "Fachdienst Soziales",
        "is_public": True,
        "facts": "<p>Eine Fraktion fragt, wie viele Integrations- und Sprachkurse in Steinfurt seit März 2020 ausgefallen sind, wie viele Teilnehmende auf digitale Formate umgestellt wurden und ob es Wartelisten gibt. Die Verwaltung beantwortet die Anfrage auf Grundlage der Angaben der Kursträger und des Kommunalen Integrationszentrums.</p>",
        "proposed_resolution": "<p>Der Hauptausschuss nimmt die Antwort der Verwaltung zur Kenntnis.</p>",
        "financial_effects": "<p>Keine.</p>",
        "summary": "Die Antwort schafft Transparenz über die Sprach- und Integrationskurse vor Ort und wirkt damit positiv auf Ziel 2.3; sonst keine Auswirkungen.",
        "principles": [
            ("1", N, "", ""),
            ("2", N, "", ""),
            ("3", N, "", ""),
            ("4", N, "", ""),
            ("5", N, "", ""),
        ],
        "goals": [
            (
                "2.3",
                P,
                "Die Zusammenstellung über alle Kursträger stellt die vom Ziel geforderte Transparenz her.",
                "",
            ),
        ],
        "measures": [],
        "consultations": [
            ("hauptausschuss", "2021-02-25", "kenntnisnahme", "zur_kenntnis"),
        ],
    },
    {
        "reference": "2021/071",
        "slug": "neufassung-entgeltordnung-musikschule",
        "title": "Neufassung der Entgeltordnung der Musikschule",
        "kind": "beschlussvorlage",
        "date": "2021-05-11",
        "lead_department": "Fachdienst Bildung, Kultur und Sport",
        "is_public": True,
        "facts": "<p>Die Entgelte der Musikschule wurden seit 2012 nicht angepasst; der Kostendeckungsgrad ist auf 38 % gesunken. Die Verwaltung schlägt eine Erhöhung um durchschnittlich 15 % zum Schuljahr 2021/22 vor. Die Musikschule bietet seit 2018 musische Bildungsangebote für Kinder aus geflüchteten Familien an (Maßnahme 2.3).</p>",
        "proposed_resolution": "<p>Der Rat beschließt die Neufassung der Entgeltordnung der Musikschule mit Wirkung zum 01.08.2021. Inhaberinnen und Inhaber des Steinfurt-Passes erhalten eine Ermäßigung von 50 %.</p>",
        "financial_effects": "<p>Mehrerträge von rund 42.000 € jährlich; Mindererträge aus der Sozialermäßigung von rund 6.000 €.</p>",
        "summary": "Höhere Entgelte erschweren Familien mit geringem Einkommen den Zugang zur musikalischen Bildung; die Sozialermäßigung und die Förderung über Bildung und Teilhabe mildern die Wirkung. Die Ermäßigung wurde im Rat auf 60 % erhöht.",
        "principles": [
            ("1", N, "", ""),
            ("2", N, "", ""),
            ("3", N, "", ""),
            ("4", N, "", ""),
            (
                "5",
                M,
                "Musikalische Bildung wird für Familien mit geringem Einkommen teurer.",
                "Die Musikschule muss einen angemessenen Kostendeckungsgrad erreichen. Mit dem Steinfurt-Pass gilt eine Ermäßigung; Leistungen für Bildung und Teilhabe übernehmen bis zu 15 € monatlich.",
            ),
        ],
        "goals": [
            (
                "4.3",
                M,
                "Das musikalische Angebot wird für einen Teil der Zielgruppe weniger erreichbar.",
                "Die Sozialermäßigung wird in mehreren Sprachen beworben; die Gruppenangebote für Kinder aus geflüchteten Familien bleiben kostenfrei.",
            ),
            (
                "2.1",
                N,
                "",
                "",
            ),
        ],
        "measures": [],
        "checks": {
            "klima": climate_not_relevant(
                "Eine neue Entgeltordnung ändert nur die Gebühren der Musikschule; sie berührt weder Energieverbrauch noch Flächen, Gebäude oder Verkehr."
            )
        },
        "consultations": [
            ("schule", "2021-05-25", "vorberatung", "beschlossen"),
            ("hauptausschuss", "2021-06-10", "vorberatung", "beschlossen"),
            ("rat", "2021-06-22", "entscheidung", "geaendert"),
        ],
    },
    {
        "reference": "2021/095",
        "slug": "bericht-stadtteilkonferenzen-borghorst-burgsteinfurt",
        "title": "Bericht über die Stadtteilkonferenzen in Borghorst und Burgsteinfurt",
        "kind": "mitteilungsvorlage",
        "date": "2021-06-29",
        "lead_department": "Fachdienst Soziales",
        "is_public": True,
        "facts": "<p>Seit Herbst 2019 finden in Borghorst und Burgsteinfurt halbjährlich Stadtteilkonferenzen statt, seit 2020 auch digital. Teilgenommen haben Vereine, Kirchengemeinden, Schulen, Migrantenorganisationen und Anwohnende. Ergebnisse sind unter anderem ein Nachbarschaftsfest, ein Spielplatz-Pflegeteam und ein gemeinsamer Veranstaltungskalender.</p>",
        "proposed_resolution": "<p>Der Ausschuss nimmt den Bericht zur Kenntnis.</p>",
        "financial_effects": "<p>Keine zusätzlichen Kosten; Sachkosten von 1.500 € jährlich im Budget des Fachdienstes Soziales.</p>",
        "summary": "Der Bericht dokumentiert die Umsetzung von Maßnahme 5.5 (Stadtteilkonferenzen), die die Nachbarschaften stärkt.",
        "principles": [
            ("1", N, "", ""),
            ("2", N, "", ""),
            (
                "3",
                P,
                "Anwohnende mit und ohne Zuwanderungsgeschichte gestalten ihren Stadtteil mit.",
                "",
            ),
            (
                "4",
                P,
                "Gemeinsame Aktivitäten wie das Nachbarschaftsfest bringen die Menschen im Quartier zusammen.",
                "",
            ),
            ("5", N, "", ""),
        ],
        "goals": [
            ("5.3", P, "Die Konferenzen stärken die Nachbarschaften in den Quartieren.", ""),
            (
                "5.1",
                P,
                "Vereine und Gruppen tauschen sich regelmäßig aus; der gemeinsame Kalender verbessert den Informationsfluss.",
                "",
            ),
        ],
        "measures": ["5.5", "5.4"],
        "consultations": [
            ("soziales", "2021-07-08", "kenntnisnahme", "zur_kenntnis"),
        ],
    },
    {
        "reference": "2021/140",
        "slug": "bebauungsplan-gewerbegebiet-sonnenschein-erweiterung",
        "title": "Bebauungsplan Nr. 112 „Gewerbegebiet Sonnenschein – Erweiterung“: Aufstellungsbeschluss",
        "kind": "beschlussvorlage",
        "date": "2021-10-19",
        "lead_department": "Fachdienst Stadtplanung und Bauordnung",
        "is_public": True,
        "facts": "<p>Für die Erweiterung eines ortsansässigen Betriebs und die Ansiedlung weiterer Gewerbebetriebe soll das Gewerbegebiet Sonnenschein um 6,5 ha erweitert werden. Im Plangebiet liegt der städtische Interkulturelle Garten, den die Initiative „Gärten der Begegnung“ seit 2016 mit geflüchteten Familien bewirtschaftet.</p>",
        "proposed_resolution": "<p>Der Rat beschließt die Aufstellung des Bebauungsplans Nr. 112. Die Verwaltung wird beauftragt, der Initiative bis zur Gartensaison 2023 eine gleichwertige Ersatzfläche in Wohnortnähe bereitzustellen und den Umzug zu unterstützen.</p>",
        "financial_effects": "<p>Planungskosten von 80.000 €; Herrichtung der Ersatzfläche rund 25.000 €. Erwartete Grundstückserlöse und Gewerbesteuer übersteigen die Kosten.</p>",
        "summary": "Die Erweiterung sichert Arbeitsplätze, beseitigt aber einen gewachsenen Begegnungsort in der Nachbarschaft; die Ersatzfläche und die Umzugshilfe sollen das ausgleichen. Die Entscheidung des Rates steht aus.",
        "principles": [
            (
                "1",
                P,
                "Neue Arbeitsplätze, auch für Menschen ohne Ausbildung, entstehen in Wohnortnähe.",
                "",
            ),
            ("2", N, "", ""),
            (
                "3",
                M,
                "Das Engagement der Initiative wird an einem gewachsenen Ort unterbrochen.",
                "Die Initiative wird an der Auswahl der Ersatzfläche beteiligt; der Garten bleibt bis zur Fertigstellung der Ersatzfläche nutzbar.",
            ),
            (
                "4",
                M,
                "Ein Ort, an dem sich Alteingesessene und Geflüchtete beim Gärtnern begegnen, geht verloren.",
                "Andere Flächen im Stadtgebiet sind für die Betriebserweiterung nicht geeignet. Die Ersatzfläche liegt näher an den Wohngebieten und wird mit Wasseranschluss und Gerätehütte hergerichtet.",
            ),
            ("5", N, "", ""),
        ],
        "goals": [
            (
                "5.3",
                M,
                "Der Garten ist ein Treffpunkt der Nachbarschaft im Quartier Sonnenschein.",
                "Die Ersatzfläche liegt im selben Quartier; das Stadtteilbezogene Integrationsmanagement begleitet den Umzug.",
            ),
            (
                "3.2",
                M,
                "Ein bestehendes Begegnungsangebot entfällt am bisherigen Standort.",
                "Die Stadt trägt die Kosten der neuen Anlage, sodass das Angebot ohne Unterbrechung fortgeführt werden kann.",
            ),
            (
                "1.5",
                P,
                "Der ansiedlungswillige Betrieb bietet Helfertätigkeiten an, die auch Menschen ohne Ausbildung offenstehen.",
                "",
            ),
        ],
        "measures": [],
        "checks": {
            "klima": {
                "precheck": ["yes", "yes"],
                "summary": "Die Erweiterung versiegelt 6,5 ha; Photovoltaik auf den neuen Dächern und die Rückhaltung des Regenwassers mildern die Wirkung.",
                "goals": [
                    ("1.1", "zero", "", ""),
                    (
                        "1.2",
                        "plus1",
                        "Der Bebauungsplan soll Photovoltaik auf den neuen Gewerbedächern festsetzen.",
                        "",
                    ),
                    ("2.1", "zero", "", ""),
                    ("2.2", "zero", "", ""),
                    (
                        "3.1",
                        "minus2",
                        "6,5 ha Acker- und Gartenfläche werden für Gewerbe versiegelt.",
                        "Die Erweiterung sichert Arbeitsplätze eines ortsansässigen Betriebs; der Bebauungsplan soll Dachbegrünung festsetzen, und die Ersatzfläche für den Garten bleibt unversiegelt.",
                    ),
                    (
                        "3.2",
                        "minus1",
                        "Mehr versiegelte Fläche verstärkt den Abfluss bei Starkregen.",
                        "Ein Regenrückhaltebecken im Plangebiet ist vorgesehen.",
                    ),
                ],
            },
        },
        "consultations": [
            ("stadtentwicklung", "2021-11-09", "vorberatung", "beschlossen"),
            ("hauptausschuss", "2021-12-09", "vorberatung", "vertagt"),
            ("rat", "2022-01-25", "entscheidung", "offen"),
        ],
    },
    {
        "reference": "2021/158",
        "slug": "relaunch-internetseite-integration-mehrsprachig",
        "title": "Neugestaltung des Bereichs „Integration“ auf der städtischen Internetseite",
        "kind": "beschlussvorlage",
        "date": "2021-11-16",
        "lead_department": "Fachdienst Personal, Innere Dienste und IT",
        "is_public": True,
        "facts": "<p>Die Informationen zur Integration auf www.steinfurt.de sind verstreut und nur auf Deutsch verfügbar. Im Rahmen von Maßnahme 6.4 soll ein eigener Bereich „Integration“ mit Angebotsübersicht, Ansprechpersonen, Leichter Sprache und Übersetzungen in fünf Sprachen entstehen; Arabisch und Persisch werden von rechts nach links dargestellt.</p>",
        "proposed_resolution": "<p>Der Rat beschließt die Neugestaltung des Bereichs „Integration“ und die Vergabe der Übersetzungen.</p>",
        "financial_effects": "<p>Einmalig 18.000 € für Umsetzung und Übersetzung, laufend 3.500 € jährlich für die Pflege der Übersetzungen.</p>",
        "summary": "Die Vorlage setzt Maßnahme 6.4 (Optimierung der Homepage) um und macht Angebote und Ansprechpersonen für alle zugänglich.",
        "principles": [
            ("1", N, "", ""),
            (
                "2",
                P,
                "Informationen in den Herkunftssprachen zeigen Wertschätzung und erleichtern den Zugang zur Verwaltung.",
                "",
            ),
            (
                "3",
                P,
                "Wer Angebote und Ansprechpersonen kennt, kann sich leichter beteiligen.",
                "",
            ),
            ("4", N, "", ""),
            ("5", N, "", ""),
        ],
        "goals": [
            (
                "6.3",
                P,
                "Jede interessierte Person kann sich online und in ihrer Sprache über Integration in Steinfurt informieren.",
                "",
            ),
            (
                "3.1",
                P,
                "Die Seite bündelt Informationen zum Gesundheitssystem, zum Nahverkehr und zur Abfalltrennung.",
                "",
            ),
        ],
        "measures": ["6.4", "6.3"],
        "checks": {
            "klima": climate_not_relevant(
                "Die Neugestaltung von Internetseiten hat keine nennenswerten Auswirkungen auf Energieverbrauch, Flächen, Gebäude oder Verkehr."
            )
        },
        "consultations": [
            ("hauptausschuss", "2021-12-09", "vorberatung", "beschlossen"),
            ("rat", "2022-02-15", "entscheidung", "offen"),
        ],
    },
    {
        "reference": "2021/171",
        "slug": "fortschreibung-integrationskonzept-beteiligungsverfahren",
        "title": "Fortschreibung des Integrationskonzepts: Beteiligungsverfahren 2022",
        "kind": "beschlussvorlage",
        "date": "2021-12-07",
        "lead_department": "Fachdienst Soziales",
        "is_public": True,
        "published": False,
        "facts": "<p>Die Geltungsdauer des Integrationskonzepts endet am 31.12.2021. Für die Fortschreibung schlägt die Koordinierungsstelle Integration ein Beteiligungsverfahren mit vier Werkstätten, einer mehrsprachigen Online-Befragung und einer Sitzung der Lenkungsgruppe vor. Der Umsetzungsbericht wird bis Juni 2022 vorgelegt. (Entwurf, Abstimmung mit der Fachdienstleitung läuft.)</p>",
        "proposed_resolution": "<p>Der Rat beauftragt die Verwaltung, das Integrationskonzept im Jahr 2022 unter Beteiligung der Akteure und der Bürgerschaft fortzuschreiben.</p>",
        "financial_effects": "<p>Moderation und Übersetzung rund 12.000 €, im Entwurf des Haushalts 2022 veranschlagt.</p>",
        "summary": "Die Fortschreibung sichert die Integrationsarbeit über 2021 hinaus und beteiligt Zugewanderte an der Planung.",
        "principles": [
            (
                "1",
                P,
                "Erfahrungen und Ideen der Zugewanderten fließen in das neue Konzept ein.",
                "",
            ),
            ("2", N, "", ""),
            (
                "3",
                P,
                "Werkstätten und Online-Befragung beteiligen die Bürgerschaft an der Fortschreibung.",
                "",
            ),
            ("4", N, "", ""),
            ("5", N, "", ""),
        ],
        "goals": [
            (
                "6.2",
                P,
                "Die Vernetzung zwischen Verwaltung und Akteuren wird im Beteiligungsverfahren weiterentwickelt.",
                "",
            ),
            (
                "6.3",
                P,
                "Die mehrsprachige Befragung bezieht mehr Menschen mit Migrationshintergrund ein.",
                "",
            ),
        ],
        "measures": ["6.1"],
        "checks": {
            "klima": climate_not_relevant(
                "Werkstätten und eine Online-Befragung in vorhandenen Räumen verändern weder Energieverbrauch noch Flächen, Gebäude oder Verkehr."
            )
        },
        "consultations": [
            ("soziales", "2022-02-17", "vorberatung", "offen"),
            ("rat", "2022-03-22", "entscheidung", "offen"),
        ],
    },
]
