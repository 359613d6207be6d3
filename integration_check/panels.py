"""Editor panels for the assessment section of an assessable page."""

import json

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel, InlinePanel, ObjectList, PanelGroup

from .assessment import texts_required
from .forms import AssessmentRowFormSet

RATING_WIDGET = forms.RadioSelect(attrs={"class": "rating-choice"})


def _rating_panels(item_field):
    return [
        FieldPanel(item_field, widget=forms.Select),
        FieldPanel("rating", widget=RATING_WIDGET),
        FieldPanel("justification"),
        FieldPanel("weighing"),
    ]


class AssessmentInlinePanel(InlinePanel):
    """An assessment section's rows; each row, a new one included, offers the same items."""

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["formset"] = AssessmentRowFormSet
        return options


#: The relations the matrix shows: the item field, the heading of its rows, the noun of
#: one row and whether its rows are rated.
MATRIX_RELATIONS = {
    "principle_ratings": ("principle", _("Leitgedanken"), _("Leitgedanke"), True),
    "goal_ratings": ("goal", _("Berührte Ziele"), _("Ziel"), True),
    "implemented_measures": ("measure", _("Umgesetzte Maßnahmen"), _("Maßnahme"), False),
}


def _key(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _concept_pk(item):
    return item.concept_id if hasattr(item, "concept_id") else item.field_of_action.concept_id


class _Row:
    """One row of the matrix: a form of a rating (or measure) formset and what it shows."""

    def __init__(self, form, relation, item, levels, needs):
        field_name, _heading, noun, rated = MATRIX_RELATIONS[relation]
        self.form, self.relation, self.item, self.rated = form, relation, item, rated
        self.item_field = form[field_name]
        self.item_widget = self.item_field.as_widget(attrs={"hidden": ""})
        self.noun = noun
        self.is_new = not form.instance.pk
        self.deleted = forms.BooleanField().to_python(form["DELETE"].value())
        self.errors = list(form.non_field_errors()) + list(form.errors.get(field_name, []))
        self.item_errors = form.errors.get(field_name, [])
        if not rated:
            return
        value = form["rating"].value() or ""
        self.rating_name = form.add_prefix("rating")
        self.rating_id = form["rating"].auto_id
        self.levels = [
            {
                "key": key,
                "prefix": prefix,
                "symbol": symbol,
                "label": label,
                "checked": str(key) == str(value),
                "needs": " ".join(needs.get(key, [])),
                "id": f"{self.rating_id}_{index}",
            }
            for index, (key, prefix, symbol, label) in enumerate(levels)
        ]
        if value and not any(level["checked"] for level in self.levels):
            # A key the scale no longer offers: kept, so that saving changes nothing.
            self.levels.append(
                {
                    "key": value,
                    "prefix": "",
                    "symbol": "?",
                    "label": value,
                    "checked": True,
                    "needs": "",
                    "id": f"{self.rating_id}_{len(self.levels)}",
                }
            )
        self.rating_errors = form.errors.get("rating", [])
        needed = needs.get(value, [])
        self.texts = []
        for name in ("justification", "weighing"):
            bound = form[name]
            errors = form.errors.get(name, [])
            self.texts.append(
                {
                    "name": name,
                    "field": bound,
                    "widget": bound.as_widget(attrs={"rows": 2}),
                    "errors": errors,
                    "shown": name in needed or bool((bound.value() or "").strip()) or bool(errors),
                }
            )

    @property
    def label(self):
        if self.item is None:
            return ""
        return f"{self.item.number} {self.item.title}"


class AssessmentMatrixPanel(PanelGroup):
    """The ratings of guiding principles and goals and the implemented measures, shown as
    one compact table per check: a row per item, the check's scale levels as radio buttons
    in columns, the texts a level needs in the row, goals and measures added from the
    items of the concept the check is pinned to.

    Its children are the :class:`AssessmentInlinePanel` of each relation: they give the
    form its formsets, this panel only draws them (with the Stimulus controller
    ``assessment-matrix``, see ``static/integration_check/assessment-matrix.js``).
    """

    def __init__(self, children=(), *args, **kwargs):
        if not children:
            children = [
                AssessmentInlinePanel(
                    relation,
                    heading=heading,
                    label=noun,
                    panels=_rating_panels(field_name)
                    if rated
                    else [FieldPanel(field_name, widget=forms.Select)],
                )
                for relation, (field_name, heading, noun, rated) in MATRIX_RELATIONS.items()
            ]
        super().__init__(children, *args, **kwargs)

    class BoundPanel(PanelGroup.BoundPanel):
        template_name = "integration_check/admin/assessment_matrix.html"
        # Drawn by the Stimulus controller, not by the client-side inline panels of its
        # children: the editor's panel data names this panel only.
        telepath_adapter_name = "wagtail.panels.Panel"

        def js_opts(self):
            return {"type": type(self.panel).__name__, "prefix": self.prefix}

        @property
        def media(self):
            return super().media + forms.Media(
                css={"all": ["integration_check/assessment-matrix.css"]}
            )

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            bound = {
                child.panel.relation_name: child
                for child in self.children
                if hasattr(child, "formset")
            }
            if not bound:
                return context
            formset = next(iter(bound.values())).formset
            assessed = formset._assessed
            needs_by_check = {}
            tables = []
            by_concept = {}
            for check, concept in assessed:
                levels = [("", "", "", str(_("noch nicht bewertet")))] + [
                    (level.key, "", level.symbol, level.label) for level in check.scale
                ]
                needs = {level.key: texts_required(level) for level in check.scale}
                needs_by_check[str(check.pk)] = needs
                table = {
                    "check": check,
                    "concept": concept,
                    "levels": levels,
                    "needs": needs,
                    "sections": [],
                }
                tables.append(table)
                if concept is not None:
                    by_concept[concept.pk] = table
            union = {}
            for needs in needs_by_check.values():
                for key, names in needs.items():
                    union.setdefault(key, names)
            needs_by_check[""] = union
            others = {"check": None, "concept": None, "levels": None, "sections": []}
            templates = []
            for relation, (field_name, heading, noun, rated) in MATRIX_RELATIONS.items():
                child = bound.get(relation)
                if child is None:
                    continue
                formset = child.formset
                items = {item.pk: item for item in formset._offered}
                rows = {id(table): [] for table in tables}
                rows[id(others)] = []
                for form_panel in child.children:
                    form = form_panel.form
                    item = items.get(_key(form[field_name].value()))
                    table = by_concept.get(_concept_pk(item)) if item is not None else None
                    target = table or others
                    if table is not None:
                        levels = table["levels"]
                    else:
                        levels = [
                            (key, "", "", str(label))
                            for key, label in (form.fields["rating"].choices if rated else [])
                        ]
                    rows[id(target)].append(
                        _Row(form, relation, item, levels, target.get("needs") or union)
                    )
                empty = child.empty_child.form  # its DELETE and ORDER are hidden inputs
                templates.append(
                    {
                        "relation": relation,
                        "management_form": formset.management_form,
                        "row": _Row(empty, relation, None, self._union_levels(tables), {}),
                    }
                )
                for table in [*tables, others]:
                    rule = None
                    if table["check"] is not None:
                        rule = {
                            "principle_ratings": table["check"].principles_rule,
                            "goal_ratings": table["check"].goals_rule,
                        }.get(relation)
                    section_rows = rows[id(table)]
                    if rule == "none" and not section_rows:
                        continue
                    offered = []
                    # The concept a check is pinned to is in the source language; so are
                    # its items (a translated item belongs to the translated concept).
                    if table["concept"] is not None and rule != "all":
                        offered = [
                            item
                            for item in items.values()
                            if _concept_pk(item) == table["concept"].pk and not item.retired
                        ]
                    if not section_rows and not offered:
                        continue
                    table["sections"].append(
                        {
                            "relation": relation,
                            "heading": heading,
                            "noun": noun,
                            "rated": rated,
                            "rows": section_rows,
                            "offered": offered,
                            "chosen": {row.item.pk for row in section_rows if row.item},
                            "removable": rule != "all",
                            "columns": len(table["levels"] or section_rows[0].levels)
                            if rated and (table["levels"] or section_rows)
                            else 0,
                        }
                    )
            context.update(
                tables=[table for table in tables if table["sections"]],
                others=others if others["sections"] else None,
                templates=templates,
                needs_json=json.dumps(needs_by_check),
                several=len(tables) > 1,
            )
            return context

        @staticmethod
        def _union_levels(tables):
            """The levels a new row offers before its check is known: every check's."""
            levels, seen = [("", "", "", str(_("noch nicht bewertet")))], set()
            several = len(tables) > 1
            for table in tables:
                for key, _prefix, symbol, label in table["levels"][1:]:
                    if key not in seen:
                        seen.add(key)
                        prefix = f"{table['check'].label}: " if several else ""
                        levels.append((key, prefix, symbol, label))
            return levels


def assessment_panels():
    """Return the panels of the section "Vereinbarkeit mit dem Integrationskonzept"."""
    return [
        HelpPanel(
            content=str(
                _(
                    "Jede Prüfung hat ihr Konzept und ihre Bewertungsskala. Bewerten Sie die "
                    "Leitgedanken und Ziele, die die Prüfung verlangt, und fügen Sie die Ziele "
                    "hinzu, die die Vorlage berührt. Je nach Stufe der Skala braucht eine "
                    "Bewertung eine Begründung oder zusätzlich eine Abwägung. Beantwortet die "
                    "Vorprüfung keine Frage mit „ja“, genügt eine Begründung, warum die Prüfung "
                    "nicht relevant ist. Entwürfe dürfen unvollständig gespeichert werden; "
                    "veröffentlicht oder zur Freigabe eingereicht wird nur eine vollständige "
                    "Bewertung."
                )
            )
        ),
        AssessmentInlinePanel(
            "assessments",
            heading=_("Prüfungen"),
            label=_("Prüfung"),
            panels=[
                FieldPanel("assessment_check", widget=forms.Select),
                FieldPanel("concept", widget=forms.Select),
                FieldPanel("summary"),
                FieldPanel("not_relevant_reason"),
            ],
        ),
        AssessmentInlinePanel(
            "precheck_answers",
            heading=_("Vorprüfung"),
            label=_("Antwort"),
            panels=[
                FieldPanel("question", widget=forms.Select),
                FieldPanel("answer", widget=RATING_WIDGET),
            ],
        ),
        AssessmentMatrixPanel(heading=_("Bewertung")),
    ]


def assessment_tab():
    """Return the editor tab "Vereinbarkeit mit dem Integrationskonzept"."""
    return ObjectList(assessment_panels(), heading=_("Vereinbarkeit mit dem Integrationskonzept"))
