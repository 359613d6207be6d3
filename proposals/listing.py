"""Filters and full-text search of the proposals listing; every filter is a bookmarkable link."""

from urllib.parse import urlencode

from django.db import connection
from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast, ExtractYear, Substr
from django.utils.translation import gettext as _
from wagtail.models import Locale

from integration_check.models import (
    FieldOfAction,
    Goal,
    GoalRating,
    GuidingPrinciple,
    PrincipleRating,
    Rating,
)

from .models import Body, Consultation, ProposalPage, visible_proposals

RATING_PARAMS = {"positiv": Rating.POSITIVE, "neutral": Rating.NEUTRAL, "negativ": Rating.NEGATIVE}
PARAMS = ("leitgedanke", "ziel", "handlungsfeld", "wirkung", "gremium", "jahr", "art", "q")


class ProposalFilter:
    """Reads the filter parameters of a request and builds the visible queryset."""

    def __init__(self, request, index_page):
        self.request = request
        self.index_page = index_page
        self.values = {name: request.GET.get(name, "").strip() for name in PARAMS}
        # Proposals are written in German; every language's listing shows the German ones.
        default = Locale.get_default()
        source_index = index_page.source_index(default) or index_page
        self.source_index = source_index
        # The filters' concept items in the listing's language (None: the source language).
        self.default_locale = default
        self.reader_locale = index_page.locale if source_index.pk != index_page.pk else None
        self.base = visible_proposals(request.user).descendant_of(source_index)
        self.concept = None

    # --- choices for the filter form -------------------------------------------

    def _in_reader_language(self, items, attribute="title"):
        """Set ``shown`` (the text in the listing's language, else German) and
        ``lang_attrs`` (`` lang="de" dir="ltr"`` where German is shown) on each item."""
        from integration_check.progress import Localizer
        from integration_check.templatetags.lang_tags import fallback_lang

        items = list(items)
        loc = None
        if self.reader_locale is not None and items:
            loc = Localizer(self.reader_locale, {type(items[0]): items}, self.default_locale)
        for item in items:
            item.shown = getattr(loc.label(item) if loc else item, attribute)
            item.lang_attrs = fallback_lang(item, loc) if loc else ""
        return items

    def principle_choices(self):
        return self._in_reader_language(
            GuidingPrinciple.objects.filter(
                locale__language_code="de", retired=False, concept__status="adopted"
            ).order_by("sort_order")
        )

    def goal_choices(self):
        return self._in_reader_language(
            Goal.objects.filter(
                locale__language_code="de",
                retired=False,
                field_of_action__concept__status="adopted",
            ).order_by("sort_order")
        )

    def field_choices(self):
        return self._in_reader_language(
            FieldOfAction.objects.filter(
                locale__language_code="de", retired=False, concept__status="adopted"
            ).order_by("sort_order")
        )

    def body_choices(self):
        return self._in_reader_language(
            Body.objects.filter(locale__language_code="de").order_by("sort_order", "name"), "name"
        )

    def year_choices(self):
        # SQLite's ExtractYear is a Python function called per row; the first four
        # characters of the stored ISO date give the year natively.
        if connection.vendor == "sqlite":
            year = Substr(Cast("date", output_field=CharField()), 1, 4)
        else:
            year = ExtractYear("date")
        years = self.base.annotate(year=year).order_by("-year").values_list("year", flat=True)
        return [int(value) for value in years.distinct()]

    def kind_choices(self):
        return ProposalPage.Kind.choices

    def rating_choices(self):
        return [(key, Rating(value).label) for key, value in RATING_PARAMS.items()]

    # --- the queryset ------------------------------------------------------------

    def _rating_exists(self, model, **lookups):
        rating = RATING_PARAMS.get(self.values["wirkung"])
        if rating:
            lookups["rating"] = rating
        return Exists(model.objects.filter(page_id=OuterRef("pk"), **lookups))

    def queryset(self):
        qs = self.base
        v = self.values
        if v["leitgedanke"]:
            # Every proposal rates every principle: without a chosen effect the filter
            # means "affects this principle", i.e. rated positive or negative.
            lookups = {"principle__number": v["leitgedanke"]}
            if v["wirkung"] not in RATING_PARAMS:
                lookups["rating__in"] = [Rating.POSITIVE, Rating.NEGATIVE]
            qs = qs.filter(self._rating_exists(PrincipleRating, **lookups))
        if v["ziel"]:
            qs = qs.filter(self._rating_exists(GoalRating, goal__number=v["ziel"]))
        if v["handlungsfeld"]:
            qs = qs.filter(
                self._rating_exists(GoalRating, goal__field_of_action__number=v["handlungsfeld"])
            )
        if v["wirkung"] in RATING_PARAMS and not (
            v["leitgedanke"] or v["ziel"] or v["handlungsfeld"]
        ):
            rating = RATING_PARAMS[v["wirkung"]]
            qs = qs.filter(
                Exists(PrincipleRating.objects.filter(page_id=OuterRef("pk"), rating=rating))
                | Exists(GoalRating.objects.filter(page_id=OuterRef("pk"), rating=rating))
            )
        if v["gremium"]:
            qs = qs.filter(
                Exists(Consultation.objects.filter(page_id=OuterRef("pk"), body__slug=v["gremium"]))
            )
        if v["jahr"].isdigit():
            qs = qs.filter(date__year=int(v["jahr"]))
        if v["art"] in ProposalPage.Kind.values:
            qs = qs.filter(kind=v["art"])
        qs = qs.order_by("-date", "-pk")
        if v["q"]:
            qs = qs.filter(pk__in=_search_ids(v["q"]))
        # ProposalPage rows are already specific: no second query per content type.
        return qs.select_related("locale")

    # --- links ---------------------------------------------------------------------

    def querystring(self, exclude=(), **changes):
        params = {k: v for k, v in self.values.items() if v and k not in exclude}
        params.update({k: v for k, v in changes.items() if v})
        for key, value in changes.items():
            if not value:
                params.pop(key, None)
        return urlencode(params)

    def active_filters(self):
        """Return ``[(label, link without this filter)]`` for the filters in use."""
        labels = {
            "leitgedanke": _("Leitgedanke"),
            "ziel": _("Ziel"),
            "handlungsfeld": _("Handlungsfeld"),
            "wirkung": _("Wirkung"),
            "gremium": _("Gremium"),
            "jahr": _("Jahr"),
            "art": _("Art"),
            "q": _("Suche"),
        }
        return [
            (f"{labels[name]}: {value}", "?" + self.querystring(exclude=(name, "seite")))
            for name, value in self.values.items()
            if value
        ]


def _search_ids(query):
    """Return the ids of live proposals matching ``query`` in Wagtail's search index.

    The database backends (SQLite, PostgreSQL) give the matching rows as a queryset:
    it becomes a subquery of the listing's queries, so neither the ids nor the pages
    are loaded into Python, however many proposals match.
    """
    results = ProposalPage.objects.live().search(query, operator="and", order_by_relevance=False)
    if not hasattr(results, "get_queryset"):
        return [page.pk for page in results]
    # A subquery of the count and of the page's query. (Fetching the ids once would
    # save PostgreSQL the second search, at the price of one more query.)
    return results.get_queryset().order_by().values("pk")
