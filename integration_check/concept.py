"""The integration concept as structured, translatable content.

A town adopts a concept (Integrationskonzept) for a period. It holds guiding
principles (Leitgedanken) and fields of action (Handlungsfelder); each field
holds goals (Ziele, possibly with sub-goals) and measures (Maßnahmen). A concept
may name its target groups (Zielgruppen) and the challenges (Herausforderungen)
it answers. Proposals are assessed against the principles and goals, so every
item keeps a stable identity: its database row across edits, its
``translation_key`` across languages, and its number within the concept across
re-imports.

Numbers are text as towns write them ("3", "2.4", "1a", "I.2", "M1", "HF3-Z2");
:func:`natural_key` sorts them as a reader expects ("3.2" before "3.10").
"""

import datetime
import re
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Max, Q
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, TranslatableMixin
from wagtail_localize.fields import SynchronizedField

from .checks import Check

NUMBER_HELP = _("Nummer wie im Konzept, z. B. „3“, „2.4“, „1a“ oder „M1“.")
NUMBER_MAX_LENGTH = 20
#: Letters and digits, in parts separated by ".", "-" or "/" (no spaces).
NUMBER_RE = re.compile(r"^[^\W_]+(?:[./-][^\W_]+)*$")
_NATURAL_PART = re.compile(r"(\d+)|([^\W\d_]+)")


def natural_key(number: str):
    """Return the key that sorts item numbers as a reader expects them.

    Runs of digits compare as numbers, runs of letters alphabetically (ignoring
    case), digits before letters; the separators only separate: "3.2" before
    "3.10", "1" before "1a" before "1.1", "I.2" before "I.10", "M2" before "M10".
    Numbers that differ only in their separators ("1.1", "1-1") are ordered by
    their text.
    """
    number = number or ""
    parts = tuple(
        (0, int(digits), "") if digits else (1, 0, letters.casefold())
        for digits, letters in _NATURAL_PART.findall(number)
    )
    return (parts, number)


def validate_number(value):
    if not NUMBER_RE.match(value or ""):
        raise ValidationError(
            _(
                "„%(number)s“ ist keine gültige Nummer: erlaubt sind Buchstaben und Ziffern, "
                "getrennt durch „.“, „-“ oder „/“, ohne Leerzeichen (z. B. „3“, „2.4“, „1a“, "
                "„M1“ oder „HF3-Z2“)."
            ),
            params={"number": value},
            code="invalid_number",
        )


def url_key(number: str) -> str:
    """The number as it appears in URLs: „2.4“ becomes „2-4“, „HF/3“ becomes „HF_3“."""
    return number.replace(".", "-").replace("/", "_")


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

    def in_force_by_check(self, date: datetime.date):
        """Return ``{check id: concept}``: per check the concept :meth:`in_force_on` ``date``
        (the same rule), all checks' in one query; a check without one is missing."""
        candidates = defaultdict(list)
        # The source language by a join, without a query for its locale.
        for concept in self.filter(locale__language_code=source_language()).filter(
            status__in=[Concept.Status.ADOPTED, Concept.Status.SUPERSEDED], valid_from__lte=date
        ):
            candidates[concept.assessment_check_id].append(concept)
        found = {}
        for check_id, concepts in candidates.items():
            concepts.sort(key=lambda concept: concept.valid_from, reverse=True)
            covering = [c for c in concepts if c.valid_until is None or c.valid_until >= date]
            adopted = [c for c in concepts if c.status == Concept.Status.ADOPTED]
            concept = (covering or adopted or [None])[0]
            if concept is not None:
                found[check_id] = concept
        return found


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
    principles_label = models.CharField(
        _("Bezeichnung der Leitgedanken"),
        max_length=100,
        blank=True,
        help_text=_(
            "Wie das Konzept seine Leitgedanken nennt, z. B. „Integrationsverständnis“; "
            "leer: „Leitgedanken“."
        ),
    )
    assessment_check = models.ForeignKey(
        Check,
        verbose_name=_("Prüfung"),
        on_delete=models.PROTECT,
        related_name="concepts",
        help_text=_("Die Prüfung, deren Maßstab dieses Konzept ist."),
    )

    objects = ConceptQuerySet.as_manager()

    # wagtail-localize translates the free texts (title, municipality, introduction,
    # principles_label); the slug names the concept in files and links in every language.
    override_translatable_fields = [SynchronizedField("slug")]

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
    def principles_heading(self):
        """What the concept calls its guiding principles ("Leitgedanken" unless it says)."""
        return self.principles_label or gettext("Leitgedanken")

    @property
    def period_label(self):
        if self.valid_until:
            return f"{self.valid_from.year}–{self.valid_until.year}"
        return f"ab {self.valid_from.year}"


class TextItem(TranslatableMixin, models.Model):
    """Common fields of every item of a concept that has a title and a text."""

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

    def _new_position(self):
        """The ``sort_order`` of an item saved without one: after all others."""
        last = type(self).objects.aggregate(Max("sort_order"))["sort_order__max"]
        return (last or 0) + 1

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if (update_fields is None or set(update_fields) & set(self.content_fields)) and (
            self._content_changed()
        ):
            self.content_updated_at = timezone.now()
            if update_fields is not None:
                kwargs["update_fields"] = list(update_fields) + ["content_updated_at"]
        if self.sort_order is None:
            self.sort_order = self._new_position()
        super().save(*args, **kwargs)


class ConceptItem(TextItem):
    """Common fields of every numbered item of a concept."""

    number = models.CharField(
        _("Nummer"),
        max_length=NUMBER_MAX_LENGTH,
        help_text=NUMBER_HELP,
        validators=[validate_number],
    )

    #: The lookup from an item to its concept.
    concept_lookup = "concept"

    # The title, text and priority are translated; the number is the same in every language.
    override_translatable_fields = [SynchronizedField("number")]

    class Meta(TextItem.Meta):
        abstract = True

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def url_key(self):
        """The number as it appears in URLs: „2.4“ becomes „2-4“."""
        return url_key(self.number)

    def get_concept_id(self):
        """The pk of the item's concept, or None while it has none."""
        return self.concept_id

    def siblings(self):
        """The other items of this kind in the item's concept and language (None: no concept)."""
        concept_id = self.get_concept_id()
        if concept_id is None:
            return None
        return (
            type(self)
            .objects.filter(**{f"{self.concept_lookup}_id": concept_id}, locale_id=self.locale_id)
            .exclude(pk=self.pk)
        )

    def clean(self):
        super().clean()
        siblings = self.siblings()
        if siblings is None or not self.number:
            return
        clash = next((other for other in siblings if url_key(other.number) == self.url_key), None)
        if clash is not None and clash.number != self.number:
            raise ValidationError(
                {
                    "number": _(
                        "„%(number)s“ ergibt dieselbe Adresse wie „%(other)s“ (%(key)s); "
                        "bitte eine andere Schreibweise wählen."
                    )
                    % {"number": self.number, "other": clash.number, "key": self.url_key}
                }
            )

    def _new_position(self):
        """The place of a new item among its concept's items, by its number.

        An item added in the admin ("3.10") goes after the last item whose number
        comes before it in natural order ("3.9"); the items after it, in every
        language, move down one place.
        """
        siblings = self.siblings()
        if siblings is None or self.locale_id is None:
            return super()._new_position()
        placed = [row for row in siblings.values_list("number", "sort_order") if row[1] is not None]
        if not placed:
            return 1
        own = natural_key(self.number)
        before = [order for number, order in placed if natural_key(number) <= own]
        position = max(before) + 1 if before else min(order for _number, order in placed)
        concept = Concept.objects.filter(pk=self.get_concept_id()).values("translation_key")
        type(self).objects.filter(
            **{f"{self.concept_lookup}__translation_key__in": concept},
            sort_order__gte=position,
        ).update(sort_order=F("sort_order") + 1)
        return position


class OrderedLink(models.Model):
    """A link of an item to another in the order the concept writes them (``sort_order``).

    Links added in the admin (ticked boxes) come after those already there, in
    the order of the linked items; the import writes the file's order.
    """

    sort_order = models.IntegerField(_("Reihenfolge"), null=True, blank=True, editable=False)

    #: The field leading to the item that owns the ordered list, and to the listed item.
    owner_field = None
    target_field = None

    class Meta:
        abstract = True
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return f"{getattr(self, self.owner_field)} → {getattr(self, self.target_field)}"

    @classmethod
    def order_new_links(cls, owner_ids):
        """Give links without a place one after the owner's last link."""
        for owner_id in owner_ids:
            links = cls.objects.filter(**{f"{cls.owner_field}_id": owner_id})
            last = links.aggregate(Max("sort_order"))["sort_order__max"] or 0
            unordered = links.filter(sort_order__isnull=True).order_by(
                f"{cls.target_field}__sort_order", "pk"
            )
            for position, link in enumerate(unordered, start=last + 1):
                link.sort_order = position
                link.save(update_fields=["sort_order"])


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


class TargetGroup(TextItem):
    """A target group (Zielgruppe) of a concept, named by goals, measures and challenges."""

    concept = models.ForeignKey(
        Concept,
        verbose_name=_("Integrationskonzept"),
        on_delete=models.CASCADE,
        related_name="target_groups",
    )
    key = models.SlugField(
        _("Kennung"),
        max_length=100,
        help_text=_("Eindeutig im Konzept, z. B. „neuzugewanderte“; Import und Export nutzen sie."),
    )

    # The key stays the same in every language; the title and text are translated.
    override_translatable_fields = [SynchronizedField("key")]

    class Meta(TextItem.Meta):
        verbose_name = _("Zielgruppe")
        verbose_name_plural = _("Zielgruppen")
        constraints = [
            models.UniqueConstraint(
                fields=["concept", "key"], name="unique_target_group_key_per_concept"
            )
        ]

    def __str__(self):
        return self.title

    def _new_position(self):
        """A new target group comes after its concept's others."""
        if self.concept_id is None:
            return super()._new_position()
        last = TargetGroup.objects.filter(concept_id=self.concept_id).aggregate(Max("sort_order"))[
            "sort_order__max"
        ]
        return (last or 0) + 1


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


PRIORITY_HELP = _("Wie das Konzept sie angibt, z. B. „hoch“, „A“ oder „1“.")
VOTES_HELP = _("z. B. Punkte bei einer Beteiligungswerkstatt")


class WeightedItem(ConceptItem):
    """An item a town may weigh: a priority in its own words, votes, target groups."""

    priority = models.CharField(_("Priorität"), max_length=100, blank=True, help_text=PRIORITY_HELP)
    votes = models.PositiveIntegerField(_("Stimmen"), null=True, blank=True, help_text=VOTES_HELP)

    content_fields = ("title", "text", "priority")

    class Meta(ConceptItem.Meta):
        abstract = True


class Goal(WeightedItem):
    """A goal (Ziel) of a field of action; proposals rate the goals they touch.

    A goal may have sub-goals (a Leitziel its Handlungsziele); a sub-goal belongs to
    its parent's field of action. A goal may belong to further fields of action
    besides its own (``also_in``).
    """

    field_of_action = models.ForeignKey(
        FieldOfAction,
        verbose_name=_("Handlungsfeld"),
        on_delete=models.CASCADE,
        related_name="goals",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("übergeordnetes Ziel"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("Für ein Unterziel; es gehört zum Handlungsfeld seines übergeordneten Ziels."),
    )
    also_in = models.ManyToManyField(
        FieldOfAction,
        verbose_name=_("auch in Handlungsfeldern"),
        blank=True,
        related_name="further_goals",
    )
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("Zielgruppen"), blank=True, related_name="goals"
    )

    concept_lookup = "field_of_action__concept"

    class Meta(WeightedItem.Meta):
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

    def get_concept_id(self):
        if self.field_of_action_id is None:
            return None
        return self.field_of_action.concept_id

    def ancestors(self):
        """The goals above this one, nearest first (a broken cycle ends the walk)."""
        found, goal = [], self.parent
        while goal is not None and goal not in found and goal != self:
            found.append(goal)
            goal = goal.parent
        return found

    def clean(self):
        super().clean()
        if self.parent_id is None:
            return
        if self.parent == self or self in self.parent.ancestors():
            raise ValidationError(
                {
                    "parent": _(
                        "Ein Ziel kann nicht unter sich selbst oder seinen Unterzielen stehen."
                    )
                }
            )
        if self.field_of_action_id and self.parent.get_concept_id() != self.get_concept_id():
            raise ValidationError(
                {"parent": _("Das übergeordnete Ziel muss zum selben Konzept gehören.")}
            )

    def save(self, *args, **kwargs):
        if self.parent_id is not None:
            self.field_of_action_id = self.parent.field_of_action_id
        super().save(*args, **kwargs)


class MeasureGoal(OrderedLink):
    """A goal of a measure, in the order the concept names them."""

    measure = models.ForeignKey("Measure", on_delete=models.CASCADE, related_name="goal_links")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="measure_links")

    owner_field, target_field = "measure", "goal"

    class Meta(OrderedLink.Meta):
        verbose_name = _("Ziel der Maßnahme")
        verbose_name_plural = _("Ziele der Maßnahme")
        constraints = [
            models.UniqueConstraint(fields=["measure", "goal"], name="unique_goal_per_measure")
        ]


class Measure(ClusterableModel, WeightedItem):
    """A measure (Maßnahme) of a field of action, serving one or more goals."""

    field_of_action = models.ForeignKey(
        FieldOfAction,
        verbose_name=_("Handlungsfeld"),
        on_delete=models.CASCADE,
        related_name="measures",
    )
    goals = ParentalManyToManyField(
        Goal, verbose_name=_("Ziele"), blank=True, related_name="measures", through=MeasureGoal
    )
    page_reference = models.PositiveIntegerField(
        _("Seite in der Langfassung"), null=True, blank=True
    )
    responsible_parties = models.TextField(
        _("Verantwortliche"), blank=True, help_text=_("Eine verantwortliche Stelle pro Zeile.")
    )
    target_groups = ParentalManyToManyField(
        TargetGroup, verbose_name=_("Zielgruppen"), blank=True, related_name="measures"
    )

    concept_lookup = "field_of_action__concept"

    class Meta(WeightedItem.Meta):
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

    get_concept_id = Goal.get_concept_id

    @property
    def responsible_list(self):
        return [line.strip() for line in self.responsible_parties.splitlines() if line.strip()]

    def goals_in_order(self):
        """The measure's goals in the order the concept names them (prefetch ``goal_links__goal``)."""
        return [link.goal for link in self.goal_links.all()]


class ChallengeField(OrderedLink):
    """A field of action a challenge concerns, in the order the concept names them."""

    challenge = models.ForeignKey("Challenge", on_delete=models.CASCADE, related_name="field_links")
    field_of_action = models.ForeignKey(
        FieldOfAction, on_delete=models.CASCADE, related_name="challenge_links"
    )

    owner_field, target_field = "challenge", "field_of_action"

    class Meta(OrderedLink.Meta):
        verbose_name = _("Handlungsfeld der Herausforderung")
        verbose_name_plural = _("Handlungsfelder der Herausforderung")
        constraints = [
            models.UniqueConstraint(
                fields=["challenge", "field_of_action"], name="unique_field_per_challenge"
            )
        ]


class Challenge(WeightedItem):
    """A challenge (Herausforderung) the concept answers, as a district weighs them:
    the fields of action and target groups it concerns, its priority and votes."""

    concept = models.ForeignKey(
        Concept,
        verbose_name=_("Integrationskonzept"),
        on_delete=models.CASCADE,
        related_name="challenges",
    )
    fields_of_action = models.ManyToManyField(
        FieldOfAction,
        verbose_name=_("Handlungsfelder"),
        blank=True,
        related_name="challenges",
        through=ChallengeField,
    )
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("Zielgruppen"), blank=True, related_name="challenges"
    )

    class Meta(WeightedItem.Meta):
        verbose_name = _("Herausforderung")
        verbose_name_plural = _("Herausforderungen")
        constraints = [
            models.UniqueConstraint(
                fields=["concept", "number"], name="unique_challenge_number_per_concept"
            )
        ]

    def fields_in_order(self):
        """The fields of action in the order the concept names them (prefetch
        ``field_links__field_of_action``)."""
        return [link.field_of_action for link in self.field_links.all()]


@receiver(m2m_changed)
def order_new_links(sender, instance, action, reverse, pk_set, **kwargs):
    """Links added without a place (ticked in the admin) go after the existing ones."""
    if action != "post_add" or not (isinstance(sender, type) and issubclass(sender, OrderedLink)):
        return
    sender.order_new_links(sorted(pk_set or ()) if reverse else [instance.pk])
