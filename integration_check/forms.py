"""The editor form of assessable pages: pre-filled principles and the completeness check."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.forms import BaseChildFormSet
from wagtail.admin.forms import WagtailAdminPageForm

from .assessment import _label, find_gaps
from .assessment_models import (
    Assessment,
    GoalRating,
    ImplementedMeasure,
    PrecheckAnswer,
    PrincipleRating,
)
from .checks import Check, PrecheckQuestion
from .choices import ItemRule
from .concept import Concept, Goal, GuidingPrinciple, Measure, source_language

#: The rows of each assessment section: the field that names the item, the item's
#: model and the path from the item to its concept.
ROW_ITEMS = {
    Assessment: ("assessment_check", Check, None),
    PrecheckAnswer: ("question", PrecheckQuestion, None),
    PrincipleRating: ("principle", GuidingPrinciple, "concept"),
    GoalRating: ("goal", Goal, "field_of_action__concept"),
    ImplementedMeasure: ("measure", Measure, "field_of_action__concept"),
}


def _item_label(item):
    return f"{item.number} {item.title}"


class ItemChoiceField(forms.ModelChoiceField):
    """The select of a row's item; an item it does not offer is refused saying why."""

    def label_from_instance(self, obj):
        return _item_label(obj)

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError as error:
            if error.code != "invalid_choice":
                raise
            try:
                item = self.queryset.model.objects.filter(pk=value).first()
            except (TypeError, ValueError):
                item = None
            if item is None:
                raise
            raise ValidationError(self._refusal(item), code="invalid_choice") from None

    def _refusal(self, item):
        if not hasattr(item, "number"):
            return _("„%(item)s“ steht hier nicht zur Auswahl.") % {"item": item}
        label = _label(self.queryset.model._meta.verbose_name, item)
        if item.locale.language_code != source_language():
            return _(
                "%(item)s ist eine Übersetzung (%(language)s); zur Auswahl stehen nur die "
                "Einträge in der Ausgangssprache Deutsch."
            ) % {"item": label, "language": item.locale.get_display_name()}
        if item.retired:
            return _(
                "%(item)s ist zurückgezogen und wird für Bewertungen nicht mehr angeboten."
            ) % {"item": label}
        return _("%(item)s gehört zu keinem Konzept, gegen das die Vorlage geprüft wird.") % {
            "item": label
        }


def assessed_concepts(instance, pins=None):
    """``[(check, concept)]``: the checks ``instance`` goes through, each with the concept
    its assessment is pinned to (or, not pinned yet, the one in force on its date).

    ``pins`` (``{check pk: concept pk or None}``, the assessment rows of a posted form,
    see :func:`posted_pins`) stand for the instance's assessment rows: what the rows
    offer follows the concept the editor has just chosen.
    """
    checks = {check.pk: check for check in instance.get_applicable_checks()}
    if pins is None:
        assessed = {row.assessment_check_id for row in instance.assessments.all()}
    else:
        assessed = set(pins)
    missing = [pk for pk in assessed if pk and pk not in checks]
    if pins is not None:
        # Posted rows may name the checks of this page's site only; the saved rows stay.
        saved = {row.assessment_check_id for row in instance.assessments.all()}
        site_id = instance.get_assessment_site_id()
        own = set(
            Check.objects.of_site(site_id).filter(pk__in=missing).values_list("pk", flat=True)
        )
        missing = [pk for pk in missing if pk in own or pk in saved]
    if missing:
        for check in Check.objects.filter(pk__in=missing).prefetch_related(
            "levels", "precheck_questions"
        ):
            checks[check.pk] = check
    ordered = sorted(checks.values(), key=lambda c: (c.sort_order, c.pk))
    if pins is None:
        return [(check, instance.get_assessment_concept(check)) for check in ordered]
    chosen = Concept.objects.in_bulk([pk for pk in pins.values() if pk])
    date = instance.get_assessment_date()
    result = []
    for check in ordered:
        concept = chosen.get(pins.get(check.pk))
        if concept is None or concept.assessment_check_id != check.pk:
            concept = check.concept_in_force_on(date)
        result.append((check, concept))
    return result


def _key_or_none(value):
    """A primary key from posted text, or None (not a number, out of the database's range)."""
    try:
        key = int(value)
    except (TypeError, ValueError):
        return None
    return key if 0 < key < 2**63 else None


def posted_pins(data, prefix="assessments"):
    """Return ``{check pk: concept pk or None}`` of the assessment rows in posted form
    ``data``, deleted rows and unreadable values left out; None when ``data`` holds no
    assessment rows (a form without them)."""
    if f"{prefix}-TOTAL_FORMS" not in data:
        return None
    total = _key_or_none(data.get(f"{prefix}-TOTAL_FORMS")) or 0
    pins = {}
    for index in range(min(total, 1000)):  # Django's formsets accept at most 1000 rows
        row = f"{prefix}-{index}-"
        if forms.BooleanField().to_python(data.get(row + "DELETE")):
            continue
        check = _key_or_none(data.get(row + "assessment_check"))
        if check is not None:
            pins.setdefault(check, _key_or_none(data.get(row + "concept")))
    return pins


class AssessmentRowFormSet(BaseChildFormSet):
    """The rows of one assessment section: assessments per check, pre-check answers,
    principle or goal ratings, implemented measures.

    Every row, the template of a new row ("Ziel hinzufügen") included, offers the
    same items: those of the concepts the page is assessed against (each check's
    pinned concept; in a posted form, the one chosen there), in the source language, not
    retired, grouped by check in concept order, and the items the rows refer to already,
    so that a saved choice is never lost. Where more than one check applies, each item is
    labelled with its check. A rating offers the levels of its item's check (a new row:
    those of every check). What a row does not offer it refuses, saying why.
    """

    def _should_delete_form(self, form):
        """A deleted row, or, while a draft is saved (deferred validation, as autosave does),
        a new row whose item is still to be chosen and that holds no text: it is left out of
        this save and stays in the editor, so that an unfinished row raises no error."""
        if super()._should_delete_form(form):
            return True
        if not getattr(form, "is_deferred_validation", False) or form.instance.pk:
            return False
        field_name = ROW_ITEMS[self.model][0]
        if field_name not in form.fields or form[field_name].value():
            return False
        texts = ("justification", "weighing", "summary", "not_relevant_reason")
        return not any((form[name].value() or "").strip() for name in texts if name in form.fields)

    @cached_property
    def _assessed(self):
        pins = posted_pins(self.data, SECTIONS["assessments"]) if self.is_bound else None
        return assessed_concepts(self.instance, pins)

    @cached_property
    def _labels(self):
        """Check label per concept pk, when more than one check is involved."""
        if len(self._assessed) < 2:
            return {}
        return {concept.pk: check.label for check, concept in self._assessed if concept}

    @cached_property
    def _item(self):
        field_name, model, concept_path = ROW_ITEMS[self.model]
        chosen = {getattr(row, f"{field_name}_id") for row in self.get_queryset()}
        if model is Check:
            offered = Q(active=True, site_id=self.instance.get_assessment_site_id())
        elif model is PrecheckQuestion:
            offered = Q(assessment_check__in=[check.pk for check, _concept in self._assessed])
        else:
            concepts = [concept.pk for _check, concept in self._assessed if concept]
            offered = Q(
                **{
                    f"{concept_path}__in": concepts,
                    "retired": False,
                    "locale__language_code": source_language(),
                }
            )
        queryset = model.objects.filter(offered | Q(pk__in=chosen))
        if model is PrecheckQuestion:
            queryset = queryset.select_related("assessment_check").order_by(
                "assessment_check__sort_order", "sort_order", "pk"
            )
        elif model is not Check:
            # Grouped by check (as the rows are pre-filled), each in its concept's order.
            check = f"{concept_path}__assessment_check"
            queryset = queryset.order_by(f"{check}__sort_order", f"{check}__pk", "sort_order", "pk")
        return field_name, queryset

    def _label(self, item):
        if isinstance(item, Check):
            return item.name
        if isinstance(item, Concept):
            return f"{item.assessment_check.label}: {item.title} ({item.period_label})"
        if isinstance(item, PrecheckQuestion):
            return f"{item.assessment_check.label}: {item.text}"
        prefix = self._labels.get(
            item.concept_id if hasattr(item, "concept_id") else item.field_of_action.concept_id
        )
        label = _item_label(item)
        return f"{prefix} · {label}" if prefix else label

    @cached_property
    def _offered(self):
        """The items every row's select offers, from one query."""
        _field_name, queryset = self._item
        if self.model in (GoalRating, ImplementedMeasure):
            queryset = queryset.select_related("field_of_action")
        return list(queryset)

    @cached_property
    def _options(self):
        return [("", _("bitte wählen"))] + [(item.pk, self._label(item)) for item in self._offered]

    @cached_property
    def _item_concepts(self):
        """``{item pk: concept pk}`` of the offered items (rating rows only)."""
        if self.model not in (PrincipleRating, GoalRating):
            return {}
        return {
            item.pk: item.concept_id
            if hasattr(item, "concept_id")
            else item.field_of_action.concept_id
            for item in self._offered
        }

    @cached_property
    def _scales(self):
        """``{concept pk: check}`` and the levels a new row offers (every check's)."""
        by_concept = {concept.pk: check for check, concept in self._assessed if concept}
        union, seen = [], set()
        several = len(self._assessed) > 1
        for check, _concept in self._assessed:
            for level in check.scale:
                label = f"{level.symbol} {level.label}"
                if several:
                    label = f"{check.label}: {label}"
                if level.key not in seen:
                    seen.add(level.key)
                    union.append((level.key, label))
        return by_concept, union

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "rating" in form.fields:
            by_concept, union = self._scales
            choices = union
            item_id = getattr(form.instance, f"{ROW_ITEMS[self.model][0]}_id", None)
            check = by_concept.get(self._item_concepts.get(item_id))
            if check is not None:
                choices = [(level.key, f"{level.symbol} {level.label}") for level in check.scale]
            form.fields["rating"] = forms.ChoiceField(
                label=form.fields["rating"].label,
                required=False,
                choices=[("", _("noch nicht bewertet"))] + choices,
                widget=form.fields["rating"].widget,
            )
        if "answer" in form.fields:
            form.fields["answer"].choices = [("", _("noch nicht beantwortet"))] + list(
                PrecheckAnswer.Answer.choices
            )
        field_name, queryset = self._item
        field = form.fields.get(field_name)
        if field is not None:
            form.fields[field_name] = choice_field = ItemChoiceField(
                queryset=queryset,
                label=field.label,
                required=field.required,
                widget=field.widget,
            )
            choice_field.choices = self._options
        if self.model is Assessment and "concept" in form.fields:
            field = form.fields["concept"]
            form.fields["concept"] = concept_field = ItemChoiceField(
                queryset=self._concepts,
                label=field.label,
                required=False,
                widget=field.widget,
                help_text=field.help_text,
            )
            concept_field.choices = [("", _("das am Datum der Vorlage geltende"))] + [
                (concept.pk, self._label(concept)) for concept in self._concepts
            ]

    @cached_property
    def _concepts(self):
        """The concepts an assessment may be pinned to: adopted (or superseded) ones of
        the checks involved, in the source language, and those pinned already."""
        chosen = {row.concept_id for row in self.get_queryset() if row.concept_id}
        offered = Q(
            assessment_check__in=[check.pk for check, _concept in self._assessed],
            status__in=[Concept.Status.ADOPTED, Concept.Status.SUPERSEDED],
            locale__language_code=source_language(),
        )
        return (
            Concept.objects.filter(offered | Q(pk__in=chosen))
            .select_related("assessment_check")
            .order_by("assessment_check__sort_order", "-valid_from")
        )


#: The sections of gaps and the relation (formset) holding their rows.
SECTIONS = {
    "assessments": "assessments",
    "precheck": "precheck_answers",
    "principles": "principle_ratings",
    "goals": "goal_ratings",
    "measures": "implemented_measures",
}


def prefill(instance):
    """Add the rows an assessment needs and lacks to ``instance`` (in memory, unsaved):
    an assessment per applicable check, pinned to the concept in force on the page's
    date; for each, a row per principle (goal) to rate when the check rates all, and a
    row per question of its pre-check."""
    # Held in memory from here on: the form and the rule read them without queries.
    for relation in (
        "assessments",
        "precheck_answers",
        "principle_ratings",
        "goal_ratings",
        "implemented_measures",
    ):
        setattr(instance, relation, list(getattr(instance, relation).all()))
    assessments = list(instance.assessments.all())
    added = False
    have = {row.assessment_check_id for row in assessments}
    for check in instance.get_applicable_checks():
        if check.pk not in have:
            assessments.append(
                Assessment(
                    assessment_check=check,
                    concept=check.concept_in_force_on(instance.get_assessment_date()),
                    locale_id=instance.locale_id,
                )
            )
            added = True
    if added:
        instance.assessments = assessments
    principles = list(instance.principle_ratings.all())
    goals = list(instance.goal_ratings.all())
    answers = list(instance.precheck_answers.all())
    rated_principles = {row.principle_id for row in principles}
    rated_goals = {row.goal_id for row in goals}
    answered = {row.question_id for row in answers}
    grew = set()
    for check, concept in assessed_concepts(instance):
        for question in check.questions:
            if question.pk not in answered:
                answers.append(PrecheckAnswer(question=question, locale_id=instance.locale_id))
                grew.add("precheck_answers")
        if concept is None:
            continue
        if check.principles_rule == ItemRule.ALL:
            for principle in concept.guiding_principles.filter(retired=False).order_by(
                "sort_order"
            ):
                if principle.pk not in rated_principles:
                    principles.append(
                        PrincipleRating(principle=principle, locale_id=instance.locale_id)
                    )
                    grew.add("principle_ratings")
        if check.goals_rule == ItemRule.ALL:
            for goal in Goal.objects.filter(
                field_of_action__concept=concept, retired=False
            ).order_by("sort_order"):
                if goal.pk not in rated_goals:
                    goals.append(GoalRating(goal=goal, locale_id=instance.locale_id))
                    grew.add("goal_ratings")
    if "precheck_answers" in grew:
        instance.precheck_answers = answers
    if "principle_ratings" in grew:
        instance.principle_ratings = principles
    if "goal_ratings" in grew:
        instance.goal_ratings = goals


class AssessablePageForm(WagtailAdminPageForm):
    """Page form for assessable pages.

    An unsaved form starts with the rows the assessment needs (see
    :func:`prefill`). Saving a draft accepts an incomplete assessment; publishing
    and submitting run :func:`integration_check.assessment.find_gaps` and put every
    gap next to the field it concerns. The rows' choices come from
    :class:`AssessmentRowFormSet`.
    """

    def __init__(self, *args, instance=None, **kwargs):
        if instance is not None and not instance.url_path and kwargs.get("parent_page"):
            # A new page: its site (and so its checks) is its parent's.
            instance._assessment_parent = kwargs["parent_page"]
        if instance is not None and not args and not kwargs.get("data"):
            prefill(instance)
        super().__init__(*args, instance=instance, **kwargs)

    @property
    def assessment_date_field(self):
        return self.instance.assessment_date_field

    def _assessment_date(self):
        name = self.assessment_date_field
        if name in self.fields:
            return self.cleaned_data.get(name)
        return self.instance.get_assessment_date()

    def _checks(self):
        name = self.instance.assessment_kind_field
        kind = (
            self.cleaned_data.get(name) or ""
            if name and name in self.fields
            else self.instance.get_assessment_kind()
        )
        return Check.objects.of_site(self.instance.get_assessment_site_id()).applying_to(
            kind, self.instance.get_first_publication_date()
        )

    def _rows(self, relation):
        formset = self.formsets.get(relation)
        if formset is None:
            return [], []
        rows, forms_ = [], []
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data or data.get("DELETE"):
                continue
            rows.append(form.instance)
            forms_.append(form)
        return rows, forms_

    def _is_sending_back(self):
        """A reviewer may send back (request changes on) an incomplete assessment."""
        return bool(self.data.get("action-workflow-action")) and (
            self.data.get("workflow-action-name") != "approve"
        )

    def _drop_untouched_rows_of_other_checks(self, checks):
        """Drop the rows of a check that does not apply to the page (its kind was changed
        after the editor pre-filled them) when nobody filled any of them in: its empty
        assessment, its unrated rows, its unanswered questions. What holds an entry stays
        and is checked as the author left it."""
        applicable = {check.pk for check in checks}
        assessment_forms = self._rows("assessments")[1]
        others = {f.instance.assessment_check_id for f in assessment_forms} - applicable
        for check_id in others:
            concepts = Concept.objects.filter(assessment_check_id=check_id)
            items = {
                "principle_ratings": (
                    "principle",
                    set(
                        GuidingPrinciple.objects.filter(concept__in=concepts).values_list(
                            "pk", flat=True
                        )
                    ),
                ),
                "goal_ratings": (
                    "goal",
                    set(
                        Goal.objects.filter(field_of_action__concept__in=concepts).values_list(
                            "pk", flat=True
                        )
                    ),
                ),
                "precheck_answers": (
                    "question",
                    set(
                        PrecheckQuestion.objects.filter(assessment_check_id=check_id).values_list(
                            "pk", flat=True
                        )
                    ),
                ),
            }
            forms_ = [f for f in assessment_forms if f.instance.assessment_check_id == check_id]
            for relation, (field_name, ids) in items.items():
                forms_ += [
                    f
                    for f in self._rows(relation)[1]
                    if getattr(f.instance, f"{field_name}_id") in ids
                ]
            filled = ("summary", "not_relevant_reason", "rating", "justification", "weighing")
            if any(
                (f.cleaned_data.get(name) or "").strip() for f in forms_ for name in filled
            ) or any(f.cleaned_data.get("answer") for f in forms_):
                continue
            for form in forms_:
                form.cleaned_data["DELETE"] = True
            # Validation has worked out which forms are deleted already; ask again on save.
            for formset in self.formsets.values():
                formset.__dict__.pop("_deleted_form_indexes", None)

    def is_valid(self):
        valid = super().is_valid()
        if not valid or self.is_deferred_validation or self._is_sending_back():
            return valid
        checks = self._checks()
        self._drop_untouched_rows_of_other_checks(checks)
        rows = {section: self._rows(relation) for section, relation in SECTIONS.items()}
        gaps = find_gaps(
            checks=checks,
            date=self._assessment_date(),
            assessments=rows["assessments"][0],
            principle_ratings=rows["principles"][0],
            goal_ratings=rows["goals"][0],
            measures=rows["measures"][0],
            answers=rows["precheck"][0],
            site=self.instance.get_assessment_site_id(),
        )
        if not gaps:
            return True
        for gap in gaps:
            if gap.section == "concept":
                if self.assessment_date_field in self.fields:
                    self.add_error(self.assessment_date_field, gap.message)
                else:
                    self.add_error(None, gap.message)
                continue
            row_forms = rows[gap.section][1]
            if gap.index is not None and gap.field in row_forms[gap.index].fields:
                row_forms[gap.index].add_error(gap.field, gap.message)
            self.add_error(None, gap.message)
        return False
