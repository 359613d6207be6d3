"""Admin forms of the concept's items: pickers that offer the items that fit.

A select of a field of action, a goal or a measure offers the items in the edited
item's language only (the source language for a new item) of the concepts of the sites
the user works for; where the installation holds more than one concept, each option
names its concept. A measure's goals are those of its own concept.
"""

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Locale

from .concept import Concept, FieldOfAction, Goal, Measure
from .sites import user_site_ids


def _concept_of(item):
    if isinstance(item, Concept):
        return item
    if isinstance(item, FieldOfAction):
        return item.concept
    return item.field_of_action.concept


class ConceptItemForm(WagtailAdminModelForm):
    """The form of a concept item (and of an indicator): pickers limited as above."""

    #: The related models whose pickers are limited, and what to join for the labels.
    PICKED = {
        Concept: (),
        FieldOfAction: ("concept",),
        Goal: ("field_of_action__concept",),
        Measure: ("field_of_action__concept",),
    }
    #: The path from each picked model to its site.
    SITE_PATHS = {
        Concept: "assessment_check__site",
        FieldOfAction: "concept__assessment_check__site",
        Goal: "field_of_action__concept__assessment_check__site",
        Measure: "field_of_action__concept__assessment_check__site",
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
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is None or queryset.model not in self.PICKED:
                continue
            model = queryset.model
            limited = queryset.filter(
                locale_id=locale_id, **{f"{self.SITE_PATHS[model]}__in": site_ids}
            ).select_related(*self.PICKED[model])
            if model is Goal and own_concept is not None:
                limited = limited.filter(field_of_action__concept=own_concept)
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
                field.label_from_instance = lambda item: f"{item.number} {item.title}"

    def _own_concept(self):
        """The concept of the edited measure (its goals come from it), or None."""
        instance = self.instance
        if isinstance(instance, Measure) and instance.field_of_action_id:
            return instance.field_of_action.concept
        return None

    @staticmethod
    def _labelled(item):
        return f"{_concept_of(item).title} · {item.number} {item.title}"
