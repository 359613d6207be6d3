"""Demo progress of the Steinfurt concept: dated states of measures and indicator values.

Invented for the demo (the short version of the concept reports no states);
shaped like the interim report the concept asks for after two years.
"""

import datetime

from django.db import transaction

from integration_check.models import (
    Indicator,
    IndicatorValue,
    Measure,
    MeasureState,
    MeasureStatusUpdate,
)

S = MeasureState
D = datetime.date

# measure number: [(date, state, reason, planned start)]
STATES = {
    "1.1": [(D(2018, 9, 1), S.RUNNING, "", None)],
    "1.2": [
        (
            D(2018, 9, 1),
            S.PLANNED,
            "Termin mit der Kreishandwerkerschaft wird abgestimmt.",
            D(2019, 3, 1),
        ),
        (D(2019, 3, 14), S.COMPLETED, "", None),
    ],
    "1.3": [(D(2019, 2, 1), S.RUNNING, "", None)],
    "1.4": [
        (D(2018, 9, 1), S.PLANNED, "Kursträger gesucht.", D(2019, 9, 1)),
        (D(2019, 10, 1), S.RUNNING, "", None),
    ],
    "1.5": [
        (
            D(2019, 6, 1),
            S.POSTPONED,
            "Datenschutzfragen zur Profilmappe sind noch offen.",
            D(2021, 3, 1),
        )
    ],
    "2.1": [(D(2018, 7, 1), S.RUNNING, "", None)],
    "2.2": [(D(2018, 10, 1), S.RUNNING, "", None)],
    "2.3": [(D(2019, 1, 15), S.RUNNING, "", None)],
    "2.4": [(D(2019, 8, 1), S.RUNNING, "", None)],
    "2.5": [(D(2018, 11, 1), S.RUNNING, "", None), (D(2020, 6, 30), S.COMPLETED, "", None)],
    "3.1": [
        (
            D(2019, 4, 1),
            S.PLANNED,
            "Die App wird gemeinsam mit den Stadtwerken ausgeschrieben.",
            D(2020, 5, 1),
        ),
        (D(2020, 5, 20), S.RUNNING, "", None),
    ],
    "3.2": [(D(2019, 4, 9), S.RUNNING, "", None)],
    "3.3": [
        (D(2019, 5, 1), S.RUNNING, "", None),
        (D(2020, 3, 20), S.POSTPONED, "Wegen der Corona-Pandemie ausgesetzt.", D(2021, 9, 1)),
    ],
    "3.4": [(D(2019, 4, 1), S.RUNNING, "", None)],
    "4.1": [(D(2019, 3, 8), S.COMPLETED, "", None)],
    "4.2": [(D(2018, 12, 1), S.RUNNING, "", None)],
    "4.3": [
        (D(2019, 9, 1), S.PLANNED, "Mentorinnen und Mentoren werden geworben.", D(2020, 4, 1)),
        (D(2020, 4, 1), S.POSTPONED, "Pandemie: Präsenzangebote ausgesetzt.", D(2021, 10, 1)),
    ],
    "4.4": [(D(2019, 5, 18), S.COMPLETED, "", None)],
    "5.1": [(D(2018, 10, 1), S.RUNNING, "", None)],
    "5.2": [(D(2019, 2, 1), S.RUNNING, "", None)],
    "5.3": [
        (
            D(2019, 6, 1),
            S.NOT_PURSUED,
            "Keine Trägerschaft gefunden; die Aufgabe übernimmt das Integrationsmanagement (Maßnahme 3.2).",
            None,
        )
    ],
    "5.4": [(D(2019, 6, 1), S.RUNNING, "", None)],
    "5.5": [(D(2019, 10, 1), S.RUNNING, "", None)],
    "5.6": [(D(2018, 6, 1), S.RUNNING, "", None)],
    "6.1": [(D(2018, 6, 1), S.RUNNING, "", None)],
    "6.2": [
        (
            D(2019, 1, 1),
            S.PLANNED,
            "Schulungskonzept mit dem Kommunalen Integrationszentrum in Arbeit.",
            D(2019, 9, 1),
        ),
        (D(2019, 9, 1), S.RUNNING, "", None),
    ],
    "6.3": [(D(2019, 3, 1), S.COMPLETED, "", None)],
    "6.4": [(D(2019, 6, 1), S.RUNNING, "", None)],
}

# measure number: (name, unit, baseline, baseline date, target, target date, [(date, value)])
INDICATORS = {
    "2.1": (
        "Besuche von Lerngruppen in der Stadtbücherei",
        "Besuche je Jahr",
        40,
        D(2018, 1, 1),
        150,
        D(2021, 12, 31),
        [
            (D(2018, 12, 31), 62),
            (D(2019, 12, 31), 118),
            (D(2020, 12, 31), 71),
            (D(2021, 12, 31), 134),
        ],
    ),
    "3.4": (
        "Teilnehmende an Fahrrad-Kursen",
        "Personen",
        0,
        D(2018, 1, 1),
        120,
        D(2021, 12, 31),
        [(D(2019, 12, 31), 38), (D(2020, 12, 31), 45), (D(2021, 12, 31), 97)],
    ),
    "4.2": (
        "Sportvereine mit Ansprechperson für Integration",
        "Vereine",
        3,
        D(2018, 1, 1),
        12,
        D(2021, 12, 31),
        [(D(2018, 12, 31), 5), (D(2019, 12, 31), 8), (D(2020, 12, 31), 9), (D(2021, 12, 31), 11)],
    ),
    "5.6": (
        "Aktive Ehrenamtliche in der Flüchtlingshilfe",
        "Personen",
        180,
        D(2018, 1, 1),
        200,
        D(2021, 12, 31),
        [
            (D(2018, 12, 31), 171),
            (D(2019, 12, 31), 158),
            (D(2020, 12, 31), 133),
            (D(2021, 12, 31), 149),
        ],
    ),
    "6.4": (
        "Seitenaufrufe der Integrationsseiten",
        "Aufrufe je Monat",
        300,
        D(2018, 1, 1),
        1500,
        D(2021, 12, 31),
        [(D(2019, 12, 31), 640), (D(2020, 12, 31), 1210), (D(2021, 12, 31), 1630)],
    ),
}


@transaction.atomic
def load(concept):
    """Add states and indicators to measures that have none yet; return lines to print."""
    measures = {m.number: m for m in Measure.objects.filter(field_of_action__concept=concept)}
    added_states = added_indicators = 0
    for number, updates in STATES.items():
        measure = measures[number]
        if MeasureStatusUpdate.objects.filter(measure=measure).exists():
            continue
        for position, (date, state, reason, planned) in enumerate(updates):
            MeasureStatusUpdate.objects.create(
                measure=measure,
                locale=measure.locale,
                date=date,
                state=state,
                reason=reason,
                planned_start=planned,
                sort_order=position,
            )
            added_states += 1
    for number, (name, unit, base, base_date, target, target_date, values) in INDICATORS.items():
        measure = measures[number]
        if Indicator.objects.filter(measure=measure, name=name).exists():
            continue
        indicator = Indicator.objects.create(
            measure=measure,
            locale=measure.locale,
            name=name,
            unit=unit,
            baseline=base,
            baseline_date=base_date,
            target=target,
            target_date=target_date,
        )
        for position, (date, value) in enumerate(values):
            IndicatorValue.objects.create(
                indicator=indicator,
                locale=indicator.locale,
                date=date,
                value=value,
                sort_order=position,
            )
        added_indicators += 1
    return [f"Umsetzungsstand: {added_states} Einträge, {added_indicators} Indikatoren neu."]
