"""Accessible SVG line charts of indicator values, rendered on the server.

The chart is an image with a title and a text alternative; the page always
shows the same values as a table beside it.
"""

from django.template.defaultfilters import floatformat
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from .icons import SHAPES

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


#: Fill and text colour of each measure state in the bar chart (text contrast ≥ 4.5:1).
STATE_COLOURS = {
    "planned": ("#5a6472", "#ffffff"),
    "running": ("#00528c", "#ffffff"),
    "completed": ("#1a6b2f", "#ffffff"),
    "postponed": ("#8a4500", "#ffffff"),
    "not_pursued": ("#a3161b", "#ffffff"),
    "": ("#e4e4e4", "#1b1b1b"),
}
BAR_WIDTH, BAR_ROW = 480, 26


def state_bars_chart(rows, title=None):
    """Return HTML of stacked bars, measures by state per row, or "" without rows.

    ``rows`` are ``(label, [(state value, state label, count)])``, the state value "" for
    measures without a recorded state. Each row is its label as text and an SVG bar whose
    segments show their icon and count, so that no meaning rests on colour; each bar
    names its numbers as its text alternative, and the page shows them in a table too.
    The labels are HTML, not SVG text, so that right-to-left scripts are laid out and
    shaped like the rest of the page (PDF renderers draw SVG text letter by letter).
    """
    if not rows:
        return ""
    most = max(sum(count for _v, _l, count in states) for _label, states in rows) or 1
    scale = BAR_WIDTH / most
    rtl = get_language_bidi()
    html_rows = []
    for label, states in rows:
        parts = []
        described = []
        x = 0.0
        for value, state_label, count in states:
            if not count:
                continue
            described.append(f"{state_label} {count}")
            fill, ink = STATE_COLOURS.get(value, STATE_COLOURS[""])
            width = count * scale
            # Bars grow from the side where the label is: the right in right-to-left pages.
            left = BAR_WIDTH - x - width if rtl else x
            parts.append(
                format_html(
                    '<rect x="{}" y="0" width="{}" height="{}" fill="{}" stroke="#ffffff"/>',
                    f"{left:.1f}",
                    f"{width:.1f}",
                    BAR_ROW,
                    fill,
                )
            )
            if width >= 44:
                parts.append(
                    format_html(
                        '<g transform="translate({} 5)" fill="{ink}" stroke="{ink}"'
                        ' stroke-width="1.6" stroke-linecap="round">{}</g>'
                        '<text x="{}" y="{}" font-size="14" font-weight="700" fill="{ink}">{}</text>',
                        f"{left + 5:.1f}",
                        mark_safe(SHAPES.get(value or "unknown", "")),  # fixed markup
                        f"{left + 25:.1f}",
                        BAR_ROW / 2 + 5,
                        count,
                        ink=ink,
                    )
                )
            elif width >= 14:
                parts.append(
                    format_html(
                        '<text x="{}" y="{}" font-size="14" font-weight="700" fill="{}"'
                        ' text-anchor="middle">{}</text>',
                        f"{left + width / 2:.1f}",
                        BAR_ROW / 2 + 5,
                        ink,
                        count,
                    )
                )
            x += width
        description = f"{label}: {', '.join(described) or '0'}"
        html_rows.append(
            format_html(
                '<div class="state-bar-row"><span class="state-bar-label">{}</span>'
                '<span class="state-bar-cell"><svg class="state-bar" viewBox="0 0 {} {}"'
                ' role="img" aria-label="{}" xmlns="http://www.w3.org/2000/svg"'
                ' direction="ltr">{}</svg></span></div>',
                label,
                BAR_WIDTH,
                BAR_ROW,
                description,
                mark_safe("".join(parts)),  # built with format_html above
            )
        )
    return format_html(
        '<div class="state-bars" role="group" aria-label="{}">{}</div>',
        title or _("Maßnahmen nach Stand"),
        mark_safe("".join(html_rows)),  # built with format_html above
    )
