"""Filters and full-text search of the proposals listing; every filter is a bookmarkable link."""

import datetime
import logging
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.paginator import PageNotAnInteger, Paginator
from django.db import DatabaseError, connection
from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast, ExtractYear, Substr
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from wagtail.models import Locale, Site

from integration_check.migration_helpers import INTEGRATION_CHECK
from integration_check.models import (
    Concept,
    FieldOfAction,
    Goal,
    GoalRating,
    GuidingPrinciple,
    ItemRule,
    PrincipleRating,
    Rating,
)
from integration_check.models.assessment import source_language
from integration_check.sites import default_site, site_of_page
from integration_check.templatetags.lang_tags import source_lang

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


@dataclass(frozen=True)
class ItemFilter:
    """A filter by one concept item: its parameter, model and the path to its concept."""

    name: str
    model: type
    concept_path: str
    #: The check's field saying whether it rates this kind of item.
    rule: str


#: The filters by concept item. A value names one item as "<concept slug>:<number>"
#: (e.g. ``steinfurt-2018-2021:3``); a bare number (the links of the first version)
#: means the item of the integration check's concept in force today.
ITEM_FILTERS = {
    item_filter.name: item_filter
    for item_filter in (
        ItemFilter("leitgedanke", GuidingPrinciple, "concept", "principles_rule"),
        ItemFilter("ziel", Goal, "field_of_action__concept", "goals_rule"),
        ItemFilter("handlungsfeld", FieldOfAction, "concept", "goals_rule"),
    )
}
#: Concepts whose items a filter value may name: adopted ones (offered in the form) and
#: superseded ones (older proposals were assessed against them).
FILTERABLE_STATUSES = [Concept.Status.ADOPTED, Concept.Status.SUPERSEDED]


def item_key(item, concept):
    """The filter value naming ``item`` of ``concept`` unambiguously."""
    return f"{concept.slug}:{item.number}"


@dataclass
class ChoiceGroup:
    """The items of one check's concept offered in a filter (an ``<optgroup>``)."""

    label: str
    #: `` lang="de" dir="ltr"`` where the label is German on a page in another language.
    lang_attrs: str = ""
    items: list = field(default_factory=list)


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
        #: The site (town) of the listing: its concepts and bodies are the filters' choices.
        self.site = Site.find_for_request(request) or site_of_page(source_index) or default_site()
        # The filters' concept items in the listing's language (None: the source language).
        self.default_locale = default
        self.reader_locale = index_page.locale if source_index.pk != index_page.pk else None
        self.base = visible_proposals(request.user).descendant_of(source_index)
        #: The concept item each item filter in use names (``{parameter: item}``).
        self.items = {}
        for name in ITEM_FILTERS:
            self._resolve_item(name)

    def _resolve_item(self, name):
        """Find the item the value of filter ``name`` names; leave the filter out with a
        message when there is none. The value becomes the item's unambiguous key."""
        value = self.values[name]
        if not value:
            return
        item_filter = ITEM_FILTERS[name]
        path = item_filter.concept_path
        slug, separator, number = value.partition(":")
        if not separator:
            # A bare number: the item of the integration check's concept in force.
            concept = (
                Concept.objects.of_site(self.site)
                .filter(assessment_check__slug=INTEGRATION_CHECK)
                .in_force_on(datetime.date.today())
            )
            slug, number = (concept.slug, value) if concept else ("", "")
        key = f"{slug}:{number}"
        # The form offers the items of adopted concepts (loaded for it anyway); a superseded
        # concept's items and retired ones are looked up.
        item = next((item for item in self._choice_items(name) if item.key == key), None)
        if item is None and slug:
            item = (
                item_filter.model.objects.filter(
                    locale__language_code=source_language(),
                    number=number,
                    **{
                        f"{path}__slug": slug,
                        f"{path}__status__in": FILTERABLE_STATUSES,
                        f"{path}__assessment_check__site": self.site,
                    },
                )
                .select_related(f"{path}__assessment_check")
                .first()
            )
        if item is None:
            self._reject(
                name,
                _(
                    "%(filter)s: „%(value)s“ ist kein Punkt eines beschlossenen Konzepts; "
                    "der Filter wird nicht angewandt."
                ),
                filter=self.labels()[name],
            )
            return
        self.items[name] = item
        self.values[name] = item_key(item, self._concept(name, item))

    @staticmethod
    def _concept(name, item):
        return item.field_of_action.concept if name == "ziel" else item.concept

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

    def _reject(self, name, message, **extra):
        self.messages.append(message % {"value": Truncator(self.values[name]).chars(60), **extra})
        self.values[name] = ""

    @staticmethod
    def labels():
        return {
            "leitgedanke": _("Leitgedanke"),
            "ziel": _("Ziel"),
            "handlungsfeld": _("Handlungsfeld"),
            "wirkung": _("Wirkung"),
            "gremium": _("Gremium"),
            "jahr": _("Jahr"),
            "art": _("Art"),
            "q": _("Suche"),
        }

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

    def _choice_items(self, name):
        """The items filter ``name`` offers: the live source-language items of adopted
        concepts whose check rates that kind of item, in the checks' order, each with its
        filter value (``key``) and its text in the reader's language (one query, kept)."""
        cache = self.__dict__.setdefault("_choices", {})
        if name in cache:
            return cache[name]
        item_filter = ITEM_FILTERS[name]
        path = item_filter.concept_path
        items = self._in_reader_language(
            item_filter.model.objects.filter(
                locale__language_code=source_language(),
                retired=False,
                **{
                    f"{path}__status": Concept.Status.ADOPTED,
                    f"{path}__assessment_check__site": self.site,
                },
            )
            .exclude(**{f"{path}__assessment_check__{item_filter.rule}": ItemRule.NONE})
            .select_related(f"{path}__assessment_check")
            .order_by(
                f"{path}__assessment_check__sort_order",
                f"{path}__assessment_check_id",
                f"{path}__valid_from",
                f"{path}_id",
                "sort_order",
            )
        )
        for item in items:
            item.key = item_key(item, self._concept(name, item))
        cache[name] = items
        return items

    def _grouped_choices(self, name):
        """Return a :class:`ChoiceGroup` per check (and concept, where a check has several
        adopted ones) of the items filter ``name`` offers."""
        items = self._choice_items(name)
        by_concept = {}
        for item in items:
            by_concept.setdefault(self._concept(name, item), []).append(item)
        concepts_per_check = {}
        for concept in by_concept:
            concepts_per_check.setdefault(concept.assessment_check_id, []).append(concept)
        groups = []
        for concept, concept_items in by_concept.items():
            name = concept.assessment_check.label
            label = _(name)
            # A check's name configured in German and not in the catalogues: marked so.
            lang_attrs = source_lang() if label == name else ""
            if len(concepts_per_check[concept.assessment_check_id]) > 1:
                label = f"{label} {concept.period_label}"
            groups.append(ChoiceGroup(label, lang_attrs, concept_items))
        return groups

    def principle_choices(self):
        return self._grouped_choices("leitgedanke")

    def goal_choices(self):
        return self._grouped_choices("ziel")

    def field_choices(self):
        return self._grouped_choices("handlungsfeld")

    def body_choices(self):
        """The site's bodies in the source language, their names in the reader's (kept)."""
        if "_bodies" not in self.__dict__:
            self._bodies = self._in_reader_language(
                Body.objects.filter(site=self.site, locale__language_code="de").order_by(
                    "sort_order", "name"
                ),
                "name",
            )
        return self._bodies

    def selected_body(self):
        """The body the listing is filtered by (its feeds are offered), else None."""
        slug = self.values["gremium"]
        return (
            next((body for body in self.body_choices() if body.slug == slug), None)
            if slug
            else None
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
        items = self.items
        if "leitgedanke" in items:
            # Every proposal rates every principle: without a chosen effect the filter
            # means "affects this principle", i.e. rated positive or negative.
            lookups = {"principle_id": items["leitgedanke"].pk}
            if v["wirkung"] not in RATING_PARAMS:
                lookups["effect__in"] = [Rating.POSITIVE, Rating.NEGATIVE]
            qs = qs.filter(self._rating_exists(PrincipleRating, **lookups))
        if "ziel" in items:
            qs = qs.filter(self._rating_exists(GoalRating, goal_id=items["ziel"].pk))
        if "handlungsfeld" in items:
            qs = qs.filter(
                self._rating_exists(GoalRating, goal__field_of_action_id=items["handlungsfeld"].pk)
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
                Exists(
                    Consultation.objects.filter(
                        page_id=OuterRef("pk"), body__slug=v["gremium"], body__site=self.site
                    )
                )
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
        """Return ``[(label, link without this filter)]`` for the filters in use; an item
        filter names the item's check and number."""
        labels = self.labels()
        active = []
        for name, value in self.values.items():
            if not value:
                continue
            item = self.items.get(name)
            if item is not None:
                check = self._concept(name, item).assessment_check
                label = f"{labels[name]} ({_(check.label)}): {item.number}"
            elif name == "q":
                # The reader's own words, in whatever script: isolated, direction auto.
                label = format_html("{}: <bdi>{}</bdi>", labels[name], value)
            else:
                label = f"{labels[name]}: {value}"
            active.append((label, "?" + self.querystring(exclude=(name, "seite"))))
        return active


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
