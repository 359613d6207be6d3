"""Accessible SVG charts, rendered on the server: line charts of indicator values, bar
charts of counts (stacked or diverging).

A chart is an image with a title and a text alternative; the page always shows the
same values as a table beside it.
"""

from dataclasses import dataclass

from django.template.defaultfilters import floatformat
from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from .choices import RATING_SYMBOLS, MeasureState, Rating
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
STATE_BAR_WIDTH, BAR_ROW = 480, 26


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
    scale = STATE_BAR_WIDTH / most
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
            left = STATE_BAR_WIDTH - x - width if rtl else x
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
                STATE_BAR_WIDTH,
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


# --- bar charts: counts per row, stacked or diverging ----------------------------------
#
# The start page's progress at a glance (measures by state per field of action, effects
# per guiding principle) and the effects over time of a goal or principle. Each segment
# has a pattern of its own besides its colour, and the legend names it in words, so that
# no meaning rests on colour; each chart's text alternative lists every count, and the
# page shows the same counts in a table beside it. Right-to-left pages get bars that
# grow from the right; a diverging bar keeps negative on the left, as a number line.

BAR_WIDTH = 360
BAR_PAD = 8
ROW_LABEL = 22  # the row's name above its bar
BAR = 22
ROW_GAP = 14
LEGEND_ROW = 24
#: Narrower segments carry no number inside (the table and the text alternative do).
MIN_LABELLED = 22


@dataclass
class Segment:
    """A kind of count (a measure state, a direction): its key, words and symbol, and the
    pattern that fills its bars (``solid``, ``hatch``, ``dots``, ``lines``, ``cross`` or
    ``none``)."""

    key: str
    label: str
    symbol: str = ""
    pattern: str = "solid"


@dataclass
class ChartRow:
    """One bar: its name, the language of the name (``lang``, for a name shown in German
    on a page in another language) and ``{segment key: count}``."""

    label: str
    counts: dict
    lang: str = ""
    url: str = ""
    #: What the text alternative calls the row where its name is in another language than
    #: the page (``lang`` set): a text alternative cannot switch languages, so it names
    #: the row by its number, and the table beside the chart gives the name, marked.
    short: str = ""


#: The patterns of the directions of an effect (positive solid, neutral dotted,
#: negative hatched) and of the measure states.
RATING_PATTERNS = {Rating.POSITIVE: "solid", Rating.NEUTRAL: "dots", Rating.NEGATIVE: "hatch"}
STATE_PATTERNS = {
    MeasureState.COMPLETED: "solid",
    MeasureState.RUNNING: "hatch",
    MeasureState.PLANNED: "dots",
    MeasureState.POSTPONED: "lines",
    MeasureState.NOT_PURSUED: "cross",
}


def rating_segments():
    """The directions of an effect as chart segments: positive, neutral, negative."""
    return [
        Segment(value, str(label), RATING_SYMBOLS[value], RATING_PATTERNS[value])
        for value, label in Rating.choices
    ]


def state_segments():
    """The measure states as chart segments, completed first, "nicht erfasst" last; told
    apart by pattern and words (the states' symbols are missing from common fonts)."""
    order = [
        MeasureState.COMPLETED,
        MeasureState.RUNNING,
        MeasureState.PLANNED,
        MeasureState.POSTPONED,
        MeasureState.NOT_PURSUED,
    ]
    segments = [
        Segment(state.value, str(state.label), "", STATE_PATTERNS[state]) for state in order
    ]
    return segments + [Segment("", _("nicht erfasst"), "", "none")]


def _label_attrs(rtl, lang):
    """The x anchor of a row's name, on the starting edge of the reading direction."""
    if not rtl:
        return BAR_PAD, "start", "ltr"
    if lang:  # a German name on a right-to-left page: laid out left to right, right-aligned
        return BAR_WIDTH - BAR_PAD, "end", "ltr"
    return BAR_WIDTH - BAR_PAD, "start", "rtl"


def _legend(segments, top, rtl):
    """The legend's swatches and words, wrapped over as many lines as they need."""
    items, x, y = [], 0, top
    for segment in segments:
        width = 30 + 9 * len(f"{segment.symbol} {segment.label}")
        if x and x + width > BAR_WIDTH - 2 * BAR_PAD:
            x, y = 0, y + LEGEND_ROW
        swatch = BAR_WIDTH - BAR_PAD - x - 16 if rtl else BAR_PAD + x
        text_x = swatch - 6 if rtl else swatch + 22
        items.append({"segment": segment, "x": swatch, "y": y, "text_x": text_x, "text_y": y + 13})
        x += width
    return items, y + LEGEND_ROW


def _describe(rows, segments, extra=None):
    parts = []
    for row in rows:
        counts = [
            f"{segment.label} {row.counts.get(segment.key, 0)}"
            for segment in segments
            if row.counts.get(segment.key, 0)
        ]
        if extra:
            counts += extra(row)
        name = row.short if row.lang and row.short else row.label
        parts.append(f"{name}: {', '.join(counts) if counts else _('keine')}")
    return "; ".join(parts) + "."


def stacked_bar_chart(chart_id, title, rows, segments, rtl=False):
    """Return an SVG of one horizontal bar per row, its segments stacked in the order of
    ``segments``, bars on a common scale (the largest total fills the width); "" without
    rows."""
    if not rows:
        return ""
    largest = max(sum(row.counts.values()) for row in rows) or 1
    scale = (BAR_WIDTH - 2 * BAR_PAD) / largest
    shown, y = [], 0
    for row in rows:
        label_x, anchor, direction = _label_attrs(rtl, row.lang)
        bars, start = [], 0.0
        for segment in segments:
            count = row.counts.get(segment.key, 0)
            if not count:
                continue
            width = count * scale
            x = BAR_WIDTH - BAR_PAD - start - width if rtl else BAR_PAD + start
            bars.append(_bar(segment, count, x, y + ROW_LABEL, width))
            start += width
        shown.append(_row(row, label_x, anchor, direction, y, bars))
        y += ROW_LABEL + BAR + ROW_GAP
    return _render(chart_id, title, _describe(rows, segments), shown, segments, y, rtl)


def diverging_bar_chart(chart_id, title, rows, negative, positive, neutral, rtl=False):
    """Return an SVG of one diverging bar per row: ``negative`` counts to the left of a
    middle line, ``positive`` ones to the right, ``neutral`` ones as a number beside the
    bar (they point neither way); "" without rows."""
    if not rows:
        return ""
    middle = BAR_WIDTH / 2
    reach = max(max(row.counts.get(key.key, 0) for row in rows) for key in (negative, positive))
    scale = (middle - BAR_PAD - 56) / (reach or 1)
    shown, y = [], 0
    for row in rows:
        label_x, anchor, direction = _label_attrs(rtl, row.lang)
        bars = []
        for segment, sign in ((negative, -1), (positive, 1)):
            count = row.counts.get(segment.key, 0)
            if count:
                width = count * scale
                x = middle - width if sign < 0 else middle
                bars.append(_bar(segment, count, x, y + ROW_LABEL, width))
        neutral_count = row.counts.get(neutral.key, 0)
        shown.append(
            {
                **_row(row, label_x, anchor, direction, y, bars),
                "neutral": {
                    "x": BAR_WIDTH - BAR_PAD if not rtl else BAR_PAD,
                    "anchor": "end" if not rtl else "start",
                    "y": y + ROW_LABEL + BAR / 2 + 5,
                    "text": f"{neutral.symbol} {neutral_count}",
                },
            }
        )
        y += ROW_LABEL + BAR + ROW_GAP
    segments = [negative, neutral, positive]
    return _render(
        chart_id,
        title,
        _describe(rows, segments),
        shown,
        segments,
        y,
        rtl,
        middle={"x": middle, "y1": ROW_LABEL - 4, "y2": y - ROW_GAP + 4},
    )


def _bar(segment, count, x, y, width):
    return {
        "segment": segment,
        "count": count,
        "x": f"{x:.1f}",
        "y": y,
        "width": f"{width:.1f}",
        "text_x": f"{x + width / 2:.1f}",
        "labelled": width >= MIN_LABELLED,
    }


def _row(row, label_x, anchor, direction, y, bars):
    return {
        "row": row,
        "label_x": label_x,
        "label_y": y + ROW_LABEL - 6,
        "anchor": anchor,
        "direction": direction,
        "bars": bars,
    }


def _render(chart_id, title, description, rows, segments, height, rtl, middle=None):
    legend, height = _legend(segments, height, rtl)
    return render_to_string(
        "integration_check/includes/bar_chart.svg",
        {
            "id": chart_id,
            "title": title,
            "description": description,
            "rows": rows,
            "legend": legend,
            "middle": middle,
            "width": BAR_WIDTH,
            "height": height,
            "bar_height": BAR,
            "text_dy": BAR // 2 + 5,
            "legend_rtl": rtl,
        },
    )
