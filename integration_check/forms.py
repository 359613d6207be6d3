"""The editor form of assessable pages: pre-filled principles and the completeness check."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.forms import BaseChildFormSet
from wagtail.admin.forms import WagtailAdminPageForm

from .assessment import _label, find_gaps
from .models import (
    Goal,
    GoalRating,
    GuidingPrinciple,
    ImplementedMeasure,
    Measure,
    PrincipleRating,
    Rating,
)
from .models.assessment import source_language

SECTIONS = {
    "principles": "principle_ratings",
    "goals": "goal_ratings",
    "measures": "implemented_measures",
}


#: The rows of each assessment section: the field that names the item, the item's
#: model and the path from the item to its concept.
ROW_ITEMS = {
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
        return _(
            "%(item)s gehört nicht zum Integrationskonzept, das am Datum der Vorlage gilt."
        ) % {"item": label}


class AssessmentRowFormSet(BaseChildFormSet):
    """The rows of one assessment section: principle or goal ratings, implemented measures.

    Every row, the template of a new row ("Ziel hinzufügen") included, offers the
    same items: those of the concept in force on the page's assessment date, in the
    source language, not retired, in concept order, and the items the rows refer to
    already, so that a saved choice is never lost. Every rating starts as "noch nicht
    bewertet". What a row does not offer it refuses, saying why.
    """

    @cached_property
    def _item(self):
        field_name, model, concept_path = ROW_ITEMS[self.model]
        concept = self.instance.get_assessment_concept()
        offered = (
            Q(
                **{
                    concept_path: concept,
                    "retired": False,
                    "locale__language_code": source_language(),
                }
            )
            if concept
            else Q(pk__in=[])
        )
        chosen = {getattr(row, f"{field_name}_id") for row in self.get_queryset()}
        queryset = model.objects.filter(offered | Q(pk__in=chosen)).order_by("sort_order", "pk")
        return field_name, queryset

    @cached_property
    def _options(self):
        """The options of every row's select, from one query."""
        _field_name, queryset = self._item
        return [("", _("bitte wählen"))] + [(item.pk, _item_label(item)) for item in queryset]

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "rating" in form.fields:
            form.fields["rating"].choices = [("", _("noch nicht bewertet"))] + list(Rating.choices)
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


class AssessablePageForm(WagtailAdminPageForm):
    """Page form for assessable pages.

    A new page starts with one row per guiding principle of the concept in
    force today. Saving a draft accepts an incomplete assessment; publishing
    and submitting run :func:`integration_check.assessment.find_gaps` and put
    every gap next to the field it concerns. The rows' choices come from
    :class:`AssessmentRowFormSet`.
    """

    assessment_date_field = "date"

    def __init__(self, *args, instance=None, **kwargs):
        if instance is not None and instance.pk is None and not args and not kwargs.get("data"):
            concept = instance.get_assessment_concept()
            if concept is not None and not instance.principle_ratings.all():
                instance.principle_ratings = [
                    PrincipleRating(principle=p, locale_id=instance.locale_id)
                    for p in concept.guiding_principles.filter(retired=False).order_by("sort_order")
                ]
        super().__init__(*args, instance=instance, **kwargs)

    def _assessment_date(self):
        value = self.cleaned_data.get(self.assessment_date_field)
        if value is None and self.assessment_date_field not in self.fields:
            return self.instance.get_assessment_date()
        return value

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

    def is_valid(self):
        valid = super().is_valid()
        if not valid or self.is_deferred_validation or self._is_sending_back():
            return valid
        principle_rows, principle_forms = self._rows("principle_ratings")
        goal_rows, goal_forms = self._rows("goal_ratings")
        measure_rows, measure_forms = self._rows("implemented_measures")
        gaps = find_gaps(
            date=self._assessment_date(),
            principle_ratings=principle_rows,
            goal_ratings=goal_rows,
            measures=measure_rows,
            summary=self.cleaned_data.get("assessment_summary", ""),
        )
        if not gaps:
            return True
        row_forms = {"principles": principle_forms, "goals": goal_forms, "measures": measure_forms}
        for gap in gaps:
            if gap.section == "summary":
                self.add_error("assessment_summary", gap.message)
            elif gap.section == "concept" and self.assessment_date_field in self.fields:
                self.add_error(self.assessment_date_field, gap.message)
            elif gap.index is not None and gap.field in row_forms[gap.section][gap.index].fields:
                row_forms[gap.section][gap.index].add_error(gap.field, gap.message)
                self.add_error(None, gap.message)
            else:
                self.add_error(None, gap.message)
        return False
