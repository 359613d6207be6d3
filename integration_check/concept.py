"""The integration concept as structured, translatable content.

A town adopts a concept (Integrationskonzept) for a period. It holds guiding
principles (Leitgedanken) and fields of action (Handlungsfelder); each field
holds goals (Ziele) and measures (Maßnahmen). Proposals are assessed against
the principles and goals, so every item keeps a stable identity: its database
row across edits, its ``translation_key`` across languages, and its number
within the concept across re-imports.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, TranslatableMixin

from .checks import Check

NUMBER_HELP = _("Nummer wie im Konzept, z. B. „3“ oder „2.4“.")


def source_language():
    """The source language's code, as ``Locale.get_default()`` finds it, without a query.

    Concepts and their items are rated in it; their translations are copies.
    """
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


class ConceptQuerySet(models.QuerySet):
    def of_site(self, site):
        """The concepts of ``site``'s checks (a ``Site`` or its id)."""
        return self.filter(assessment_check__site=site)

    def in_default_locale(self):
        return self.filter(locale=Locale.get_default())

    def in_force_on(self, date: datetime.date | None):
        """Return the concept in force on ``date`` in the default locale, or None.

        A concept in force is an adopted (or since superseded) concept whose
        period covers the date. After its period an adopted concept stays in
        force until a later one is adopted (a "Fortschreibung"). Without a date
        (a page whose date is optional and empty) no concept is in force.
        """
        if date is None:
            return None
        qs = self.in_default_locale().filter(
            status__in=[Concept.Status.ADOPTED, Concept.Status.SUPERSEDED],
            valid_from__lte=date,
        )
        covering = qs.filter(Q(valid_until__gte=date) | Q(valid_until__isnull=True))
        concept = covering.order_by("-valid_from").first()
        if concept is None:
            concept = qs.filter(status=Concept.Status.ADOPTED).order_by("-valid_from").first()
        return concept


class Concept(TranslatableMixin, models.Model):
    """An adopted integration concept with its period and status.

    A concept belongs to the site (town) of its check. Its slug names it in concept
    files and filter links, so it is unique within the site (and language): two towns
    may both import a "konzept-2020". The database holds it unique per check (a
    constraint cannot reach the check's site); :meth:`clean` (the admin form) and the
    import (which looks a concept up by site and slug) keep it unique per site.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        ADOPTED = "adopted", _("beschlossen")
        SUPERSEDED = "superseded", _("abgelöst")

    slug = models.SlugField(
        _("Kennung"),
        max_length=100,
        help_text=_(
            "Eindeutige Kennung, z. B. „steinfurt-2018-2021“; Import und Export nutzen sie."
        ),
    )
    title = models.CharField(_("Titel"), max_length=255)
    municipality = models.CharField(_("Kommune"), max_length=255, blank=True)
    introduction = models.TextField(_("Einleitung"), blank=True)
    valid_from = models.DateField(_("gültig ab"))
    valid_until = models.DateField(_("gültig bis"), null=True, blank=True)
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    adopted_on = models.DateField(_("beschlossen am"), null=True, blank=True)
    assessment_check = models.ForeignKey(
        Check,
        verbose_name=_("Prüfung"),
        on_delete=models.PROTECT,
        related_name="concepts",
        help_text=_("Die Prüfung, deren Maßstab dieses Konzept ist."),
    )

    objects = ConceptQuerySet.as_manager()

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("Integrationskonzept")
        verbose_name_plural = _("Integrationskonzepte")
        ordering = ["-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment_check", "slug", "locale"],
                name="unique_concept_slug_per_check_and_locale",
            )
        ]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if self.valid_until and self.valid_from and self.valid_until < self.valid_from:
            errors["valid_until"] = _("Das Ende der Geltungsdauer liegt vor ihrem Beginn.")
        clash = self.slug_clash()
        if clash is not None:
            errors["slug"] = _(
                "Die Kennung „%(slug)s“ hat auf dieser Website schon das Konzept „%(title)s“."
            ) % {"slug": self.slug, "title": clash.title}
        if errors:
            raise ValidationError(errors)

    def slug_clash(self):
        """Return another concept of the same site and language with this slug, or None."""
        if not (self.slug and self.assessment_check_id and self.locale_id):
            return None
        return (
            Concept.objects.filter(
                slug=self.slug,
                locale_id=self.locale_id,
                assessment_check__site_id=self.assessment_check.site_id,
            )
            .exclude(pk=self.pk)
            .first()
        )

    def is_outdated_translation_of(self, source) -> bool:
        """Concepts carry no text timestamp; their items do."""
        return False

    @property
    def period_label(self):
        if self.valid_until:
            return f"{self.valid_from.year}–{self.valid_until.year}"
        return f"ab {self.valid_from.year}"


class ConceptItem(TranslatableMixin, models.Model):
    """Common fields of every numbered item of a concept."""

    number = models.CharField(_("Nummer"), max_length=20, help_text=NUMBER_HELP)
    title = models.CharField(_("Titel"), max_length=500)
    text = models.TextField(_("Text"), blank=True)
    sort_order = models.IntegerField(_("Reihenfolge"), null=True, blank=True, editable=False)
    retired = models.BooleanField(
        _("zurückgezogen"),
        default=False,
        help_text=_(
            "Zurückgezogene Punkte bleiben für bestehende Bewertungen erhalten, "
            "werden aber für neue Vorlagen nicht mehr angeboten."
        ),
    )

    content_updated_at = models.DateTimeField(
        _("Text zuletzt geändert"), null=True, blank=True, editable=False
    )

    sort_order_field = "sort_order"
    #: Fields whose change makes translations of the item outdated.
    content_fields = ("title", "text")

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def url_key(self):
        """The number as it appears in URLs: „2.4“ becomes „2-4“."""
        return self.number.replace(".", "-")

    def _content_changed(self):
        if self.pk is None:
            return True
        stored = type(self).objects.filter(pk=self.pk).values(*self.content_fields).first()
        return stored is None or any(
            stored[name] != getattr(self, name) for name in self.content_fields
        )

    def is_outdated_translation_of(self, source) -> bool:
        """Whether this translation is older than the last change to its source's text."""
        return bool(
            source.content_updated_at
            and self.content_updated_at
            and self.content_updated_at < source.content_updated_at
        )

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if (update_fields is None or set(update_fields) & set(self.content_fields)) and (
            self._content_changed()
        ):
            self.content_updated_at = timezone.now()
            if update_fields is not None:
                kwargs["update_fields"] = list(update_fields) + ["content_updated_at"]
        if self.sort_order is None:
            last = type(self).objects.aggregate(models.Max("sort_order"))["sort_order__max"]
            self.sort_order = (last or 0) + 1
        super().save(*args, **kwargs)


class GuidingPrinciple(ConceptItem):
    """A guiding principle (Leitgedanke); every proposal rates each one."""

    concept = models.ForeignKey(
        Concept,
        verbose_name=_("Integrationskonzept"),
        on_delete=models.CASCADE,
        related_name="guiding_principles",
    )

    class Meta(ConceptItem.Meta):
        verbose_name = _("Leitgedanke")
        verbose_name_plural = _("Leitgedanken")
        constraints = [
            models.UniqueConstraint(
                fields=["concept", "number"], name="unique_principle_number_per_concept"
            )
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


class FieldOfAction(ConceptItem):
    """A field of action (Handlungsfeld) grouping goals and measures."""

    concept = models.ForeignKey(
        Concept,
        verbose_name=_("Integrationskonzept"),
        on_delete=models.CASCADE,
        related_name="fields_of_action",
    )

    class Meta(ConceptItem.Meta):
        verbose_name = _("Handlungsfeld")
        verbose_name_plural = _("Handlungsfelder")
        constraints = [
            models.UniqueConstraint(
                fields=["concept", "number"], name="unique_field_number_per_concept"
            )
        ]


class Goal(ConceptItem):
    """A goal (Ziel) of a field of action; proposals rate the goals they touch."""

    field_of_action = models.ForeignKey(
        FieldOfAction,
        verbose_name=_("Handlungsfeld"),
        on_delete=models.CASCADE,
        related_name="goals",
    )

    class Meta(ConceptItem.Meta):
        verbose_name = _("Ziel")
        verbose_name_plural = _("Ziele")
        constraints = [
            models.UniqueConstraint(
                fields=["field_of_action", "number"], name="unique_goal_number_per_field"
            )
        ]

    @property
    def concept(self):
        return self.field_of_action.concept


class Measure(ClusterableModel, ConceptItem):
    """A measure (Maßnahme) of a field of action, serving one or more goals."""

    field_of_action = models.ForeignKey(
        FieldOfAction,
        verbose_name=_("Handlungsfeld"),
        on_delete=models.CASCADE,
        related_name="measures",
    )
    goals = ParentalManyToManyField(
        Goal, verbose_name=_("Ziele"), blank=True, related_name="measures"
    )
    page_reference = models.PositiveIntegerField(
        _("Seite in der Langfassung"), null=True, blank=True
    )
    responsible_parties = models.TextField(
        _("Verantwortliche"), blank=True, help_text=_("Eine verantwortliche Stelle pro Zeile.")
    )

    class Meta(ConceptItem.Meta):
        verbose_name = _("Maßnahme")
        verbose_name_plural = _("Maßnahmen")
        constraints = [
            models.UniqueConstraint(
                fields=["field_of_action", "number"], name="unique_measure_number_per_field"
            )
        ]

    @property
    def concept(self):
        return self.field_of_action.concept

    @property
    def responsible_list(self):
        return [line.strip() for line in self.responsible_parties.splitlines() if line.strip()]
