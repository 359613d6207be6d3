"""``/oparl/v1.1/``: the OParl 1.1 endpoint, one System and one Body per site (town).

The endpoint serves the public view only, whoever asks: it never looks at a login, so a
council member's session does not bring a non-public proposal into it (OParl is an
interface for public data; its URLs must work without cookies).
"""

import datetime
import functools
import math
import re
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpResponse, JsonResponse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from wagtail.models import Site

from proposals.models import ProposalPage

from .models import ObjectRecord
from .queries import Town
from .serializers import Context, meeting_key
from .types import type_url

Kind = ObjectRecord.Kind

#: Ids beyond the database's integers name nothing.
MAX_ID = 2**63 - 1
DEFAULT_LIMIT = 50
MAX_LIMIT = 200
FILTERS = {
    "created_since": "o_created__gte",
    "created_until": "o_created__lte",
    "modified_since": "o_modified__gte",
    "modified_until": "o_modified__lte",
}
#: Parameters kept in the links of a list's pages, in this (canonical) order.
KEPT = (
    "created_since",
    "created_until",
    "limit",
    "modified_since",
    "modified_until",
    "omit_internal",
)


class BadParameter(Exception):
    pass


def _json(data, status=200):
    response = JsonResponse(
        data, status=status, json_dumps_params={"ensure_ascii": False, "indent": None}
    )
    response["Content-Type"] = "application/json; charset=utf-8"
    return response


def error(status, message, debug=""):
    return _json(
        {"type": type_url("Error"), "message": str(message), "debug": debug}, status=status
    )


def not_found():
    return error(404, _("Dieses Objekt gibt es hier nicht."))


def oparl_view(view):
    """Answer in JSON with CORS for GET and HEAD, errors as OParl error objects, in the
    language of the content (German), for the site the request's host names."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        elif request.method not in ("GET", "HEAD"):
            response = error(405, _("Die Schnittstelle beantwortet nur GET-Anfragen."))
            response["Allow"] = "GET, HEAD, OPTIONS"
        else:
            with translation.override(settings.LANGUAGE_CODE):
                site = Site.find_for_request(request)
                try:
                    if site is None or any(
                        isinstance(value, int) and value > MAX_ID for value in kwargs.values()
                    ):
                        raise Http404
                    town = Town(site)
                    ctx = Context(request, town, omit_internal=_omit_internal(request))
                    response = view(request, ctx, *args, **kwargs)
                except BadParameter as problem:
                    response = error(400, problem.args[0], debug=problem.args[1])
                except (Http404, ObjectDoesNotExist):
                    response = not_found()
        response["Access-Control-Allow-Origin"] = "*"
        # A shared cache (a CDN in front) asks again each time: publishing purges a
        # proposal's page there, not the endpoint's addresses of a proposal made non-public.
        patch_cache_control(response, no_cache=True)
        return response

    return wrapper


def _omit_internal(request):
    return request.GET.get("omit_internal", "").lower() == "true"


def _bad_moment(name, value, debug):
    message = _(
        "„%(value)s“ ist für %(parameter)s kein Zeitpunkt nach ISO 8601; "
        "erwartet wird z. B. 2024-01-31T12:00:00+01:00."
    ) % {"value": value, "parameter": name}
    return BadParameter(message, debug)


def parse_moment(name, value):
    """A filter's date-time (ISO 8601); a ``+`` sent unencoded arrives as a space."""
    text = value.strip()
    text = re.sub(r" (\d\d:?\d\d)$", r"+\1", text)
    try:
        moment = parse_datetime(text)
    except ValueError:
        moment = None
    if moment is None:
        raise _bad_moment(name, value, f"{name}={value!r}")
    try:
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        moment.astimezone(datetime.UTC)  # what the database compares
    except (OverflowError, ValueError):
        raise _bad_moment(name, value, f"{name}={value!r} is out of range") from None
    return moment


def parse_positive(name, value, default):
    if value is None:
        return default
    if not re.fullmatch(r"\s*[0-9]{1,9}\s*", value) or int(value) < 1:
        raise BadParameter(
            _("„%(value)s“ ist für %(parameter)s keine ganze Zahl ab 1.")
            % {"value": value, "parameter": name},
            f"{name}={value!r}",
        )
    return int(value)


# --- lists ----------------------------------------------------------------------------

LISTS = {
    "organization": Kind.ORGANIZATION,
    "meeting": Kind.MEETING,
    "paper": Kind.PAPER,
    "agendaItem": Kind.AGENDA_ITEM,
    "consultation": Kind.CONSULTATION,
    "file": Kind.FILE,
}
EMPTY_LISTS = ("person", "membership", "legislativeTerm")


def _serialize(ctx, kind, objects):
    if kind == Kind.PAPER:
        return ctx.papers(objects)
    if kind == Kind.ORGANIZATION:
        return ctx.organizations(objects)
    if kind == Kind.MEETING:
        return ctx.meetings(objects)
    if kind == Kind.AGENDA_ITEM:
        return ctx.agenda_items(objects)
    if kind == Kind.CONSULTATION:
        return ctx.consultations(objects)
    return ctx.files(objects)


def _prepared(ctx, kind, queryset):
    """The list's queryset with what serializing its objects needs loaded up front."""
    if kind == Kind.PAPER:
        return queryset.prefetch_related(*ProposalPage.display_prefetch())
    if kind == Kind.AGENDA_ITEM:
        return queryset.select_related("page")
    return queryset


def _tombstone(ctx, kind, record):
    name, object_type = NAMES[kind]
    if kind == Kind.MEETING:
        key = meeting_key(record["body_id"], record["meeting_date"])
        return ctx.deleted(name, object_type, key, record["o_created"], record["o_modified"])
    # The properties the schemas require stay (an agenda item's order, a file's address).
    extra = {}
    if kind == Kind.AGENDA_ITEM:
        extra["order"] = record.position or 1
    elif kind == Kind.FILE:
        extra["accessUrl"] = ctx.absolute(record.access_path) or ctx.url("file", record.object_id)
    return ctx.deleted(
        name, object_type, record.object_id, record.o_created, record.o_modified, **extra
    )


NAMES = {
    Kind.PAPER: ("paper", "Paper"),
    Kind.ORGANIZATION: ("organization", "Organization"),
    Kind.MEETING: ("meeting", "Meeting"),
    Kind.AGENDA_ITEM: ("agendaItem", "AgendaItem"),
    Kind.CONSULTATION: ("consultation", "Consultation"),
    Kind.FILE: ("file", "File"),
}


def _list_response(request, ctx, url, live, dead, serialize, tombstone):
    """One page of a list: the live objects by id, then (with ``modified_since``) the
    deleted ones by id; the filters, ``limit`` and ``omit_internal`` kept in the links."""
    filters = {}
    for name, lookup in FILTERS.items():
        if name in request.GET:
            filters[lookup] = parse_moment(name, request.GET[name])
    limit = min(parse_positive("limit", request.GET.get("limit"), DEFAULT_LIMIT), MAX_LIMIT)
    number = parse_positive("page", request.GET.get("page"), 1)
    if live is not None:
        live = live.filter(**filters)
    with_deleted = "modified_since" in request.GET and dead is not None
    dead = dead.filter(**filters) if with_deleted else None
    live_count = live.count() if live is not None else 0
    total = live_count + (dead.count() if dead is not None else 0)
    pages = max(1, math.ceil(total / limit))
    if number > pages:
        raise Http404
    start, end = (number - 1) * limit, number * limit
    data = []
    if live is not None and start < live_count:
        data = serialize(live[start:end])
    if dead is not None and end > live_count:
        first = max(0, start - live_count)
        data += [tombstone(row) for row in dead[first : end - live_count]]
    kept = [(name, request.GET[name]) for name in KEPT if name in request.GET and name != "limit"]
    if "limit" in request.GET:
        kept.append(("limit", str(limit)))
    kept.sort()

    def link(page):
        params = kept + ([("page", str(page))] if page > 1 else [])
        return url + (f"?{urlencode(sorted(params))}" if params else "")

    links = {"first": link(1), "self": link(number), "last": link(pages)}
    if number > 1:
        links["prev"] = link(number - 1)
    if number < pages:
        links["next"] = link(number + 1)
    return _json(
        {
            "data": data,
            "pagination": {
                "totalElements": total,
                "elementsPerPage": limit,
                "currentPage": number,
                "totalPages": pages,
            },
            "links": links,
        }
    )


def _check_body(ctx, body_id):
    if body_id != ctx.site.pk:
        raise Http404


@oparl_view
def system(request, ctx):
    return _json(ctx.system())


@oparl_view
def bodies(request, ctx):
    return _list_response(
        request,
        ctx,
        ctx.url("body_list"),
        _SingleList(ctx.body()),
        None,
        lambda items: list(items),
        None,
    )


class _SingleList:
    """The list of the one Body: filtered by its times in Python."""

    def __init__(self, body, keep=True):
        self.body = body
        self.keep = keep

    def filter(self, **filters):
        created = (
            datetime.datetime.fromisoformat(self.body["created"])
            if "created" in self.body
            else None
        )
        modified = (
            datetime.datetime.fromisoformat(self.body["modified"])
            if "modified" in self.body
            else None
        )
        keep = self.keep
        for lookup, moment in filters.items():
            value = created if lookup.startswith("o_created") else modified
            if value is None:
                continue
            keep = keep and (value >= moment if lookup.endswith("gte") else value <= moment)
        return _SingleList(self.body, keep)

    def count(self):
        return 1 if self.keep else 0

    def __getitem__(self, item):
        return [self.body][item] if self.keep else []


@oparl_view
def body(request, ctx, body_id):
    _check_body(ctx, body_id)
    return _json(ctx.body())


@oparl_view
def body_objects(request, ctx, body_id, name):
    _check_body(ctx, body_id)
    url = ctx.url(f"body_{name}", body_id)
    if name in EMPTY_LISTS:
        return _list_response(request, ctx, url, None, None, None, None)
    kind = LISTS[name]
    town = ctx.town
    return _list_response(
        request,
        ctx,
        url,
        _prepared(ctx, kind, town.live(kind)),
        town.deleted(kind),
        lambda objects: _serialize(ctx, kind, objects),
        lambda record: _tombstone(ctx, kind, record),
    )


# --- single objects -------------------------------------------------------------------


def _object(ctx, kind, lookup, dead_lookup):
    town = ctx.town
    found = list(_prepared(ctx, kind, town.live(kind)).filter(**lookup)[:1])
    if found:
        return _json(_serialize(ctx, kind, found)[0])
    record = town.deleted(kind).filter(**dead_lookup).first()
    if record is None:
        raise Http404
    return _json(_tombstone(ctx, kind, record))


def _single(kind):
    @oparl_view
    def view(request, ctx, pk):
        return _object(ctx, kind, {"pk": pk}, {"object_id": pk})

    view.__name__ = f"{kind}_detail"
    return view


paper = _single(Kind.PAPER)
organization = _single(Kind.ORGANIZATION)
agenda_item = _single(Kind.AGENDA_ITEM)
consultation = _single(Kind.CONSULTATION)
file = _single(Kind.FILE)


@oparl_view
def meeting(request, ctx, key):
    match = re.fullmatch(r"([0-9]{1,18})-([0-9]{4}-[0-9]{2}-[0-9]{2})", key)
    if match is None:
        raise Http404
    try:
        day = datetime.date.fromisoformat(match[2])
    except ValueError:
        raise Http404 from None
    lookup = {"body_id": int(match[1]), "meeting_date": day}
    return _object(ctx, Kind.MEETING, lookup, lookup)
