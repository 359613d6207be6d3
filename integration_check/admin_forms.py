"""Admin forms of the concept's items: pickers that offer the items that fit.

A select of a field of action, a goal, a measure or a target group offers the items
in the edited item's language only (the source language for a new item) of the
concepts of the sites the user works for; where the installation holds more than one
concept, each option names its concept. The items
an item links to (a measure's goals, a goal's parent goal and further fields of
action, target groups, a challenge's fields of action) are those of its own concept.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Locale

from .concept import Challenge, Concept, FieldOfAction, Goal, Measure, TargetGroup
from .sites import user_site_ids


def _concept_of(item):
    if isinstance(item, Concept):
        return item
    if isinstance(item, (FieldOfAction, TargetGroup, Challenge)):
        return item.concept
    return item.field_of_action.concept


#: The fields that link an item to others of its own concept, and the lookup from the
#: linked items to their concept.
OWN_CONCEPT_LINKS = {
    "goals": "field_of_action__concept",
    "parent": "field_of_action__concept",
    "also_in": "concept",
    "target_groups": "concept",
    "fields_of_action": "concept",
}


class ConceptItemForm(WagtailAdminModelForm):
    """The form of a concept item (and of an indicator): pickers limited as above."""

    #: The related models whose pickers are limited, and what to join for the labels.
    PICKED = {
        Concept: (),
        FieldOfAction: ("concept",),
        Goal: ("field_of_action__concept",),
        Measure: ("field_of_action__concept",),
        TargetGroup: ("concept",),
    }
    #: The path from each picked model to its site.
    SITE_PATHS = {
        Concept: "assessment_check__site",
        FieldOfAction: "concept__assessment_check__site",
        Goal: "field_of_action__concept__assessment_check__site",
        Measure: "field_of_action__concept__assessment_check__site",
        TargetGroup: "concept__assessment_check__site",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale_id = self.instance.locale_id if hasattr(self.instance, "locale_id") else None
        locale_id = locale_id or Locale.get_default().pk
        site_ids = user_site_ids(self.for_user)
        several = (
            Concept.objects.filter(locale_id=locale_id, assessment_check__site__in=site_ids).count()
            > 1
        )
        own_concept = self._own_concept()
        for name, field in self.fields.items():
            queryset = getattr(field, "queryset", None)
            if queryset is None or queryset.model not in self.PICKED:
                continue
            model = queryset.model
            limited = queryset.filter(
                locale_id=locale_id, **{f"{self.SITE_PATHS[model]}__in": site_ids}
            ).select_related(*self.PICKED[model])
            if name in OWN_CONCEPT_LINKS and own_concept is not None:
                limited = limited.filter(**{OWN_CONCEPT_LINKS[name]: own_concept})
            if name == "parent" and self.instance.pk:
                limited = limited.exclude(pk=self.instance.pk)
            if model is not Concept:
                # Concept by concept (in their check's order, the newest first), then
                # each concept's own order: two concepts' items never interleave.
                concept = self.PICKED[model][0]
                limited = limited.order_by(
                    f"{concept}__assessment_check__sort_order",
                    f"-{concept}__valid_from",
                    f"{concept}__pk",
                    "sort_order",
                    "pk",
                )
            field.queryset = limited
            if several and model is not Concept:
                field.label_from_instance = self._labelled
            elif model is not Concept:
                field.label_from_instance = self._label

    def _own_concept(self):
        """The concept of the edited item (what it links to comes from it), or None."""
        instance = self.instance
        if isinstance(instance, (Goal, Measure)) and instance.field_of_action_id:
            return instance.field_of_action.concept
        if isinstance(instance, Challenge) and instance.concept_id:
            return instance.concept
        return None

    @staticmethod
    def _label(item):
        if isinstance(item, TargetGroup):
            return item.title
        return f"{item.number} {item.title}"

    @classmethod
    def _labelled(cls, item):
        return f"{_concept_of(item).title} · {cls._label(item)}"

    def clean(self):
        """Links to items of another concept (possible on a new item, whose concept the
        pickers cannot know yet) are refused, as is a goal's own field under ``also_in``."""
        cleaned = super().clean()
        instance = self.instance
        if isinstance(instance, (Goal, Measure)):
            field = cleaned.get("field_of_action")
            concept = field.concept if field else None
        elif isinstance(instance, Challenge):
            concept = cleaned.get("concept")
        else:
            return cleaned
        if concept is None:
            return cleaned
        for name in OWN_CONCEPT_LINKS:
            if name not in self.fields or not cleaned.get(name):
                continue
            linked = cleaned[name]
            items = [linked] if not hasattr(linked, "__iter__") else list(linked)
            foreign = [item for item in items if _concept_of(item).pk != concept.pk]
            if foreign:
                self.add_error(
                    name,
                    ValidationError(
                        _("„%(item)s“ gehört nicht zum Konzept dieses Punkts.")
                        % {"item": self._label(foreign[0])}
                    ),
                )
        if isinstance(instance, Goal):
            main = cleaned.get("field_of_action")
            parent = cleaned.get("parent")
            if parent is not None:
                main = parent.field_of_action  # a sub-goal belongs to its parent's field
            if main is not None and main in (cleaned.get("also_in") or ()):
                self.add_error(
                    "also_in",
                    _(
                        "Handlungsfeld %(number)s ist das eigene Handlungsfeld des Ziels; hier "
                        "stehen nur weitere."
                    )
                    % {"number": main.number},
                )
        return cleaned
