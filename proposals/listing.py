"""Filters and full-text search of the proposals listing; every filter is a bookmarkable link."""

import logging
import re
from urllib.parse import urlencode

from django.core.paginator import PageNotAnInteger, Paginator
from django.db import DatabaseError, connection
from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast, ExtractYear, Substr
from django.utils.text import Truncator
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
PER_PAGE = 20
#: Characters of a search that are searched for; the rest is left out (with a message).
MAX_QUERY_LENGTH = 200
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
YEAR = re.compile(r"[0-9]{4}")
WORD = re.compile(r"\w+")

logger = logging.getLogger(__name__)


def search_words(text):
    """Return the words of a reader's search, separated by spaces.

    Only letters, digits and ``_`` remain: quotes, brackets, ``*``, ``-``, ``^``,
    ``:`` and the like are query syntax to SQLite FTS5 and PostgreSQL's tsquery, and
    the search backends quote each remaining word, so ``AND``, ``OR`` and ``NOT``
    are searched for as words.
    """
    return " ".join(WORD.findall(text))


class ProposalFilter:
    """Reads the filter parameters of a request and builds the visible queryset."""

    def __init__(self, request, index_page):
        self.request = request
        self.index_page = index_page
        self.messages = []
        self.values = {
            name: CONTROL_CHARACTERS.sub("", request.GET.get(name, "")).strip() for name in PARAMS
        }
        self._check_values()
        # Proposals are written in German; every language's listing shows the German ones.
        default = Locale.get_default()
        source_index = index_page.source_index(default) or index_page
        self.source_index = source_index
        # The filters' concept items in the listing's language (None: the source language).
        self.default_locale = default
        self.reader_locale = index_page.locale if source_index.pk != index_page.pk else None
        self.base = visible_proposals(request.user).descendant_of(source_index)
        self.concept = None

    def _check_values(self):
        """Leave out, with a message, what cannot be a year or a search."""
        v = self.values
        if v["jahr"] and not (YEAR.fullmatch(v["jahr"]) and int(v["jahr"]) > 0):
            self._reject(
                "jahr",
                _(
                    "Jahr: „%(value)s“ ist keine gültige Jahreszahl (vierstellig, z. B. 2020); "
                    "der Filter wird nicht angewandt."
                ),
            )
        if len(v["q"]) > MAX_QUERY_LENGTH:
            # Whole words only: the last one may be cut.
            words = v["q"][: MAX_QUERY_LENGTH + 1].split()
            v["q"] = " ".join(words[:-1] or words)[:MAX_QUERY_LENGTH]
            self.messages.append(
                _("Suche: Gesucht wird nur nach den ersten %(count)s Zeichen.")
                % {"count": MAX_QUERY_LENGTH}
            )
        if v["q"] and not search_words(v["q"]):
            self._reject(
                "q",
                _(
                    "Suche: „%(value)s“ enthält kein Wort, nach dem gesucht werden kann; "
                    "gezeigt werden die Vorlagen ohne Suche."
                ),
            )

    def _reject(self, name, message):
        self.messages.append(message % {"value": Truncator(self.values[name]).chars(60)})
        self.values[name] = ""

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
            lookups["effect"] = rating
        return Exists(model.objects.filter(page_id=OuterRef("pk"), **lookups))

    def queryset(self):
        qs = self.base
        v = self.values
        if v["leitgedanke"]:
            # Every proposal rates every principle: without a chosen effect the filter
            # means "affects this principle", i.e. rated positive or negative.
            lookups = {"principle__number": v["leitgedanke"]}
            if v["wirkung"] not in RATING_PARAMS:
                lookups["effect__in"] = [Rating.POSITIVE, Rating.NEGATIVE]
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
                Exists(PrincipleRating.objects.filter(page_id=OuterRef("pk"), effect=rating))
                | Exists(GoalRating.objects.filter(page_id=OuterRef("pk"), effect=rating))
            )
        if v["gremium"]:
            qs = qs.filter(
                Exists(Consultation.objects.filter(page_id=OuterRef("pk"), body__slug=v["gremium"]))
            )
        if v["jahr"]:
            qs = qs.filter(date__year=int(v["jahr"]))
        if v["art"] in ProposalPage.Kind.values:
            qs = qs.filter(kind=v["art"])
        qs = qs.order_by("-date", "-pk")
        if v["q"]:
            qs = qs.filter(pk__in=_search_ids(search_words(v["q"])))
        # ProposalPage rows are already specific: no second query per content type.
        return qs.select_related("locale")

    def page(self, number):
        """Return page ``number`` of the matching proposals, loaded (``EmptyPage`` past the end).

        Should the database still refuse the search, the reader gets the listing
        without it and a message. (SQLite goes on after a refused statement, and so
        does PostgreSQL outside a transaction, as requests are served.)
        """
        try:
            return self._page(number)
        except DatabaseError:
            if not self.values["q"]:
                raise
            logger.exception("Full-text search failed: %r", self.values["q"])
            self._reject(
                "q",
                _(
                    "Suche: Die Suche nach „%(value)s“ konnte nicht ausgeführt werden; "
                    "gezeigt werden die Vorlagen ohne Suche."
                ),
            )
            return self._page(number)

    def _page(self, number):
        paginator = Paginator(self.queryset(), PER_PAGE)
        try:
            page = paginator.page(number)
        except PageNotAnInteger:
            page = paginator.page(1)
        page.object_list = list(page.object_list)
        return page

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
    """Return the ids of live proposals matching ``query`` (words, see ``search_words``)
    in Wagtail's search index.

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
