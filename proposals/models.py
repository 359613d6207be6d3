"""Council proposals (Vorlagen), the bodies that deliberate them, and their listing.

Names and meaning follow OParl 1.1: a proposal is a *Paper* with a reference
number, kind and date; its *Consultations* name the body (*Organization*),
the meeting date, the role of the body and the result.
"""

import datetime
import hashlib
import hmac
import re
import secrets

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q, Subquery, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.forms.pages import CopyForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from home.models import GroupSite
from home.towns import site_pages_q
from integration_check.api import assessments_api_field
from integration_check.assessment import is_readable
from integration_check.forms import AssessablePageForm
from integration_check.models import AssessablePageMixin, Outcome
from integration_check.panels import assessment_tab
from integration_check.sites import default_site_id
from integration_check.templatetags.lang_tags import source_lang

REFERENCE_PATTERN = getattr(
    settings, "PROPOSAL_REFERENCE_PATTERN", r"^[0-9]{4}/[0-9]{3,4}(/[0-9]{1,2})?$"
)
REFERENCE_EXAMPLE = getattr(
    settings, "PROPOSAL_REFERENCE_EXAMPLE", "2024/017 (Ergänzung: 2024/017/1)"
)
NONPUBLIC_PERMISSION = "proposals.view_nonpublic_proposal"
MISSING_REFERENCE = _("Die Drucksachen-Nr. fehlt.")


def nonpublic_site_ids(user):
    """Return the ids of the sites whose non-public proposals ``user`` may read (see
    :func:`can_view_nonpublic`; superusers: every site's, not listed here), kept on the
    user object for the request."""
    if not (user and user.is_authenticated and user.is_active):
        return frozenset()
    cached = getattr(user, "_nonpublic_site_ids", None)
    if cached is None:
        app_label, codename = NONPUBLIC_PERMISSION.split(".")
        cached = frozenset(
            GroupSite.objects.filter(
                group__user=user,
                group__permissions__content_type__app_label=app_label,
                group__permissions__codename=codename,
            ).values_list("site_id", flat=True)
        )
        user._nonpublic_site_ids = cached
    return cached


def can_view_nonpublic(user, site) -> bool:
    """Whether ``user`` may read the non-public proposals of ``site`` (a town's council
    members and administration).

    True for superusers, and for users who hold ``proposals.view_nonpublic_proposal``
    through a group bound to ``site`` (``home.models.GroupSite``). The permission granted
    to the user directly, or through a group bound to no site or to another site, grants
    it for no site: non-public proposals of one town never reach another town's users.
    """
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    site_id = getattr(site, "pk", site)
    return site_id is not None and site_id in nonpublic_site_ids(user)


class Body(TranslatableMixin, models.Model):
    """A body of the council (Gremium): the council or one of its committees.

    A body belongs to a site (town); its slug (``?gremium=rat``) is unique per site and
    language.
    """

    class Kind(models.TextChoices):
        COUNCIL = "council", _("Rat")
        COMMITTEE = "committee", _("Ausschuss")
        OTHER = "other", _("sonstiges Gremium")

    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("Website"),
        on_delete=models.PROTECT,
        related_name="bodies",
        default=default_site_id,
        help_text=_("Die Gemeinde (Website), zu deren Rat das Gremium gehört."),
    )
    name = models.CharField(_("Name"), max_length=255)
    short_name = models.CharField(_("Kurzname"), max_length=50, blank=True)
    slug = models.SlugField(_("Kennung"), max_length=100)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices, default=Kind.COMMITTEE)
    sort_order = models.IntegerField(_("Reihenfolge"), default=0)
    active = models.BooleanField(_("aktiv"), default=True)
    #: The OParl id (URL) of the Organization this body was imported from (``oparl.importer``).
    oparl_id = models.CharField(max_length=500, blank=True, default="", editable=False)

    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("short_name"),
        SynchronizedField("site"),
        SynchronizedField("slug"),
        SynchronizedField("kind"),
        SynchronizedField("sort_order"),
    ]

    panels = [
        FieldPanel("site"),
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("short_name"), FieldPanel("slug")]),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("sort_order"), FieldPanel("active")]),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("Gremium")
        verbose_name_plural = _("Gremien")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "slug", "locale"], name="unique_body_slug_per_site_and_locale"
            ),
            models.UniqueConstraint(
                fields=["site", "oparl_id", "locale"],
                condition=~Q(oparl_id=""),
                name="unique_body_oparl_id_per_site_and_locale",
            ),
        ]

    def __str__(self):
        return self.name


class ProposalIndexPage(RoutablePageMixin, Page):
    """The list of published proposals (``/vorlagen/``) with filters and search."""

    intro = models.TextField(_("Einleitung"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["proposals.ProposalPage"]
    parent_page_types = ["home.HomePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("Vorlagen-Übersicht")
        verbose_name_plural = _("Vorlagen-Übersichten")

    @path("")
    def listing(self, request):
        from .listing import ProposalFilter

        proposal_filter = ProposalFilter(request, self)
        try:
            proposals = proposal_filter.page(request.GET.get("seite", 1))
        except EmptyPage:
            raise Http404 from None
        # Every language's listing shows the German proposals; a translated listing
        # links them under its own address (see ``route``).
        base = self.get_url(request) if proposal_filter.source_index.pk != self.pk else None
        for proposal in proposals.object_list:
            proposal.reader_url = f"{base}{proposal.slug}/" if base else proposal.get_url(request)
        return self.render(
            request,
            context_overrides={
                "proposals": proposals,
                "filter": proposal_filter,
                "page_querystring": proposal_filter.querystring(exclude=("seite",)),
            },
        )

    @path("feed/")
    def feed(self, request):
        from .feeds import ProposalFeed

        return ProposalFeed(self)(request)

    # Proposals are written and decided in German. In another language the
    # proposals index serves each German proposal that has no translation of its
    # own under its address (``/en/vorlagen/<slug>/``): the page around it, the
    # concept items' titles and the ratings in the reader's language, the
    # proposal's own texts in German, marked as such.
    serves_source_children = True

    def route(self, request, path_components):
        try:
            return super().route(request, path_components)
        except Http404:
            source = self.source_index()
            if not path_components or source is None:
                raise
            child = source.get_children().live().filter(slug=path_components[0]).specific().first()
            if not isinstance(child, ProposalPage):
                raise
            # A proposal translated after all is served in its translation.
            translated = child.get_translation_or_none(self.locale)
            if translated is not None and translated.live:
                child = translated.specific
            return child.route(request, path_components[1:])

    def source_index(self, default=None):
        """The index in the source language when this one is a translation, else None."""
        default = default or Locale.get_default()
        if self.locale_id == default.pk:
            return None
        return self.get_translation_or_none(default)


class ProposalPageForm(AssessablePageForm):
    """The proposal editor: publishing or submitting also needs the reference number.

    Without this check the publish guard would refuse the page only after the
    form was accepted, and the editor would see a server error. Its consultations
    name bodies of its own site (town).
    """

    def is_valid(self):
        valid = super().is_valid()
        site_id = self.instance.get_assessment_site_id()
        consultations = self.formsets.get("consultations")
        for form in consultations.forms if consultations is not None else ():
            body = (getattr(form, "cleaned_data", None) or {}).get("body")
            if body is not None and site_id is not None and body.site_id != site_id:
                form.add_error(
                    "body",
                    _("„%(body)s“ ist ein Gremium einer anderen Website.") % {"body": body},
                )
                valid = False
        return valid

    def clean(self):
        cleaned_data = super().clean()
        if (
            not self.is_deferred_validation
            and not self._is_sending_back()
            and not cleaned_data.get("reference")
        ):
            self.add_error("reference", MISSING_REFERENCE)
        return cleaned_data


class ProposalCopyForm(CopyForm):
    """Copying a proposal makes a draft: the copy needs its own reference before it goes live.

    The reference is not copied (it is unique), so neither "publish the copy"
    nor an alias (which would share the reference) is offered.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.pop("publish_copies", None)
        self.fields.pop("alias", None)


class AttachmentLinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Bezeichnung"), max_length=255)
    url = blocks.URLBlock(label=_("Adresse"), max_length=1000)

    class Meta:
        label = _("Link zu einer Anlage")
        icon = "link"


class ProposalPage(AssessablePageMixin, Page):
    """A council proposal (Vorlage, Drucksache) with its compatibility assessment."""

    class Kind(models.TextChoices):
        RESOLUTION = "beschlussvorlage", _("Beschlussvorlage")
        INFORMATION = "mitteilungsvorlage", _("Mitteilungsvorlage")
        REPORT = "berichtsvorlage", _("Berichtsvorlage")
        MOTION = "antrag", _("Antrag")
        QUESTION = "anfrage", _("Anfrage")

    reference = models.CharField(
        _("Drucksachen-Nr."),
        max_length=30,
        blank=True,
        db_index=True,
        help_text=_("Eindeutig, Form JJJJ/NNN, z. B. %(example)s.")
        % {"example": REFERENCE_EXAMPLE},
    )
    kind = models.CharField(
        _("Art der Vorlage"), max_length=30, choices=Kind.choices, default=Kind.RESOLUTION
    )
    date = models.DateField(_("Datum"), default=datetime.date.today, db_index=True)
    lead_department = models.CharField(_("federführend"), max_length=255, blank=True)
    is_public = models.BooleanField(
        _("öffentlich"),
        default=True,
        db_index=True,
        help_text=_(
            "Nichtöffentliche Vorlagen sind nur für angemeldete Ratsmitglieder und die "
            "Verwaltung sichtbar."
        ),
    )
    facts = RichTextField(_("Sachverhalt"), blank=True)
    proposed_resolution = RichTextField(_("Beschlussvorschlag"), blank=True)
    financial_effects = RichTextField(_("Finanzielle Auswirkungen"), blank=True)
    #: Attachments kept where they are published (the council information system),
    #: linked instead of stored as documents: written by the OParl import
    #: (``oparl.importer``), which keeps them up to date; not in the editor.
    attachment_links = StreamField(
        [("link", AttachmentLinkBlock())],
        verbose_name=_("Anlagen als Links"),
        blank=True,
    )

    parent_page_types = ["proposals.ProposalIndexPage"]
    subpage_types = []
    base_form_class = ProposalPageForm
    #: The read-only API shows each check's assessment of a proposal it serves (the
    #: pages endpoint leaves out non-public proposals: ``cms.api``).
    api_fields = [assessments_api_field()]
    copy_form_class = ProposalCopyForm
    exclude_fields_in_copy = ["reference"]

    search_fields = Page.search_fields + [
        index.SearchField("reference"),
        index.SearchField("facts"),
        index.SearchField("proposed_resolution"),
        index.FilterField("is_public"),
        index.FilterField("date"),
        index.FilterField("kind"),
    ]

    override_translatable_fields = [
        SynchronizedField("reference"),
        SynchronizedField("lead_department"),
    ]

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("reference"), FieldPanel("kind"), FieldPanel("date")]),
                FieldRowPanel([FieldPanel("lead_department"), FieldPanel("is_public")]),
            ],
            heading=_("Kopfdaten"),
        ),
        FieldPanel("facts"),
        FieldPanel("proposed_resolution"),
        FieldPanel("financial_effects"),
        InlinePanel("attachments", heading=_("Anlagen"), label=_("Anlage")),
        InlinePanel("consultations", heading=_("Beratungsfolge"), label=_("Beratung")),
    ]

    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Vorlage")),
            assessment_tab(),
            ObjectList(Page.promote_panels, heading=_("Veröffentlichung")),
            ObjectList(Page.settings_panels, heading=_("Einstellungen")),
        ]
    )

    class Meta:
        verbose_name = _("Vorlage")
        verbose_name_plural = _("Vorlagen")
        permissions = [("view_nonpublic_proposal", _("Kann nichtöffentliche Vorlagen lesen"))]

    def clean(self):
        super().clean()
        errors = {}
        if self.title and not is_readable(self.title):
            # Only invisible characters, spaces or punctuation: as good as no title.
            errors["title"] = forms.Field.default_error_messages["required"]
        if self.reference:
            if not re.match(REFERENCE_PATTERN, self.reference):
                errors["reference"] = _(
                    "„%(value)s“ ist keine gültige Drucksachen-Nr.; erwartet wird die Form "
                    "JJJJ/NNN, z. B. %(example)s."
                ) % {"value": self.reference, "example": REFERENCE_EXAMPLE}
            else:
                # Each town numbers its own Drucksachen.
                clash = (
                    ProposalPage.objects.filter(reference=self.reference, locale_id=self.locale_id)
                    .filter(site_pages_q([self.get_assessment_site_id()]))
                    .exclude(translation_key=self.translation_key)
                    .first()
                )
                if clash is not None:
                    errors["reference"] = _(
                        "Die Drucksachen-Nr. %(value)s ist schon vergeben (Vorlage „%(title)s“)."
                    ) % {"value": self.reference, "title": clash.title}
        if errors:
            raise ValidationError(errors)

    assessment_date_field = "date"
    assessment_kind_field = "kind"

    def get_assessment_date(self):
        return self.date

    def get_assessment_kind(self):
        return self.kind

    @classmethod
    def decision_date_expression(cls):
        """The meeting date of the deciding body's decision, else the proposal's date."""
        decided = Consultation.objects.filter(
            page_id=OuterRef("pk"),
            role=Consultation.Role.DECISION,
            result__in=Consultation.DECIDED_RESULTS,
            meeting_date__isnull=False,
        ).order_by("-meeting_date")
        return Coalesce(Subquery(decided.values("meeting_date")[:1]), models.F("date"))

    def get_reference(self):
        return f"{self.reference} „{self.title}“" if self.reference else self.title

    @classmethod
    def assessment_kind_choices(cls):
        return cls.Kind.choices

    def get_page_problems(self):
        return [str(MISSING_REFERENCE)] if not self.reference else []

    @classmethod
    def tally_dependencies(cls):
        return [Consultation]

    @classmethod
    def public_tally_queryset(cls, outcome=Outcome.ADOPTED):
        """Public proposals in the source language: those the deciding body adopted (also
        with changes), those it rejected and did not adopt, or (``outcome`` None) all."""
        qs = (
            super()
            .public_tally_queryset(outcome=None)
            .exclude(pk__in=nonpublic_proposals().values("pk"))
        )
        if outcome is None:
            return qs
        adopted = Exists(
            Consultation.objects.filter(
                page_id=OuterRef("pk"),
                role=Consultation.Role.DECISION,
                result__in=Consultation.ADOPTED_RESULTS,
            )
        )
        if outcome == Outcome.ADOPTED:
            return qs.filter(adopted)
        rejected = Exists(
            Consultation.objects.filter(
                page_id=OuterRef("pk"),
                role=Consultation.Role.DECISION,
                result=Consultation.Result.REJECTED,
            )
        )
        return qs.filter(rejected).exclude(adopted)

    @staticmethod
    def display_prefetch():
        """What the proposal page and the council members' area show of each proposal:
        one query per kind of row, the item each row refers to joined in."""
        from integration_check.display import assessment_prefetch

        order = ("sort_order", "pk")
        return [
            *assessment_prefetch(),
            Prefetch("consultations", Consultation.objects.select_related("body").order_by(*order)),
            Prefetch(
                "attachments",
                ProposalAttachment.objects.select_related("document").order_by(*order),
            ),
        ]

    def get_context(self, request, *args, **kwargs):
        from integration_check.progress import Localizer

        prefetch_related_objects([self], *self.display_prefetch())
        context = super().get_context(request, *args, **kwargs)
        index = self._parent()
        if translation.get_language() != settings.LANGUAGE_CODE:
            # Served in another language: the concept items in it, the proposal's own
            # texts German and marked so, the way back to that language's listing.
            active = Locale.get_active()
            context["loc"] = Localizer.for_assessments([self], active)
            context["text_lang"] = source_lang()
            index = index.get_translation_or_none(active) or index
        context["index_url"] = index.get_url(request)
        return context

    def _parent(self):
        if not hasattr(self, "_parent_page"):
            self._parent_page = self.get_parent()
        return self._parent_page

    def language_versions(self, request=None):
        """Return ``{language code: url}``: the page's own translations and, in every
        language the proposals index has, the address it is served under there."""
        parent = self._parent()
        versions, served = {}, {}
        related = (
            Page.objects.live()
            .filter(translation_key__in=[self.translation_key, parent.translation_key])
            .select_related("locale")
        )
        for page in related:
            url = page.get_url(request)
            if not url:
                continue
            code = page.locale.language_code
            if page.translation_key == self.translation_key:
                versions[code] = url
            else:
                served[code] = f"{url}{self.slug}/"
        for code, url in served.items():
            versions.setdefault(code, url)
        return versions

    def can_be_read_by(self, user) -> bool:
        """Whether ``user`` may read the proposal: a public one anybody, a non-public one
        (in any language, see :func:`nonpublic_proposals`) who may read the non-public
        proposals of its site (:func:`can_view_nonpublic`)."""
        nonpublic = ProposalPage.objects.filter(
            translation_key=self.translation_key, is_public=False
        ).exists()
        return not nonpublic or can_view_nonpublic(user, self.get_assessment_site_id())

    def serve(self, request, *args, **kwargs):
        # A non-public proposal answers exactly like a page that does not exist.
        if not self.can_be_read_by(request.user):
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_sitemap_urls(self, request=None):
        if not self.can_be_read_by(None):
            return []
        return super().get_sitemap_urls(request)


def nonpublic_proposals():
    """Return every proposal that is non-public in any of its languages, drafts included.

    A translation keeps the values of its last synchronisation: while a proposal is
    non-public in one language, none of its versions counts as public.
    """
    return ProposalPage.objects.filter(
        translation_key__in=ProposalPage.objects.filter(is_public=False).values("translation_key")
    )


def visible_proposals(user, queryset=None):
    """Return the proposals of ``queryset`` (default: the live ones) ``user`` may read: the
    public ones, and the non-public ones of the sites whose non-public proposals the user
    may read (:func:`can_view_nonpublic`). Not limited to one site: a listing limits it to
    its own tree."""
    qs = ProposalPage.objects.live() if queryset is None else queryset
    if user is not None and user.is_authenticated and user.is_active and user.is_superuser:
        return qs
    public = Q(is_public=True) & ~Q(pk__in=nonpublic_proposals().values("pk"))
    site_ids = nonpublic_site_ids(user)
    if not site_ids:
        return qs.filter(public)
    return qs.filter(public | site_pages_q(site_ids))


class Consultation(TranslatableMixin, Orderable):
    """One step of the consultation sequence (Beratungsfolge) of a proposal."""

    class Role(models.TextChoices):
        PRELIMINARY = "vorberatung", _("Vorberatung")
        DECISION = "entscheidung", _("Entscheidung")
        NOTICE = "kenntnisnahme", _("Kenntnisnahme")

    class Result(models.TextChoices):
        OPEN = "offen", _("offen")
        ADOPTED = "beschlossen", _("beschlossen")
        ADOPTED_WITH_CHANGES = "geaendert", _("mit Änderungen beschlossen")
        REJECTED = "abgelehnt", _("abgelehnt")
        DEFERRED = "vertagt", _("vertagt")
        WITHDRAWN = "zurueckgezogen", _("zurückgezogen")
        NOTED = "zur_kenntnis", _("zur Kenntnis genommen")

    ADOPTED_RESULTS = [Result.ADOPTED, Result.ADOPTED_WITH_CHANGES]
    DECIDED_RESULTS = [*ADOPTED_RESULTS, Result.REJECTED]

    page = ParentalKey(ProposalPage, on_delete=models.CASCADE, related_name="consultations")
    body = models.ForeignKey(
        Body, verbose_name=_("Gremium"), on_delete=models.PROTECT, related_name="consultations"
    )
    meeting_date = models.DateField(_("Sitzungsdatum"), null=True, blank=True)
    role = models.CharField(
        _("Rolle"), max_length=20, choices=Role.choices, default=Role.PRELIMINARY
    )
    result = models.CharField(
        _("Ergebnis"), max_length=20, choices=Result.choices, default=Result.OPEN, db_index=True
    )

    translatable_fields = [
        SynchronizedField("body"),
        SynchronizedField("meeting_date"),
        SynchronizedField("role"),
        SynchronizedField("result"),
    ]

    panels = [
        FieldRowPanel([FieldPanel("body"), FieldPanel("meeting_date")]),
        FieldRowPanel([FieldPanel("role"), FieldPanel("result")]),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("Beratung")
        verbose_name_plural = _("Beratungsfolge")
        ordering = ["sort_order"]

    @property
    def is_decided(self):
        return self.role == self.Role.DECISION and self.result in self.DECIDED_RESULTS


class ProposalAttachment(TranslatableMixin, Orderable):
    """A document attached to a proposal (Anlage)."""

    page = ParentalKey(ProposalPage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("Dokument"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(
        _("Bezeichnung"), max_length=255, blank=True, help_text=_("Leer: Titel des Dokuments.")
    )

    translatable_fields = [SynchronizedField("document"), TranslatableField("title")]
    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("Anlage")
        verbose_name_plural = _("Anlagen")
        ordering = ["sort_order"]

    @property
    def display_title(self):
        return self.title or self.document.title


def feed_key_hash(key: str) -> str:
    """The SHA-256 of a feed key, as stored: the key itself is kept nowhere."""
    return hashlib.sha256(key.encode()).hexdigest()


class FeedKey(models.Model):
    """A council member's private key to the feeds of the bodies of one site (town).

    The private feeds list the non-public proposals too. Only the key's hash is stored;
    the key is shown once, when it is made. A member renews it (the old one stops
    working) or revokes it; the feeds check on every request that the member may still
    read the site's non-public proposals (:func:`can_view_nonpublic`).
    """

    #: Random bytes in a key (43 characters in the address).
    KEY_BYTES = 32

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Benutzer"),
        on_delete=models.CASCADE,
        related_name="feed_keys",
    )
    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("Website"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    key_hash = models.CharField(_("Prüfsumme des Schlüssels"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("erzeugt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Feed-Schlüssel")
        verbose_name_plural = _("Feed-Schlüssel")
        constraints = [
            models.UniqueConstraint(fields=["user", "site"], name="one_feed_key_per_user_and_site")
        ]

    def __str__(self):
        return f"{self.user} ({self.site})"

    @classmethod
    def renew(cls, user, site) -> str:
        """Make a new key for ``user`` on ``site`` in place of any earlier one; return the
        key (the only time it is known)."""
        key = secrets.token_urlsafe(cls.KEY_BYTES)
        cls.objects.update_or_create(
            user=user, site=site, defaults={"key_hash": feed_key_hash(key)}
        )
        return key

    @classmethod
    def revoke(cls, user, site) -> bool:
        """Delete the key of ``user`` on ``site``; whether there was one."""
        deleted, _rows = cls.objects.filter(user=user, site=site).delete()
        return bool(deleted)

    @classmethod
    def reader(cls, key, site):
        """Return the user whose key ``key`` is on ``site`` and who may still read the site's
        non-public proposals, else None (a wrong, revoked or other site's key, or a
        member who lost the role)."""
        if not key or len(key) > 100:
            return None
        digest = feed_key_hash(key)
        found = cls.objects.filter(key_hash=digest).select_related("user").first()
        if found is None or not hmac.compare_digest(found.key_hash, digest):
            return None
        if found.site_id != getattr(site, "pk", site):
            return None
        if not can_view_nonpublic(found.user, site):
            return None
        return found.user


class OparlSource(models.Model):
    """A town's council information system read by the OParl import (``import_oparl``).

    ``last_sync`` is when the last complete run began: the next run asks for the papers
    modified since then (``modified_since``). A run that stops early leaves it, so the
    next run reads the rest again.
    """

    class Attachments(models.TextChoices):
        DOCUMENTS = "documents", _("als Dokumente herunterladen")
        LINKS = "links", _("als Links übernehmen")

    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("Website"),
        on_delete=models.CASCADE,
        related_name="oparl_sources",
    )
    url = models.URLField(_("Adresse der OParl-Schnittstelle"), max_length=500)
    body = models.CharField(
        _("Körperschaft (OParl-Body)"),
        max_length=500,
        blank=True,
        help_text=_("Nur nötig, wenn das System mehrere Körperschaften anbietet."),
    )
    attachments = models.CharField(
        _("Anlagen"), max_length=20, choices=Attachments.choices, default=Attachments.DOCUMENTS
    )
    active = models.BooleanField(_("aktiv"), default=True)
    last_sync = models.DateTimeField(null=True, blank=True, editable=False)
    last_run = models.DateTimeField(_("letzter Lauf"), null=True, blank=True, editable=False)
    last_report = models.TextField(_("Bericht des letzten Laufs"), blank=True, editable=False)

    panels = [
        FieldPanel("site"),
        FieldPanel("url"),
        FieldPanel("body"),
        FieldPanel("attachments"),
        FieldPanel("active"),
    ]

    class Meta:
        verbose_name = _("OParl-Quelle")
        verbose_name_plural = _("OParl-Quellen")
        constraints = [
            models.UniqueConstraint(fields=["site", "url"], name="unique_oparl_source_per_site")
        ]

    def __str__(self):
        return self.url


class ImportedPaper(models.Model):
    """A proposal imported from an OParl Paper: which one, and what the last import wrote."""

    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    source = models.ForeignKey(
        OparlSource, on_delete=models.SET_NULL, null=True, related_name="papers"
    )
    page = models.OneToOneField(ProposalPage, on_delete=models.CASCADE, related_name="oparl_import")
    oparl_id = models.CharField(max_length=500)
    #: The paper's ``modified`` as the source gave it.
    modified = models.CharField(max_length=50, blank=True)
    #: A digest of what the import wrote (to tell a real change from a new timestamp).
    fingerprint = models.CharField(max_length=64, blank=True)
    #: ``{file id: {"document": id, "sha1": ..., "size": ...}}`` of the downloaded files.
    files = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["site", "oparl_id"], name="unique_imported_paper_per_site"
            )
        ]

    def __str__(self):
        return self.oparl_id
