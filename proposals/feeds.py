"""Feeds of proposals: the newest public proposals (RSS), and per body (Gremium) the
proposals of its upcoming meetings as RSS and as an iCalendar file.

A body's feeds are public (the public proposals) or private: with a council member's
key (:class:`proposals.models.FeedKey`) in the address they list the site's non-public
proposals too, as long as the member may read them. Every feed is served in every
language: the proposals are German, shown in the reader's language where translated,
else in German marked ``xml:lang="de"`` (RSS) or ``LANGUAGE=de`` (iCalendar).
"""

import datetime
from urllib.parse import urlencode

import icalendar
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Locale, Site

from integration_check.display import summary_prefetch, summary_sections
from integration_check.sites import site_pages_q
from integration_check.translation import Localizer, localize_pages

from .models import Body, Consultation, FeedKey, ProposalIndexPage, ProposalPage, visible_proposals

#: Consultations a body's feed lists at most (the nearest meetings first).
UPCOMING_LIMIT = 200
CALENDAR_TIMEZONE = "Europe/Berlin"


# --- marking German text in a feed in another language ---------------------------------


class MarkedRssFeed(Rss201rev2Feed):
    """RSS 2.0 whose item elements may carry attributes, e.g. ``xml:lang="de"`` on a title
    shown in German in a feed in another language (``item["element_attrs"]``)."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(_AttributingHandler(handler, item.get("element_attrs")), item)


class _AttributingHandler:
    """Passes elements on to ``handler``, adding the attributes given for their name."""

    def __init__(self, handler, attrs):
        self.handler = handler
        self.attrs = attrs or {}

    def addQuickElement(self, name, contents=None, attrs=None):  # noqa: N802 (the SAX name)
        extra = self.attrs.get(name)
        self.handler.addQuickElement(name, contents, {**(attrs or {}), **extra} if extra else attrs)

    def __getattr__(self, name):
        return getattr(self.handler, name)


def shown_title(page):
    """Return ``(text, language code)`` of a proposal's title as a reader sees it: its
    translation in the active language where there is one (``localize_pages``), else German."""
    shown = getattr(page, "localized_page", page)
    text = f"{page.reference} {shown.title}".strip()
    german = shown.locale_id == page.locale_id and get_language() != settings.LANGUAGE_CODE
    return text, settings.LANGUAGE_CODE if german else None


def meeting_day(date):
    """A meeting's date as the reader's language writes it short."""
    return date_format(date, "SHORT_DATE_FORMAT")


def never_shared(response, private):
    """A feed is never kept by a shared cache: the private one is the member's alone, and a
    public proposal made non-public must drop out of the public one at once."""
    if private:
        patch_cache_control(response, private=True, no_store=True)
    else:
        patch_cache_control(response, no_cache=True)
    return response


# --- the newest public proposals -------------------------------------------------------


class ProposalFeed(Feed):
    """The 30 newest public, published proposals below an index page, in the index's
    language (the German proposals, under their addresses in that language)."""

    feed_type = MarkedRssFeed

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return never_shared(super().__call__(request, *args, **kwargs), private=False)

    def title(self):
        return self.index_page.title

    def link(self):
        return self.index_page.url

    def description(self):
        return _("Neue öffentliche Vorlagen mit ihren Prüfungen")

    def items(self):
        # The feed is public: what anyone may read, also when a council member asks.
        # Every language's feed lists the German proposals (as its listing does).
        source = self.index_page.source_index() or self.index_page
        # Not those behind a password or a login (Wagtail's privacy setting), as in OParl.
        proposals = ProposalPage.objects.live().public().descendant_of(source)
        items = list(
            visible_proposals(None, proposals)
            .order_by("-date", "-pk")
            .prefetch_related(*summary_prefetch())[:30]
        )
        return localize_pages(items, Locale.get_active())

    def item_title(self, item):
        return shown_title(item)[0]

    def item_extra_kwargs(self, item):
        # The description mixes the checks' names (translated) with German summaries.
        if shown_title(item)[1]:
            return {"element_attrs": {"title": {"xml:lang": settings.LANGUAGE_CODE}}}
        return {}

    def item_description(self, item):
        """The summary of each check, labelled with the check's name; a check the pre-check
        found not relevant says so, with its reason."""
        parts = []
        for section in summary_sections(item):
            name = _(section.check.name)
            if section.not_relevant:
                reason = section.assessment.not_relevant_reason
                text = _("Nicht relevant (Vorprüfung)") + (f": {reason}" if reason else "")
            else:
                text = section.assessment.summary
            if text:
                parts.append(f"{name}: {text}")
        return "\n\n".join(parts)

    def item_link(self, item):
        return item.reader_url or item.url


# --- a body's upcoming meetings ----------------------------------------------------------


class BodyFeedSource:
    """What a body's feeds show: the body of the request's site named by ``body_id`` and
    the consultations of its upcoming meetings whose proposals the reader may read.

    ``key`` is a council member's private key (None: the public feed). A body of another
    site, a wrong or revoked key, another site's key and a member who lost the role all
    raise ``Http404``: the answer tells nothing about what exists.
    """

    def __init__(self, request, body_id, key=None):
        self.request = request
        self.site = Site.find_for_request(request)
        self.private = key is not None
        self.user = None
        if self.site is None:
            raise Http404
        if self.private:
            self.user = FeedKey.reader(key, self.site)
            if self.user is None:
                raise Http404
        self.locale = Locale.get_active()
        self.default = Locale.get_default()
        body = Body.objects.filter(pk=body_id, site=self.site).first()
        if body is not None and body.locale_id != self.default.pk:
            # A translated body's id names the same body.
            body = Body.objects.filter(
                translation_key=body.translation_key, locale=self.default, site=self.site
            ).first()
        if body is None:
            raise Http404
        self.body = body
        loc = Localizer(self.locale, {Body: [body]}, self.default)
        self.body_name = loc.label(body).name
        self.body_lang = self.default.language_code if loc.is_fallback(body) else None

    def absolute(self, url):
        return f"{self.site.root_url}{url}" if url and url.startswith("/") else url

    def consultations(self):
        """The consultations of the body's meetings from today on (local date), nearest first,
        each with its proposal (``page``) pointed to the reader's language."""
        # A feed reader logs in nowhere: not the proposals behind a password or a login
        # (Wagtail's privacy setting), also in the private feeds.
        readable = visible_proposals(
            self.user if self.private else None, ProposalPage.objects.live().public()
        )
        consultations = list(
            Consultation.objects.filter(
                site_pages_q([self.site], prefix="page__"),
                body=self.body,
                meeting_date__gte=timezone.localdate(),
                page__live=True,
                page__locale=self.default,
                page__in=readable.values("pk"),
            )
            .select_related("page")
            .order_by("meeting_date", "page__reference", "pk")[:UPCOMING_LIMIT]
        )
        localize_pages([c.page for c in consultations], self.locale)
        return consultations

    def listing_url(self):
        """The proposals listing filtered by the body, in the reader's language."""
        indexes = ProposalIndexPage.objects.live().filter(site_pages_q([self.site]))
        index = (
            indexes.filter(locale=self.locale).first()
            or indexes.filter(locale=self.default).first()
        )
        if index is None:
            return self.absolute(reverse("bodies"))
        parts = index.get_url_parts(self.request)
        return self.absolute(f"{parts[2]}?{urlencode({'gremium': self.body.slug})}")

    def heading(self):
        return _("%(body)s: Vorlagen der kommenden Sitzungen") % {"body": self.body_name}

    def describe(self, consultation):
        """One line on a consultation: the meeting date, the body's role, the kind of
        proposal, and whether it is non-public."""
        page = consultation.page
        parts = [
            _("Sitzung am %(date)s") % {"date": meeting_day(consultation.meeting_date)},
            str(consultation.get_role_display()),
            str(page.get_kind_display()),
        ]
        if not page.is_public:
            parts.append(_("nichtöffentlich"))
        return " · ".join(parts)


class BodyRssFeed(Feed):
    """RSS of a body's upcoming meetings' proposals, one item per consultation."""

    feed_type = MarkedRssFeed

    def __init__(self, source):
        super().__init__()
        self.source = source

    def __call__(self, request, *args, **kwargs):
        return never_shared(super().__call__(request, *args, **kwargs), self.source.private)

    def title(self):
        return self.source.heading()

    def link(self):
        return self.source.listing_url()

    def description(self):
        if self.source.private:
            return _("Mit den nichtöffentlichen Vorlagen: nur für Sie bestimmt.")
        return _("Öffentliche Vorlagen der kommenden Sitzungen mit ihren Sitzungsterminen")

    def items(self):
        return self.source.consultations()

    def item_title(self, item):
        title = shown_title(item.page)[0]
        return f"{meeting_day(item.meeting_date)}: {title}"

    def item_description(self, item):
        return self.source.describe(item)

    def item_link(self, item):
        return self.source.absolute(item.page.reader_url)

    def item_guid(self, item):
        return f"urn:uuid:{item.translation_key}"

    def item_guid_is_permalink(self, item):
        return False

    def item_pubdate(self, item):
        return item.page.last_published_at

    def item_extra_kwargs(self, item):
        if shown_title(item.page)[1]:
            return {"element_attrs": {"title": {"xml:lang": settings.LANGUAGE_CODE}}}
        return {}


def body_rss(request, body_id, key=None):
    """RSS of a body's upcoming meetings; with ``key`` a council member's private feed."""
    return BodyRssFeed(BodyFeedSource(request, body_id, key))(request)


def body_calendar(request, body_id, key=None):
    """An iCalendar file of a body's upcoming meetings: an all-day event per consultation
    (the meetings have a date, no time) with the proposal's title and address."""
    source = BodyFeedSource(request, body_id, key)
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//{source.site.hostname}//Vorlagen//{get_language()}")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", source.heading())
    calendar.add("x-wr-timezone", CALENDAR_TIMEZONE)
    calendar.add("refresh-interval", datetime.timedelta(hours=6), parameters={"VALUE": "DURATION"})
    today = timezone.localdate()
    # The town's time zone, its rules for the years the events can fall in.
    calendar.add_component(
        icalendar.Timezone.from_tzid(
            CALENDAR_TIMEZONE,
            first_date=today.replace(month=1, day=1),
            last_date=today.replace(year=today.year + 3, month=1, day=1),
        )
    )
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    for consultation in source.consultations():
        page = consultation.page
        title, title_lang = shown_title(page)
        event = icalendar.Event()
        # The same consultation keeps its UID in every language and on every request.
        event.add("uid", f"{consultation.translation_key}@{source.site.hostname}")
        event.add("dtstamp", stamp)
        event.add("dtstart", consultation.meeting_date)
        event.add("dtend", consultation.meeting_date + datetime.timedelta(days=1))
        name_params = {"LANGUAGE": source.body_lang} if source.body_lang else {}
        summary_params = {"LANGUAGE": title_lang} if title_lang else name_params
        event.add("summary", f"{source.body_name}: {title}", parameters=summary_params)
        event.add("description", source.describe(consultation))
        event.add("url", source.absolute(page.reader_url))
        event.add("class", "PUBLIC" if page.is_public else "CONFIDENTIAL")
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="gremium-{source.body.slug}.ics"'
    return never_shared(response, source.private)
