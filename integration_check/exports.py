"""The Ergebnismatrix (goals by measures with their state) as CSV and XLSX."""

import csv
import io

from django.http import HttpResponse
from django.utils.translation import gettext as _

from .progress import state_on


def matrix_rows(context, date):
    """Return the header and rows of the Ergebnismatrix at ``date``, in the page's language."""
    loc = context["loc"]
    structure = context["structure"]
    goals = structure["goals"]
    fields = {f.pk: f for f in structure["fields"]}
    header = [
        _("Handlungsfeld"),
        _("Maßnahme"),
        _("Titel"),
        _("Stand"),
        _("Stand vom"),
        _("Begründung"),
        _("geplanter Beginn"),
    ] + [f"{_('Ziel')} {goal.number}" for goal in goals]
    rows = []
    for measure in structure["measures"]:
        update = state_on(measure, date)
        served = {goal.pk for goal in measure.goals.all()}
        rows.append(
            [
                loc.label(fields[measure.field_of_action_id]).title,
                measure.number,
                loc.label(measure).title,
                update.get_state_display() if update else _("nicht erfasst"),
                update.date.isoformat() if update else "",
                loc.label(update).reason if update else "",
                update.planned_start.isoformat() if update and update.planned_start else "",
            ]
            + ["x" if goal.pk in served else "" for goal in goals]
        )
    return header, rows


def _filename(context, date, extension):
    return f"ergebnismatrix-{context['concept'].slug}-{date.isoformat()}.{extension}"


def matrix_csv_response(context, date):
    header, rows = matrix_rows(context, date)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    writer.writerows(rows)
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(context, date, "csv")}"'
    return response


def matrix_xlsx_response(context, date):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    header, rows = matrix_rows(context, date)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Ergebnismatrix")[:31]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "D2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(context, date, "xlsx")}"'
    return response
