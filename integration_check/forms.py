"""The editor form of assessable pages: pre-filled principles and the completeness check."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from .assessment import find_gaps
from .models import Concept, Goal, GuidingPrinciple, Measure, PrincipleRating, Rating

SECTIONS = {
    "principles": "principle_ratings",
    "goals": "goal_ratings",
    "measures": "implemented_measures",
}


class _ItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.number} {obj.title}"


class AssessablePageForm(WagtailAdminPageForm):
    """Page form for assessable pages.

    A new page starts with one row per guiding principle of the concept in
    force today. Saving a draft accepts an incomplete assessment; publishing
    and submitting run :func:`integration_check.assessment.find_gaps` and put
    every gap next to the field it concerns.
    """

    assessment_date_field = "date"

    def __init__(self, *args, instance=None, **kwargs):
        if instance is not None and instance.pk is None and not args and not kwargs.get("data"):
            concept = Concept.objects.in_force_on(datetime.date.today())
            if concept is not None and not instance.principle_ratings.all():
                instance.principle_ratings = [
                    PrincipleRating(principle=p, locale_id=instance.locale_id)
                    for p in concept.guiding_principles.filter(retired=False).order_by("sort_order")
                ]
        super().__init__(*args, instance=instance, **kwargs)
        self._limit_choices()

    def _limit_choices(self):
        """Offer only items of adopted concepts in the source language, in concept order."""
        choices = {
            "principle_ratings": (
                "principle",
                GuidingPrinciple.objects.filter(concept__status__in=["adopted", "superseded"]),
            ),
            "goal_ratings": (
                "goal",
                Goal.objects.filter(field_of_action__concept__status__in=["adopted", "superseded"]),
            ),
            "implemented_measures": (
                "measure",
                Measure.objects.filter(
                    field_of_action__concept__status__in=["adopted", "superseded"]
                ),
            ),
        }
        language = self._source_language()
        for relation, (field_name, queryset) in choices.items():
            formset = self.formsets.get(relation)
            if formset is None:
                continue
            queryset = queryset.filter(locale__language_code=language).order_by("sort_order")
            # One query for the options of every row's select, not one per row.
            options = None
            for form in list(formset.forms) + [formset.empty_form]:
                if "rating" in form.fields:
                    form.fields["rating"].choices = [("", _("noch nicht bewertet"))] + list(
                        Rating.choices
                    )
                field = form.fields.get(field_name)
                if field is not None:
                    form.fields[field_name] = choice_field = _ItemChoiceField(
                        queryset=queryset,
                        label=field.label,
                        required=field.required,
                        widget=field.widget,
                    )
                    if options is None:
                        # Iterated, not list()ed: list() would ask for a COUNT first.
                        options = [choice for choice in choice_field.choices]
                    choice_field.choices = options

    @staticmethod
    def _source_language():
        from wagtail.models import Locale

        return Locale.get_default().language_code

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
