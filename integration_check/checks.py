"""Checks (Prüfungen): what a proposal is checked against and on which scale.

A town configures its checks in the admin: the integration check
("Vereinbarkeit mit dem Integrationskonzept"), a climate check, a
sustainability check. Each check has its concepts (an adopted concept and its
updates, the "Fortschreibungen"), an ordered rating scale, rules for which
items must be rated, an optional pre-check whose questions can end in "nicht
relevant", and the kinds of page it applies to.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from .choices import ItemRule, Sign
from .sites import default_site_id


class CheckQuerySet(models.QuerySet):
    def of_site(self, site):
        """The checks of ``site`` (a ``Site`` or its id)."""
        return self.filter(site=site)

    def applying_to(self, kind: str, first_published: datetime.date):
        """The checks a page of ``kind`` first published on ``first_published`` must pass."""
        return [
            check
            for check in self.filter(active=True, required_from__lte=first_published)
            if check.applies_to_kind(kind)
        ]


class Check(ClusterableModel):
    """A check (Prüfung) every proposal of the kinds it applies to goes through.

    A check belongs to one site (town): it applies to the pages of that site only, and
    its slug is unique within the site (every town may have its "integration" check).
    """

    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("Website"),
        on_delete=models.PROTECT,
        related_name="assessment_checks",
        default=default_site_id,
        help_text=_("Die Gemeinde (Website), deren Vorlagen diese Prüfung durchlaufen."),
    )
    name = models.CharField(
        _("Name"),
        max_length=255,
        help_text=_("z. B. „Vereinbarkeit mit dem Integrationskonzept“ oder „Klimacheck“."),
    )
    slug = models.SlugField(
        _("Kennung"),
        max_length=50,
        help_text=_(
            "Innerhalb der Website eindeutige Kennung, z. B. „integration“; Import und Export "
            "nutzen sie."
        ),
    )
    short_name = models.CharField(
        _("Kurzname"),
        max_length=60,
        blank=True,
        help_text=_("Für Tabellenspalten und Filter, z. B. „Integration“ oder „Klima“."),
    )
    concept_label = models.CharField(
        _("Bezeichnung des Konzepts"),
        max_length=100,
        default=_("Integrationskonzept"),
        help_text=_("Wie das Konzept dieser Prüfung heißt, z. B. „Klimaschutzkonzept“."),
    )
    principles_rule = models.CharField(
        _("Leitgedanken"),
        max_length=10,
        choices=ItemRule.choices,
        default=ItemRule.ALL,
        help_text=_("Welche Leitgedanken des Konzepts jede Vorlage bewertet."),
    )
    goals_rule = models.CharField(
        _("Ziele"),
        max_length=10,
        choices=ItemRule.choices,
        default=ItemRule.TOUCHED,
        help_text=_("Welche Ziele des Konzepts jede Vorlage bewertet."),
    )
    applies_to = models.JSONField(
        _("gilt für die Arten"),
        default=list,
        blank=True,
        help_text=_("Leer: für alle Arten von Vorlagen."),
    )
    required_from = models.DateField(
        _("Pflicht ab"),
        default=datetime.date(2000, 1, 1),
        help_text=_(
            "Pflicht für Vorlagen, die an oder nach diesem Tag erstmals veröffentlicht werden; "
            "ältere Vorlagen bleiben unverändert veröffentlichbar."
        ),
    )
    active = models.BooleanField(_("aktiv"), default=True)
    precheck_intro = models.TextField(
        _("Hinweis zur Vorprüfung"),
        blank=True,
        help_text=_(
            "Wird keine Frage der Vorprüfung mit „ja“ beantwortet, ist die Prüfung für die "
            "Vorlage nicht relevant: Dann genügt eine Begründung statt der Bewertungen."
        ),
    )
    sort_order = models.IntegerField(_("Reihenfolge"), default=0)

    objects = CheckQuerySet.as_manager()

    class Meta:
        verbose_name = _("Prüfung")
        verbose_name_plural = _("Prüfungen")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["site", "slug"], name="unique_check_slug_per_site")
        ]

    def __str__(self):
        return self.name

    @property
    def label(self):
        return self.short_name or self.name

    def applies_to_kind(self, kind: str) -> bool:
        return not self.applies_to or kind in self.applies_to

    def concept_in_force_on(self, date: datetime.date):
        """The concept of this check in force on ``date`` (source language), or None."""
        cache = self.__dict__.setdefault("_in_force", {})
        if date not in cache:
            cache[date] = self.concepts.in_force_on(date)
        return cache[date]

    @property
    def scale(self):
        """The levels in order, from one query per check instance."""
        if "_scale" not in self.__dict__:
            self._scale = list(self.levels.all())
        return self._scale

    def level(self, key):
        for level in self.scale:
            if level.key == key:
                return level
        return None

    @property
    def questions(self):
        if "_questions" not in self.__dict__:
            self._questions = list(self.precheck_questions.all())
        return self._questions

    def clean(self):
        if self.applies_to is not None and not isinstance(self.applies_to, list):
            raise ValidationError({"applies_to": _("Erwartet wird eine Liste von Arten.")})


class ScaleLevel(Orderable):
    """One level of a check's rating scale, e.g. "positiv" (+) or "stark fördernd" (+2)."""

    assessment_check = ParentalKey(Check, on_delete=models.CASCADE, related_name="levels")
    key = models.SlugField(
        _("Wert"),
        max_length=20,
        help_text=_("Gespeicherter Wert, z. B. „positive“ oder „plus2“; nicht mehr ändern."),
    )
    label = models.CharField(_("Bezeichnung"), max_length=60)
    symbol = models.CharField(_("Symbol"), max_length=4, help_text=_("z. B. „+“, „++“, „−“."))
    sign = models.SmallIntegerField(_("Richtung"), choices=Sign.choices, default=Sign.NEUTRAL)
    needs_justification = models.BooleanField(_("Begründung Pflicht"), default=False)
    needs_weighing = models.BooleanField(_("Abwägung Pflicht"), default=False)

    class Meta(Orderable.Meta):
        verbose_name = _("Stufe")
        verbose_name_plural = _("Stufen der Bewertungsskala")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment_check", "key"], name="unique_level_per_check"
            )
        ]

    def __str__(self):
        return f"{self.symbol} {self.label}"

    @property
    def sign_name(self):
        return {1: "positive", 0: "neutral", -1: "negative"}[self.sign]


class PrecheckQuestion(Orderable):
    """A question of a check's pre-check: "ja" means the full check is needed."""

    assessment_check = ParentalKey(
        Check, on_delete=models.CASCADE, related_name="precheck_questions"
    )
    text = models.CharField(_("Frage"), max_length=500)

    class Meta(Orderable.Meta):
        verbose_name = _("Frage der Vorprüfung")
        verbose_name_plural = _("Fragen der Vorprüfung")

    def __str__(self):
        return self.text
