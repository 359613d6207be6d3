"""Listing columns of the plugin's admin."""

from django.utils.text import capfirst
from wagtail.admin.ui.tables import BooleanColumn


class YesNoColumn(BooleanColumn):
    """A yes/no field as a tick or a cross, named "ja"/"nein" for screen readers."""

    cell_template_name = "integration_check/admin/yes_no_cell.html"


def yes_no_column(model, field_name):
    """Return a :class:`YesNoColumn` of ``model``'s boolean field, labelled and sorted by it."""
    label = capfirst(model._meta.get_field(field_name).verbose_name)
    return YesNoColumn(field_name, label=label, sort_key=field_name)
