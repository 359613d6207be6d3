"""The admin forms of checks (Prüfungen) and concepts: they keep saved ratings meaningful.

A check's scale says what the ratings of its concepts' items mean. These forms
refuse what would leave saved rows without their meaning: removing or renaming a
level key that ratings use, removing a pre-check question that pages answered,
moving a concept that pages were assessed against to another check. When a level
changes its direction (sign), the stored direction of the ratings with its key is
updated, so that the public tallies and filters stay right.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from modelcluster.forms import BaseChildFormSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import InlinePanel

from . import tally_cache
from .admin_scope import SiteFieldFormMixin
from .assessment_models import (
    RATING_CONCEPT_PATHS,
    Assessment,
    PrecheckAnswer,
    assessable_page_models,
    ratings_of,
    update_effects,
)
from .checks import Check
from .concept import source_language
from .sites import user_site_ids


def kind_choices(stored=()):
    """Return the kinds of page a check may apply to, as choices.

    They are the ``assessment_kind_choices()`` of every assessable page model, each
    value once, grouped by model when more than one model offers kinds. Values in
    ``stored`` that no model offers (any more) come last, so that saving keeps them.
    """
    groups, seen = [], set()
    for model in assessable_page_models():
        offered = []
        for value, label in model.assessment_kind_choices():
            if str(value) not in seen:
                seen.add(str(value))
                offered.append((str(value), label))
        if offered:
            groups.append((model._meta.verbose_name_plural, offered))
    choices = groups[0][1] if len(groups) == 1 else groups
    unknown = [
        (value, _("%(kind)s (unbekannte Art)") % {"kind": value})
        for value in stored or ()
        if str(value) not in seen
    ]
    return [*choices, *unknown]


def count_in_source_language(querysets):
    """Return how many rows ``querysets`` hold in the source language (their translations
    are copies), or, when they hold none there, in any language."""
    source = sum(qs.filter(locale__language_code=source_language()).count() for qs in querysets)
    return source or sum(qs.count() for qs in querysets)


def count_pages(querysets):
    """Return how many pages the rows of ``querysets`` (with ``page_id``) belong to, counted
    in the source language, or, when there are none there, in any language."""
    language = source_language()
    source, every = set(), set()
    for qs in querysets:
        for page_id, code in qs.values_list("page_id", "locale__language_code"):
            every.add(page_id)
            if code == language:
                source.add(page_id)
    return len(source or every)


class FormSetInlinePanel(InlinePanel):
    """An inline panel whose rows are validated together by ``formset_class``."""

    def __init__(self, *args, formset_class=None, **kwargs):
        self.formset_class = formset_class
        super().__init__(*args, **kwargs)

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "formset_class": self.formset_class}

    def get_form_options(self):
        options = super().get_form_options()
        if self.formset_class is not None:
            options["formsets"][self.relation_name]["formset"] = self.formset_class
        return options


def _live_forms(formset):
    """The row forms that stay: not deleted, not a blank row left empty."""
    return [
        form
        for form in formset.forms
        if not formset._should_delete_form(form) and (form.has_changed() or form.instance.pk)
    ]


def _stored_and_kept(formset, relation):
    """Return the parent's stored rows of ``relation`` by pk and the pks of those that stay.

    A stored row that the submitted rows leave out (deleted, or missing from a
    hand-made request) is removed when the parent is saved.
    """
    if not formset.instance.pk:
        return {}, set()
    stored = {row.pk: row for row in getattr(formset.instance, relation).all()}
    kept = {form.instance.pk for form in _live_forms(formset) if form.instance.pk in stored}
    return stored, kept


class ScaleLevelFormSet(BaseChildFormSet):
    """The levels of a check's scale: at least one, each key once, used keys kept."""

    def clean(self):
        live = _live_forms(self)
        if not live:
            raise ValidationError(_("Die Bewertungsskala braucht mindestens eine Stufe."))
        stored, kept = _stored_and_kept(self, "levels")
        forms_by_pk = {form.instance.pk: form for form in live if form.instance.pk in kept}
        new_keys = {pk: form.cleaned_data.get("key") for pk, form in forms_by_pk.items()}
        keys = {}
        for form in live:
            key = form.cleaned_data.get("key")
            if not key:
                continue
            if key in keys:
                form.add_error(
                    "key",
                    _(
                        "Der Wert „%(key)s“ kommt in der Skala mehr als einmal vor; jeder Wert "
                        "darf nur einmal vorkommen."
                    )
                    % {"key": key},
                )
                continue
            keys[key] = form
        errors = []
        for pk, level in stored.items():
            renamed = pk in kept and new_keys[pk] not in (None, level.key)
            removed = pk not in kept and level.key not in keys  # no other row carries it on
            if not (renamed or removed):
                continue
            count = count_in_source_language(ratings_of(self.instance, level.key))
            if not count:
                continue
            if renamed:
                forms_by_pk[pk].add_error(
                    "key",
                    _(
                        "Der Wert „%(key)s“ kann nicht geändert werden, denn gespeicherte "
                        "Bewertungen verwenden ihn (Anzahl: %(count)s) und verlören ihre "
                        "Bedeutung. Ändern Sie stattdessen die Bezeichnung."
                    )
                    % {"key": level.key, "count": count},
                )
            else:
                errors.append(
                    _(
                        "Die Stufe „%(label)s“ (Wert „%(key)s“) kann nicht entfernt werden, denn "
                        "gespeicherte Bewertungen verwenden sie (Anzahl: %(count)s) und "
                        "verlören ihre Bedeutung."
                    )
                    % {"label": level.label, "key": level.key, "count": count}
                )
        # Rows are saved one after the other: a key that another stored row holds until
        # it gets its new key would clash in the database.
        holders = {
            level.key: level
            for pk, level in stored.items()
            if pk in kept and new_keys[pk] not in (None, level.key)
        }
        for key, form in keys.items():
            holder = holders.get(key)
            if holder is not None and holder.pk != form.instance.pk:
                form.add_error(
                    "key",
                    _(
                        "Der Wert „%(key)s“ gehört noch der Stufe „%(label)s“. Werte lassen "
                        "sich nur nacheinander tauschen: erst jene Stufe ändern und speichern."
                    )
                    % {"key": key, "label": holder.label},
                )
        super().clean()
        if errors:
            raise ValidationError(errors)


class PrecheckQuestionFormSet(BaseChildFormSet):
    """The questions of a check's pre-check: a question pages answered stays."""

    def clean(self):
        super().clean()
        stored, kept = _stored_and_kept(self, "precheck_questions")
        errors = []
        for pk, question in stored.items():
            if pk in kept:
                continue
            count = count_pages([PrecheckAnswer.objects.filter(question_id=pk)])
            if count:
                errors.append(
                    _(
                        "Die Frage „%(question)s“ kann nicht entfernt werden, denn Vorlagen haben "
                        "sie beantwortet (Anzahl: %(count)s)."
                    )
                    % {"question": question.text, "count": count}
                )
        if errors:
            raise ValidationError(errors)


class CheckForm(SiteFieldFormMixin, WagtailAdminModelForm):
    """The editor of a check: its site among the user's, the kinds it applies to as
    checkboxes; after saving, the stored directions of its ratings follow the scale."""

    applies_to = forms.MultipleChoiceField(
        label=Check._meta.get_field("applies_to").verbose_name,
        help_text=_("Keine angekreuzt: Die Prüfung gilt für alle Arten."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("applies_to")
        if field is not None:
            stored = self.instance.applies_to if isinstance(self.instance.applies_to, list) else []
            field.choices = kind_choices(stored)

    def clean(self):
        cleaned_data = super().clean()
        site, slug = cleaned_data.get("site"), cleaned_data.get("slug")
        if site is not None and slug:
            clash = Check.objects.filter(site=site, slug=slug).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error(
                    "slug",
                    _("Die Kennung „%(slug)s“ hat auf dieser Website schon eine Prüfung.")
                    % {"slug": slug},
                )
        stored = self.instance.site_id if self.instance.pk else None
        if stored and site is not None and site.pk != stored:
            refusal = moving_refusal(self.instance)
            if refusal:
                self.add_error("site", refusal)
        return cleaned_data

    def save(self, commit=True):
        check = super().save(commit=commit)
        if commit and update_effects(check):
            tally_cache.bump()
        return check


def moving_refusal(check):
    """Return the message refusing to move ``check`` to another site, or None when nothing
    belongs to it: its concepts, assessments and workflow steps belong to its town."""
    refusal = deletion_refusal(check)
    if refusal is None:
        return None
    return _(
        "Die Prüfung „%(check)s“ kann nicht auf eine andere Website verschoben werden, denn "
        "Konzepte, Prüfungen von Vorlagen oder Workflow-Schritte gehören zu ihr."
    ) % {"check": check.name}


def deletion_refusal(check):
    """Return the message refusing to delete ``check``, or None when nothing belongs to it."""
    concepts = check.concepts.values("translation_key").distinct().count()
    assessments = count_pages(
        [
            Assessment.objects.filter(assessment_check=check),
            PrecheckAnswer.objects.filter(question__assessment_check=check),
        ]
    )
    tasks = check.tasks.count()
    if not (concepts or assessments or tasks):
        return None
    return _(
        "Die Prüfung „%(check)s“ kann nicht gelöscht werden, denn Konzepte, Prüfungen von "
        "Vorlagen oder Workflow-Schritte gehören zu ihr (Konzepte: %(concepts)s, Vorlagen: "
        "%(assessments)s, Workflow-Schritte: %(tasks)s). Setzen Sie sie stattdessen auf "
        "„nicht aktiv“."
    ) % {
        "check": check.name,
        "concepts": concepts,
        "assessments": assessments,
        "tasks": tasks,
    }


def pages_assessed_against(concept) -> int:
    """Return how many pages (in the source language) have an assessment pinned to
    ``concept`` (in any of its languages) or a rating of one of its items."""
    language = source_language()
    page_ids = set(
        Assessment.objects.filter(
            concept__translation_key=concept.translation_key, locale__language_code=language
        ).values_list("page_id", flat=True)
    )
    for model, path in RATING_CONCEPT_PATHS:
        rows = model.objects.filter(
            **{f"{path}__translation_key": concept.translation_key},
            locale__language_code=language,
        )
        page_ids |= set(rows.values_list("page_id", flat=True))
    return len(page_ids)


class ConceptForm(WagtailAdminModelForm):
    """The editor of a concept: a check of the user's sites; its check stays once pages were
    assessed against it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("assessment_check")
        if field is not None:
            field.queryset = field.queryset.filter(site__in=user_site_ids(self.for_user))

    def clean_assessment_check(self):
        check = self.cleaned_data.get("assessment_check")
        stored = self.instance.assessment_check_id if self.instance.pk else None
        if stored and check is not None and check.pk != stored:
            count = pages_assessed_against(self.instance)
            if count:
                raise ValidationError(
                    _(
                        "Die Prüfung dieses Konzepts kann nicht mehr geändert werden, denn "
                        "Vorlagen sind gegen das Konzept geprüft (Anzahl: %(count)s)."
                    )
                    % {"count": count}
                )
        return check
