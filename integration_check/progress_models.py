"""How the concept progresses: dated states of measures, indicators and their values.

Every change is a new dated row, never an overwrite, so that a report for any
past date (Zwischenbericht, Umsetzungsbericht) shows the state as it was.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable, TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField

from .assessment import is_readable  # the one rule for required texts
from .choices import STATE_SYMBOLS, STATES_NEEDING_REASON, MeasureState
from .concept import Measure


class MeasureStatusUpdate(TranslatableMixin, Orderable):
    """A dated state of a measure, with the reason and planned start where it has not started."""

    measure = ParentalKey(Measure, on_delete=models.CASCADE, related_name="status_updates")
    date = models.DateField(_("Stand vom"), default=datetime.date.today)
    state = models.CharField(_("Stand"), max_length=20, choices=MeasureState.choices)
    reason = models.TextField(
        _("Begründung"),
        blank=True,
        help_text=_(
            "Pflicht, solange die Maßnahme nicht begonnen hat, verschoben ist oder nicht verfolgt wird."
        ),
    )
    planned_start = models.DateField(_("geplanter Beginn"), null=True, blank=True)
    note = models.TextField(_("Anmerkung"), blank=True)

    translatable_fields = [
        SynchronizedField("date"),
        SynchronizedField("state"),
        TranslatableField("reason"),
        SynchronizedField("planned_start"),
        TranslatableField("note"),
    ]
    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("state"), FieldPanel("planned_start")]),
        FieldPanel("reason"),
        FieldPanel("note"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("Stand der Maßnahme")
        verbose_name_plural = _("Verlauf des Stands")
        ordering = ["date", "sort_order"]

    def clean(self):
        if self.state in STATES_NEEDING_REASON and not is_readable(self.reason):
            raise ValidationError(
                {
                    "reason": _(
                        "Bitte begründen Sie, warum die Maßnahme (noch) nicht durchgeführt wird."
                    )
                }
            )
        if self.state in (MeasureState.PLANNED, MeasureState.POSTPONED) and not self.planned_start:
            raise ValidationError(
                {"planned_start": _("Bitte geben Sie an, wann der Beginn geplant ist.")}
            )

    @property
    def symbol(self):
        return STATE_SYMBOLS.get(self.state, "")


class Indicator(TranslatableMixin, ClusterableModel):
    """How the success of a measure is measured: a unit, a baseline, a target and dated values."""

    measure = models.ForeignKey(
        Measure, verbose_name=_("Maßnahme"), on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(_("Name"), max_length=255)
    description = models.TextField(_("Beschreibung"), blank=True)
    unit = models.CharField(
        _("Einheit"), max_length=50, help_text=_("z. B. „Teilnehmende“ oder „%“")
    )
    baseline = models.DecimalField(
        _("Ausgangswert"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    baseline_date = models.DateField(_("Ausgangswert vom"), null=True, blank=True)
    target = models.DecimalField(
        _("Zielwert"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    target_date = models.DateField(_("Ziel bis"), null=True, blank=True)
    sort_order = models.IntegerField(_("Reihenfolge"), default=0)

    translatable_fields = [
        SynchronizedField("measure"),
        TranslatableField("name"),
        TranslatableField("description"),
        TranslatableField("unit"),
        SynchronizedField("baseline"),
        SynchronizedField("baseline_date"),
        SynchronizedField("target"),
        SynchronizedField("target_date"),
    ]
    panels = [
        FieldPanel("measure", widget=forms.Select),
        FieldPanel("name"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("unit"), FieldPanel("sort_order")]),
        FieldRowPanel([FieldPanel("baseline"), FieldPanel("baseline_date")]),
        FieldRowPanel([FieldPanel("target"), FieldPanel("target_date")]),
        InlinePanel("values", heading=_("Werte"), label=_("Wert")),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("Indikator")
        verbose_name_plural = _("Indikatoren")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return f"{self.measure.number}: {self.name}"

    def values_until(self, date=None):
        values = sorted(self.values.all(), key=lambda v: v.date)
        if date is not None:
            values = [v for v in values if v.date <= date]
        return values


class IndicatorValue(TranslatableMixin, Orderable):
    """A dated value of an indicator."""

    indicator = ParentalKey(Indicator, on_delete=models.CASCADE, related_name="values")
    date = models.DateField(_("Datum"))
    value = models.DecimalField(_("Wert"), max_digits=12, decimal_places=2)
    note = models.CharField(_("Anmerkung"), max_length=255, blank=True)

    translatable_fields = [
        SynchronizedField("date"),
        SynchronizedField("value"),
        TranslatableField("note"),
    ]
    panels = [FieldRowPanel([FieldPanel("date"), FieldPanel("value")]), FieldPanel("note")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("Indikatorwert")
        verbose_name_plural = _("Indikatorwerte")
        ordering = ["date", "sort_order"]
