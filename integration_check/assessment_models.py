"""The models of the assessment (Vereinbarkeit mit dem Integrationskonzept): a page's
assessment per check, its pre-check answers, ratings and implemented measures.

Any page model becomes assessable by inheriting :class:`AssessablePageMixin`
and adding :func:`integration_check.panels.assessment_tab` to its editor.
The ratings are inline children of the page (``ParentalKey`` to Wagtail's
``Page``), so an opting-in app needs no tables of its own, drafts keep their
ratings in the revision, and wagtail-localize translates the justifications
while the ratings themselves stay synchronised across languages.

Whether an assessment is complete is decided by the rule in
:mod:`integration_check.assessment`, which this module builds on.
"""

import datetime
from collections import defaultdict

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import get_all_child_relations, model_from_serializable_data
from wagtail.models import Orderable, Site, TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField

from .assessment import PublishRefused, assessment_gaps, refusal_messages
from .checks import Check, PrecheckQuestion
from .choices import RATING_SYMBOLS, Outcome, Rating
from .concept import Concept, Goal, GuidingPrinciple, Measure, source_language
from .sites import default_site_id, site_id_of_page


class BaseRating(TranslatableMixin, Orderable):
    """Fields shared by the rating of a principle and of a goal."""

    rating = models.CharField(_("Wirkung"), max_length=20, blank=True, db_index=True)
    #: The direction of the rating's level (positive, neutral, negative), kept for the
    #: public tallies and filters, which count across checks with different scales.
    effect = models.CharField(
        _("Richtung"),
        max_length=10,
        choices=Rating.choices,
        blank=True,
        db_index=True,
        editable=False,
    )
    justification = models.TextField(
        _("Begründung"),
        blank=True,
        help_text=_("Pflicht, wenn die gewählte Stufe der Skala eine Begründung verlangt."),
    )
    weighing = models.TextField(
        _("Abwägung"),
        blank=True,
        help_text=_(
            "Pflicht, wenn die gewählte Stufe eine Abwägung verlangt: warum die Vorlage "
            "dennoch empfohlen wird und was die Wirkung mildert."
        ),
    )

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["sort_order"]

    @property
    def rating_symbol(self):
        level = self.level
        return level.symbol if level else RATING_SYMBOLS.get(self.rating, "")

    @property
    def level(self):
        """The scale level of the rating, from the item's check (None when unknown)."""
        if not self.rating:
            return None
        try:
            check = self.item.concept.assessment_check
        except models.ObjectDoesNotExist:
            return None
        return check.level(self.rating)

    def save(self, *args, **kwargs):
        level = self.level
        self.effect = level.sign_name if level else ""
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "rating" in update_fields:
            kwargs["update_fields"] = list(update_fields) + ["effect"]
        super().save(*args, **kwargs)


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
        SynchronizedField("effect"),
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
        SynchronizedField("effect"),
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


class Assessment(TranslatableMixin, Orderable):
    """A page's assessment in one check, pinned to the concept it was made against.

    The rating rows of the page belong to the assessment whose concept their item
    belongs to. A later concept of the same check (a "Fortschreibung") changes
    nothing here; re-assessing against it is the author's explicit choice of
    ``concept``.
    """

    page = ParentalKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="assessments")
    assessment_check = models.ForeignKey(
        Check, verbose_name=_("Prüfung"), on_delete=models.PROTECT, related_name="assessments"
    )
    concept = models.ForeignKey(
        Concept,
        verbose_name=_("Konzept"),
        on_delete=models.PROTECT,
        related_name="assessments",
        null=True,
        blank=True,
        help_text=_(
            "Das Konzept, gegen das geprüft wird. Eine spätere Fortschreibung ändert "
            "bestehende Bewertungen nicht; wählen Sie sie hier, um neu zu bewerten."
        ),
    )
    summary = models.TextField(
        _("Zusammenfassung"),
        blank=True,
        help_text=_("Kurze Gesamteinschätzung; Pflicht vor der Veröffentlichung."),
    )
    not_relevant_reason = models.TextField(
        _("Begründung „nicht relevant“"),
        blank=True,
        help_text=_("Pflicht, wenn die Vorprüfung keine Frage mit „ja“ beantwortet."),
    )

    translatable_fields = [
        SynchronizedField("assessment_check"),
        SynchronizedField("concept"),
        TranslatableField("summary"),
        TranslatableField("not_relevant_reason"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("Prüfung")
        verbose_name_plural = _("Prüfungen")
        ordering = ["sort_order"]

    def __str__(self):
        return str(self.assessment_check)


class PrecheckAnswer(TranslatableMixin, Orderable):
    """A page's answer to one question of a check's pre-check."""

    class Answer(models.TextChoices):
        YES = "yes", _("ja")
        NO = "no", _("nein")

    page = ParentalKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="precheck_answers"
    )
    question = models.ForeignKey(
        PrecheckQuestion,
        verbose_name=_("Frage"),
        on_delete=models.PROTECT,
        related_name="answers",
    )
    answer = models.CharField(_("Antwort"), max_length=3, choices=Answer.choices, blank=True)

    translatable_fields = [SynchronizedField("question"), SynchronizedField("answer")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("Antwort der Vorprüfung")
        verbose_name_plural = _("Antworten der Vorprüfung")
        ordering = ["sort_order"]


class AssessablePageMixin(models.Model):
    """Makes a page model assessable against the integration concept.

    A page model opts in with this mixin, ``base_form_class`` set to
    :class:`integration_check.forms.AssessablePageForm` (or a subclass) and the panels of
    :func:`integration_check.panels.assessment_tab` in its editor; the system checks
    ``integration_check.E001``/``E002`` name what is missing.

    The page cannot go live while its assessment is incomplete or one of its own
    problems (:meth:`get_page_problems`) stands: the editor form, the workflow task,
    the plugin's publish guards (bulk publishing, scheduled publishing) and this
    model's ``save`` all ask :func:`integration_check.assessment.assessment_gaps`.
    """

    #: The field behind :meth:`get_assessment_date`, to order pages by it in queries.
    assessment_date_field = "first_published_at"
    #: The field behind :meth:`get_assessment_kind` (its editor form field), if any.
    assessment_kind_field = None

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

    @classmethod
    def decision_date_expression(cls):
        """Return a query expression for the date a page was decided on, for the public
        views that order or group decided pages by it (latest decisions, effects per
        year); pages that know their decision's date override it. Here: the assessment
        date."""
        return models.F(cls.assessment_date_field)

    def get_assessment_kind(self) -> str:
        """Return the kind of page that decides which checks apply; pages may override."""
        return ""

    def get_reference(self) -> str:
        """Return how lists name the page for staff (a proposal: its Drucksachen-Nr. and
        title); pages may override."""
        return self.title

    @classmethod
    def assessment_kind_choices(cls):
        """The kinds :meth:`get_assessment_kind` returns, as ``(value, label)`` pairs."""
        return []

    def get_first_publication_date(self) -> datetime.date:
        if self.first_published_at:
            return self.first_published_at.date()
        return datetime.date.today()

    def get_assessment_site_id(self):
        """Return the id of the site (town) whose checks this page goes through: the site
        whose tree holds it (a new page: its parent's, see ``AssessablePageForm``), else the
        default site. Kept on the instance while its ``url_path`` stays."""
        anchor = self if self.url_path else getattr(self, "_assessment_parent", None)
        url_path = getattr(anchor, "url_path", None)
        cached = self.__dict__.get("_assessment_site")
        if cached is None or cached[0] != url_path:
            site_id = site_id_of_page(anchor) if anchor is not None else None
            cached = self._assessment_site = (url_path, site_id or default_site_id())
        return cached[1]

    def get_assessment_site(self):
        """Return the site of :meth:`get_assessment_site_id`."""
        return Site.objects.filter(pk=self.get_assessment_site_id()).first()

    def get_applicable_checks(self):
        """The checks this page must pass: the active checks of its site, by its kind and its
        first publication."""
        key = (self.get_assessment_kind(), self.get_first_publication_date())
        cached = self.__dict__.get("_applicable_checks")
        if cached is None or cached[0] != key:
            checks = Check.objects.of_site(self.get_assessment_site_id()).applying_to(*key)
            cached = self._applicable_checks = (key, checks)
        return cached[1]

    def get_assessment(self, check):
        """The page's assessment in ``check`` (from its in-memory rows), or None."""
        for assessment in self.assessments.all():
            if assessment.assessment_check_id == check.pk:
                return assessment
        return None

    def get_assessment_concept(self, check=None):
        """Return the concept ``check`` (default: the first applicable) measures this page by:
        the one its assessment is pinned to, else the one in force on the assessment date."""
        if check is None:
            checks = self.get_applicable_checks()
            if not checks:
                return None
            check = checks[0]
        assessment = self.get_assessment(check)
        if assessment is not None and assessment.concept_id:
            return assessment.concept
        return check.concept_in_force_on(self.get_assessment_date())

    def get_page_problems(self):
        """Return the page's own problems that forbid publishing, apart from its assessment
        (e.g. a proposal's missing reference number); pages override this."""
        return []

    def get_assessment_problems(self, check=None):
        """Return the messages of the assessment's gaps (with ``check``: that check's and
        those of the page's assessment as a whole)."""
        return [gap.message for gap in assessment_gaps(self, check=check)]

    def get_publish_problems(self, check=None):
        """Return everything that forbids publishing: the page's own problems, then the
        assessment's gaps (with ``check``: only that check's)."""
        return [*map(str, self.get_page_problems()), *self.get_assessment_problems(check)]

    def get_publish_refusal(self, check=None, heading=None):
        """Return the messages that refuse publishing, or an empty list: the page's own
        problems as they are, then ``heading`` and the assessment's gaps (see
        :func:`integration_check.assessment.refusal_messages`)."""
        return refusal_messages(
            self.get_page_problems(), self.get_assessment_problems(check), heading=heading
        )

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
        # The default locale by a join, without a query; not the pages behind a password
        # or a login (Wagtail's privacy setting).
        qs = cls.objects.live().public().filter(locale__language_code=source_language())
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
            page_problems, gaps = self.get_page_problems(), self.get_assessment_problems()
            if page_problems or gaps:
                raise PublishRefused(page_problems, gaps)
        return super().save(*args, **kwargs)


def assessable_page_models():
    """Return the concrete models that opted in with :class:`AssessablePageMixin`."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, AssessablePageMixin) and not model._meta.abstract
    ]


#: The rating models and the path from a rating to its item's concept.
RATING_CONCEPT_PATHS = (
    (PrincipleRating, "principle__concept"),
    (GoalRating, "goal__field_of_action__concept"),
)


def ratings_of(check, key=None):
    """Return ``[queryset per rating model]``: the saved ratings of the items of ``check``'s
    concepts (every language), with ``key`` only those with that level key."""
    lookups = {} if key is None else {"rating": key}
    return [
        model.objects.filter(**{f"{path}__assessment_check": check}, **lookups)
        for model, path in RATING_CONCEPT_PATHS
    ]


def update_effects(check) -> int:
    """Set the stored direction (``effect``) of every saved rating of ``check``'s concepts
    to the sign of its level (empty for a key the scale lacks); return how many rows
    changed. The public tallies and filters count by it."""
    effects = {level.key: level.sign_name for level in check.levels.all()}
    changed = 0
    for rows in ratings_of(check):
        for key, effect in effects.items():
            changed += rows.filter(rating=key).exclude(effect=effect).update(effect=effect)
        changed += rows.exclude(rating__in=list(effects)).exclude(effect="").update(effect="")
    return changed


def _child_references_exist(model, data):
    """Whether every foreign key of the child rows in ``data`` points to an existing row."""
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
