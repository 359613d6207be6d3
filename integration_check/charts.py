"""Accessible SVG line charts of indicator values, rendered on the server.

The chart is an image with a title and a text alternative; the page always
shows the same values as a table beside it.
"""

from django.template.defaultfilters import floatformat
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

WIDTH, HEIGHT = 480, 220
PAD_START, PAD_END, PAD_TOP, PAD_BOTTOM = 56, 16, 16, 36


def _number(value):
    """A value as the page shows it: whole numbers without decimals ("62", not "62,00")."""
    return floatformat(value, -2)


def indicator_chart(indicator, label=None, name_lang=""):
    """Return SVG markup for an indicator's values (and its target line), or "" without values.

    ``label`` is the indicator in the reader's language (its translation, else itself);
    ``name_lang`` (`` lang="de" dir="ltr"``) marks its name and unit in the chart's title
    as German where they are shown untranslated. The description holds the values only,
    in the reader's language.
    """
    label = label or indicator
    values = indicator.values_until()
    if not values:
        return ""
    numbers = [float(v.value) for v in values]
    if indicator.target is not None:
        numbers.append(float(indicator.target))
    if indicator.baseline is not None:
        numbers.append(float(indicator.baseline))
    low, high = min(numbers + [0.0]), max(numbers)
    if high == low:
        high = low + 1
    first, last = values[0].date.toordinal(), values[-1].date.toordinal()
    span = max(last - first, 1)

    def x(date):
        if len(values) == 1:
            return PAD_START + (WIDTH - PAD_START - PAD_END) / 2
        return PAD_START + (date.toordinal() - first) / span * (WIDTH - PAD_START - PAD_END)

    def y(value):
        return PAD_TOP + (high - float(value)) / (high - low) * (HEIGHT - PAD_TOP - PAD_BOTTOM)

    def f(number):
        return f"{number:.1f}"

    points = " ".join(f"{x(v.date):.1f},{y(v.value):.1f}" for v in values)
    description = _("Werte: %(values)s.") % {
        "values": "; ".join(
            f"{date_format(v.date, 'SHORT_DATE_FORMAT')}: {_number(v.value)}" for v in values
        ),
    }
    if indicator.target is not None:
        description += " " + _("Zielwert: %(target)s.") % {"target": _number(indicator.target)}
    chart_id = f"indicator-{indicator.pk}"
    target_line = ""
    if indicator.target is not None:
        ty = y(indicator.target)
        target_line = format_html(
            '<line x1="{}" x2="{}" y1="{}" y2="{}" class="chart-target" stroke-dasharray="6 4"/>'
            '<text x="{}" y="{}" class="chart-label" text-anchor="end">{}</text>',
            PAD_START,
            WIDTH - PAD_END,
            f(ty),
            f(ty),
            WIDTH - PAD_END,
            f(ty - 4),
            _("Ziel"),
        )
    dots = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="4" class="chart-point"/>',
        ((f(x(v.date)), f(y(v.value))) for v in values),
    )
    axis_labels = format_html(
        '<text x="{}" y="{}" class="chart-label" text-anchor="start">{}</text>'
        '<text x="{}" y="{}" class="chart-label" text-anchor="end">{}</text>'
        '<text x="{}" y="{}" class="chart-label" text-anchor="end">{}</text>'
        '<text x="{}" y="{}" class="chart-label" text-anchor="end">{}</text>',
        PAD_START,
        HEIGHT - 10,
        date_format(values[0].date, "Y"),
        WIDTH - PAD_END,
        HEIGHT - 10,
        date_format(values[-1].date, "Y"),
        PAD_START - 6,
        f(y(high) + 4),
        _number(high),
        PAD_START - 6,
        f(y(low) + 4),
        _number(low),
    )
    return format_html(
        '<svg class="indicator-chart" viewBox="0 0 {w} {h}" role="img" aria-labelledby="{id}-t {id}-d"'
        ' xmlns="http://www.w3.org/2000/svg" direction="ltr">'
        '<title id="{id}-t"{name_lang}>{title}</title><desc id="{id}-d">{desc}</desc>'
        '<line x1="{ps}" x2="{ps}" y1="{pt}" y2="{yb}" class="chart-axis"/>'
        '<line x1="{ps}" x2="{xe}" y1="{yb}" y2="{yb}" class="chart-axis"/>'
        "{target}{labels}"
        '<polyline points="{points}" class="chart-line" fill="none"/>{dots}</svg>',
        w=WIDTH,
        h=HEIGHT,
        id=chart_id,
        title=f"{label.name} ({label.unit})" if label.unit else label.name,
        name_lang=name_lang,
        desc=description,
        ps=PAD_START,
        pt=PAD_TOP,
        yb=HEIGHT - PAD_BOTTOM,
        xe=WIDTH - PAD_END,
        target=target_line,
        labels=axis_labels,
        points=points,
        dots=dots,
    )
