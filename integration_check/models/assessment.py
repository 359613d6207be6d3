"""The compatibility assessment (Vereinbarkeit mit dem Integrationskonzept).

Any page model becomes assessable by inheriting :class:`AssessablePageMixin`
and adding :func:`integration_check.panels.assessment_panel` to its editor.
The ratings are inline children of the page (``ParentalKey`` to Wagtail's
``Page``), so an opting-in app needs no tables of its own, drafts keep their
ratings in the revision, and wagtail-localize translates the justifications
while the ratings themselves stay synchronised across languages.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Orderable, TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField

from .concept import Concept, Goal, GuidingPrinciple, Measure


def source_language():
    """The source language's code, as ``Locale.get_default()`` finds it, without a query."""
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)

class Rating(models.TextChoices):
    """The effect of a proposal on a principle or goal; the same in every language."""

    POSITIVE = "positive", _("positiv")
    NEUTRAL = "neutral", _("neutral")
    NEGATIVE = "negative", _("negativ")


RATING_SYMBOLS = {Rating.POSITIVE: "+", Rating.NEUTRAL: "○", Rating.NEGATIVE: "−"}


class Outcome:
    """What became of an assessed page, as the public tallies tell it apart."""

    #: Adopted (also with changes): its ratings count as the effects of a decision.
    ADOPTED = "adopted"
    #: Rejected: listed apart, its ratings count as no effect.
    REJECTED = "rejected"


class BaseRating(TranslatableMixin, Orderable):
    """Fields shared by the rating of a principle and of a goal."""

    rating = models.CharField(
        _("Wirkung"), max_length=10, choices=Rating.choices, blank=True, db_index=True
    )
    justification = models.TextField(
        _("Begründung"),
        blank=True,
        help_text=_("Pflicht bei positiver oder negativer Wirkung."),
    )
    weighing = models.TextField(
        _("Abwägung"),
        blank=True,
        help_text=_(
            "Pflicht bei negativer Wirkung: warum die Vorlage dennoch empfohlen wird "
            "und was die Wirkung mildert."
        ),
    )

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["sort_order"]

    @property
    def rating_symbol(self):
        return RATING_SYMBOLS.get(self.rating, "")


class PrincipleRating(BaseRating):
    """How an assessed page affects one guiding principle."""

    page = ParentalKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="principle_ratings"
    )
    principle = models.ForeignKey(
        GuidingPrinciple,
        verbose_name=_("Leitgedanke"),
        on_delete=models.PROTECT,
        related_name="ratings",
    )

    translatable_fields = [
        SynchronizedField("principle"),
        SynchronizedField("rating"),
        TranslatableField("justification"),
        TranslatableField("weighing"),
    ]

    class Meta(BaseRating.Meta):
        verbose_name = _("Bewertung eines Leitgedankens")
        verbose_name_plural = _("Bewertungen der Leitgedanken")

    @property
    def item(self):
        return self.principle


class GoalRating(BaseRating):
    """How an assessed page affects one goal it touches."""

    page = ParentalKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="goal_ratings")
    goal = models.ForeignKey(
        Goal, verbose_name=_("Ziel"), on_delete=models.PROTECT, related_name="ratings"
    )

    translatable_fields = [
        SynchronizedField("goal"),
        SynchronizedField("rating"),
        TranslatableField("justification"),
        TranslatableField("weighing"),
    ]

    class Meta(BaseRating.Meta):
        verbose_name = _("Bewertung eines Ziels")
        verbose_name_plural = _("Bewertungen der Ziele")

    @property
    def item(self):
        return self.goal


class ImplementedMeasure(TranslatableMixin, Orderable):
    """A measure of the concept that an assessed page implements."""

    page = ParentalKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="implemented_measures"
    )
    measure = models.ForeignKey(
        Measure,
        verbose_name=_("Maßnahme"),
        on_delete=models.PROTECT,
        related_name="implementations",
    )

    translatable_fields = [SynchronizedField("measure")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("umgesetzte Maßnahme")
        verbose_name_plural = _("umgesetzte Maßnahmen")
        ordering = ["sort_order"]


class AssessablePageMixin(models.Model):
    """Makes a page model assessable against the integration concept.

    The page cannot go live while its assessment is incomplete: the editor
    form, the workflow task and this model's ``save`` all ask
    :func:`integration_check.assessment.assessment_gaps`.
    """

    assessment_summary = models.TextField(
        _("Zusammenfassung der Vereinbarkeit"),
        blank=True,
        help_text=_("Kurze Gesamteinschätzung; Pflicht vor der Veröffentlichung."),
    )

    #: The field behind :meth:`get_assessment_date`, to order pages by it in queries.
    assessment_date_field = "first_published_at"

    class Meta:
        abstract = True

    @classmethod
    def from_serializable_data(cls, data, check_fks=True, strict_fks=False):
        """Restore a revision, checking the rows' references with one query per model.

        modelcluster checks every foreign key of every child row (rating, consultation)
        with a query of its own: about forty for a proposal. When all referenced rows
        exist, which is the rule, the same result comes from one query per referenced
        model; otherwise modelcluster's own handling of dangling keys runs.
        """
        if not check_fks or not _child_references_exist(cls, data):
            return super().from_serializable_data(data, check_fks=check_fks, strict_fks=strict_fks)
        from modelcluster.models import model_from_serializable_data

        checked = model_from_serializable_data(cls, data, check_fks=True, strict_fks=strict_fks)
        if checked is None:
            return None
        obj = super().from_serializable_data(data, check_fks=False, strict_fks=strict_fks)
        for field in cls._meta.concrete_fields:
            if field.is_relation:
                setattr(obj, field.attname, getattr(checked, field.attname))
        return obj

    def get_assessment_date(self) -> datetime.date:
        """Return the date that decides which concept applies; pages may override."""
        if self.first_published_at:
            return self.first_published_at.date()
        return datetime.date.today()

    def get_assessment_concept(self):
        """Return the concept in force on the assessment date (looked up once per date)."""
        date = self.get_assessment_date()
        cached = self.__dict__.get("_assessment_concept")
        if cached is None or cached[0] != date:
            cached = self._assessment_concept = (date, Concept.objects.in_force_on(date))
        return cached[1]

    def get_publish_problems(self):
        """Return the problems that forbid publishing; pages may add their own."""
        from ..assessment import assessment_gaps

        return [gap.message for gap in assessment_gaps(self)]

    @classmethod
    def tally_dependencies(cls):
        """Other models whose rows decide whether a page counts (cache invalidation)."""
        return []

    @classmethod
    def public_tally_queryset(cls, outcome=Outcome.ADOPTED):
        """Return the live source-language pages the public tallies show with ``outcome``:
        :attr:`Outcome.ADOPTED` (their ratings count as effects), :attr:`Outcome.REJECTED`
        (listed apart) or None (all, decided or not).

        Pages override this to leave out what the public must not see (e.g.
        non-public proposals) and to tell adopted, rejected and undecided pages
        apart; here every live page counts as adopted.
        """
        # The default locale by a join, without a query.
        qs = cls.objects.live().filter(locale__language_code=source_language())
        return qs.none() if outcome == Outcome.REJECTED else qs

    def _is_going_live(self, update_fields):
        if not self.live:
            return False
        if update_fields is not None and not {"live", "live_revision"} & set(update_fields):
            return False
        if self.pk is None:
            return True
        stored = (
            type(self).objects.filter(pk=self.pk).values_list("live", "live_revision_id").first()
        )
        return stored is None or not stored[0] or stored[1] != self.live_revision_id

    def save(self, *args, **kwargs):
        if self._is_going_live(kwargs.get("update_fields")):
            problems = self.get_publish_problems()
            if problems:
                from ..assessment import AssessmentIncomplete

                raise AssessmentIncomplete(problems)
        return super().save(*args, **kwargs)


def _child_references_exist(model, data):
    """Whether every foreign key of the child rows in ``data`` points to an existing row."""
    from collections import defaultdict

    from modelcluster.models import get_all_child_relations

    wanted = defaultdict(set)
    for relation in get_all_child_relations(model):
        rows = data.get(relation.get_accessor_name()) or []
        child = relation.related_model
        if rows and get_all_child_relations(child):
            return False  # grandchildren: leave them to modelcluster
        for field in child._meta.concrete_fields:
            remote = field.remote_field
            if not (remote and isinstance(remote, models.ManyToOneRel)):
                continue
            target = remote.model
            target_field = target._meta.get_field(remote.field_name)
            for row in rows:
                value = row.get(field.name)
                if value is not None:
                    wanted[(target, remote.field_name)].add(target_field.to_python(value))
    for (target, field_name), values in wanted.items():
        found = target._default_manager.filter(**{f"{field_name}__in": values}).count()
        if found != len(values):
            return False
    return True
