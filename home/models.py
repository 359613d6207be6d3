"""The site root, site-wide pages, each site's town settings and which site (town) a
role group acts for."""

import re

from django import forms
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, URLValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page, Site

from integration_check.front import check_summaries, latest_decided, listing_pages, locales

from .laender import ENFORCEMENT_BODIES, Land


class GroupSite(models.Model):
    """The site (town) a group acts for: at most one per group.

    Permissions that hold per town (reading non-public proposals, handling the town's
    checks, concepts and bodies in the admin, reviewing in its workflow) count only
    through a group bound to that town; a group bound to no site grants them nowhere.
    Set in the admin's group editor ("Website"), and by ``home.roles.ensure_groups``.
    """

    group = models.OneToOneField(
        Group, verbose_name=_("Gruppe"), on_delete=models.CASCADE, related_name="site_binding"
    )
    site = models.ForeignKey(
        Site, verbose_name=_("Website"), on_delete=models.CASCADE, related_name="group_bindings"
    )

    class Meta:
        verbose_name = _("Website einer Gruppe")
        verbose_name_plural = _("Websites der Gruppen")

    def __str__(self):
        return f"{self.group} → {self.site}"


class HomePage(Page):
    """The site's start page, the front door: what the concept is, its progress at a
    glance, the latest decisions and the ways into the site."""

    summary = models.TextField(
        _("Das Konzept in zwei Sätzen"),
        max_length=500,
        blank=True,
        help_text=_(
            "Steht oben auf der Startseite: was das Konzept will, in zwei Sätzen, für alle "
            "verständlich. Leer: die ersten zwei Sätze der Einleitung des Konzepts."
        ),
    )
    intro = models.TextField(_("Einleitung"), blank=True)
    body = RichTextField(_("Inhalt"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("Startseite")
        verbose_name_plural = _("Startseiten")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The request's site, found once per request already (Wagtail caches it on it).
        site = Site.find_for_request(request) or self.get_site()
        locale, default = locales()
        summaries = check_summaries(site, locale, default) if site else []
        context.update(
            summaries=summaries,
            summary_text=self._summary_text(default) or self._concept_summary(summaries),
            latest_decided=latest_decided(site, locale=locale) if site else [],
            listing_pages=listing_pages(self),
        )
        return context

    def _summary_text(self, default):
        """The page's summary and the language to mark it with where it is the German
        text of an untranslated translation, or None."""
        if not self.summary:
            return None
        lang = ""
        if self.locale_id != default.pk:
            source = self.get_translation_or_none(default)
            if source is not None and source.summary == self.summary:
                lang = default.language_code
        return {"text": self.summary, "lang": lang}

    @staticmethod
    def _concept_summary(summaries):
        """The first two sentences of the first concept's introduction (in the reader's
        language where translated) and the language to mark them with, or None."""
        if not summaries:
            return None
        loc, concept = summaries[0].loc, summaries[0].concept
        text = first_sentences(loc.label(concept).introduction)
        if not text:
            return None
        return {"text": text, "lang": loc.default.language_code if loc.is_fallback(concept) else ""}


def first_sentences(text, count=2):
    """Return the first ``count`` sentences of ``text`` (a sentence ends with . ! ? or
    the Arabic question mark before a space or the end)."""
    sentences = re.split(r"(?<=[.!?؟])\s+", " ".join((text or "").split()))
    return " ".join(sentences[:count])


class ContentPage(Page):
    """A plain text page: the accessibility statement, the page in Leichte Sprache, imprint."""

    lead = models.TextField(_("Vorspann"), blank=True)
    body = RichTextField(_("Inhalt"))
    show_in_footer = models.BooleanField(_("im Fußbereich verlinken"), default=False)

    content_panels = Page.content_panels + [FieldPanel("lead"), FieldPanel("body")]
    promote_panels = Page.promote_panels + [FieldPanel("show_in_footer")]
    parent_page_types = ["home.HomePage", "home.ContentPage"]

    class Meta:
        verbose_name = _("Textseite")
        verbose_name_plural = _("Textseiten")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The statement's page shows the town's statement data below its text.
        town = TownSettings.for_request(request)
        context["statement"] = town if town.is_accessibility_statement(self) else None
        return context


HTTP_URL_MESSAGE = _(
    "Bitte eine vollständige Internetadresse angeben, die mit http:// oder https:// "
    "beginnt, z. B. https://www.stadt.de/."
)

#: Web addresses the site links to: only http and https (no ``javascript:``, no ``ftp:``).
http_url_validator = URLValidator(schemes=["http", "https"], message=HTTP_URL_MESSAGE)

phone_validator = RegexValidator(
    r"^[+(]?[0-9][0-9 ()/\-]{2,39}$",
    message=_(
        "Eine Telefonnummer besteht aus Ziffern, Leerzeichen und den Zeichen + ( ) / -, "
        "z. B. 02552 925-0."
    ),
)


class HttpURLFormField(forms.URLField):
    """A form field for web addresses: http(s) only, one message for every wrong address."""

    default_validators = [http_url_validator]
    # A form field puts its own message in place of its validators' ("invalid").
    default_error_messages = {"invalid": HTTP_URL_MESSAGE}

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)


class HttpURLField(models.URLField):
    """A web address the public site links to: http or https, nothing else."""

    default_validators = [http_url_validator]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": HttpURLFormField, **kwargs})


@register_setting(icon="site")
class TownSettings(BaseSiteSetting):
    """Who runs a site: its title, the town and office, contacts, and the data of the
    accessibility statement. One per Wagtail ``Site``, so several towns share one
    installation; the templates read them from here and never name a town themselves.

    Read once per request (``settings.home.TownSettings`` in templates,
    ``TownSettings.for_request``), with no cache in between: a change shows on the next
    request in every process.
    """

    site_title = models.CharField(
        _("Titel der Website"),
        max_length=200,
        blank=True,
        help_text=_(
            "Im Kopf jeder Seite und im Titel des Browserfensters, "
            "z. B. „Integrationskonzept Musterstadt“. Leer: der Name der Website."
        ),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Erscheint im Kopf vor dem Titel."),
    )
    logo_alt = models.CharField(
        _("Alternativtext des Logos"),
        max_length=200,
        blank=True,
        help_text=_(
            "Was das Logo zeigt, falls es mehr sagt als der Titel daneben. "
            "Leer: das Logo gilt als Schmuck."
        ),
    )
    town_name = models.CharField(
        _("Kommune"),
        max_length=200,
        blank=True,
        help_text=_("Der Name, wie die Kommune sich nennt, z. B. „Kreisstadt Musterstadt“."),
    )
    office = models.CharField(
        _("Zuständige Stelle"),
        max_length=200,
        blank=True,
        help_text=_("Z. B. „Koordinierungsstelle Integration“."),
    )
    footer_text = models.TextField(_("Text im Fußbereich"), max_length=1000, blank=True)
    email = models.EmailField(_("E-Mail-Adresse"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True, validators=[phone_validator])
    address = models.TextField(
        _("Postanschrift"), max_length=500, blank=True, help_text=_("Eine Angabe je Zeile.")
    )
    website = HttpURLField(
        _("Website der Kommune"), blank=True, help_text=_("Z. B. https://www.musterstadt.de/")
    )

    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Seite der Erklärung zur Barrierefreiheit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Auf dieser Textseite (und ihren Übersetzungen) erscheinen unter dem Text die "
            "Angaben unten: Datum, Kontakt und Durchsetzungsstelle."
        ),
    )
    accessibility_email = models.EmailField(
        _("E-Mail-Adresse für Rückmeldungen zur Barrierefreiheit"),
        blank=True,
        help_text=_("Leer: die E-Mail-Adresse oben."),
    )
    accessibility_phone = models.CharField(
        _("Telefon für Rückmeldungen zur Barrierefreiheit"),
        max_length=40,
        blank=True,
        validators=[phone_validator],
        help_text=_("Leer: die Telefonnummer oben."),
    )
    statement_date = models.DateField(_("Erklärung erstellt am"), null=True, blank=True)
    statement_reviewed = models.DateField(
        _("Erklärung zuletzt überprüft am"), null=True, blank=True
    )
    land = models.CharField(
        _("Land"),
        max_length=2,
        choices=Land.choices,
        blank=True,
        help_text=_(
            "Bestimmt die Durchsetzungsstelle: sind ihre Felder leer, werden beim Speichern "
            "die hinterlegten Angaben des Landes eingetragen (bitte prüfen)."
        ),
    )
    enforcement_name = models.CharField(
        _("Durchsetzungsstelle"),
        max_length=300,
        blank=True,
        help_text=_("Die Durchsetzungs-, Schlichtungs- oder Ombudsstelle des Landes."),
    )
    enforcement_url = HttpURLField(_("Internetadresse der Durchsetzungsstelle"), blank=True)
    enforcement_email = models.EmailField(_("E-Mail-Adresse der Durchsetzungsstelle"), blank=True)
    enforcement_address = models.TextField(
        _("Postanschrift der Durchsetzungsstelle"), max_length=500, blank=True
    )

    select_related = ["site", "logo", "accessibility_page"]

    panels = [
        MultiFieldPanel(
            [FieldPanel("site_title"), FieldPanel("logo"), FieldPanel("logo_alt")],
            heading=_("Kopf"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("town_name"),
                FieldPanel("office"),
                FieldPanel("footer_text"),
                FieldPanel("email"),
                FieldPanel("phone"),
                FieldPanel("address"),
                FieldPanel("website"),
            ],
            heading=_("Kommune und Kontakt"),
        ),
        MultiFieldPanel(
            [
                PageChooserPanel("accessibility_page", "home.ContentPage"),
                FieldPanel("statement_date"),
                FieldPanel("statement_reviewed"),
                FieldPanel("accessibility_email"),
                FieldPanel("accessibility_phone"),
            ],
            heading=_("Erklärung zur Barrierefreiheit"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("land"),
                FieldPanel("enforcement_name"),
                FieldPanel("enforcement_url"),
                FieldPanel("enforcement_email"),
                FieldPanel("enforcement_address"),
            ],
            heading=_("Durchsetzungsverfahren"),
        ),
    ]

    class Meta:
        verbose_name = _("Kommune und Kontakt")
        verbose_name_plural = _("Kommune und Kontakt")

    @classmethod
    def for_site(cls, site):
        """Return the settings of ``site``; unsaved empty ones while it has none.

        Unlike Wagtail's, a page view never writes a row: the row is created when an
        editor saves the settings (or ``home.demo_site.ensure_town_settings`` runs).
        """
        if site is None:
            return cls()
        return cls.base_queryset().filter(site=site).first() or cls(site=site)

    # --- what the templates show, with the fallbacks -------------------------------

    @property
    def display_title(self):
        """The site's title: the setting, else the Site's name, else a neutral one."""
        if self.site_title:
            return self.site_title
        site = self.site if self.site_id else None
        return (site.site_name if site else "") or gettext("Integrationskonzept")

    @property
    def display_town(self):
        """The town's name for the footer: the setting, else the site's title."""
        return self.town_name or self.display_title

    @property
    def feedback_email(self):
        return self.accessibility_email or self.email

    @property
    def feedback_phone(self):
        return self.accessibility_phone or self.phone

    def is_accessibility_statement(self, page):
        """Return whether ``page`` is the statement's page or one of its translations."""
        chosen = self.accessibility_page
        return chosen is not None and page.translation_key == chosen.translation_key

    # --- validation -------------------------------------------------------------------

    def clean(self):
        super().clean()
        self._apply_land_defaults()
        errors = {}
        today = timezone.localdate()
        for name in ("statement_date", "statement_reviewed"):
            value = getattr(self, name)
            if value and value > today:
                errors[name] = _("Das Datum liegt in der Zukunft.")
        if (
            self.statement_date
            and self.statement_reviewed
            and self.statement_reviewed < self.statement_date
            and "statement_reviewed" not in errors
        ):
            errors["statement_reviewed"] = _(
                "Die Überprüfung kann nicht vor der Erstellung der Erklärung liegen."
            )
        details = (self.enforcement_url, self.enforcement_email, self.enforcement_address)
        if any(details) and not self.enforcement_name:
            errors["enforcement_name"] = _(
                "Bitte den Namen der Durchsetzungsstelle angeben, deren Anschrift oder "
                "Adresse eingetragen ist."
            )
        if self.enforcement_name and not (self.enforcement_url or self.enforcement_email):
            errors["enforcement_url"] = _(
                "Bitte die Internetadresse oder die E-Mail-Adresse der Durchsetzungsstelle "
                "angeben: die Erklärung muss auf sie verweisen."
            )
        if self.accessibility_page_id:
            if not isinstance(self.accessibility_page.specific, ContentPage):
                errors["accessibility_page"] = _("Bitte eine Textseite wählen.")
            elif not self._belongs_to_site(self.accessibility_page):
                errors["accessibility_page"] = _(
                    "Diese Seite gehört zu einer anderen Website; bitte die Erklärung "
                    "dieser Website wählen."
                )
        if errors:
            raise ValidationError(errors)

    def _belongs_to_site(self, page):
        """Whether ``page`` lies below the site's root page or one of its translations."""
        if not self.site_id:
            return True
        roots = Page.objects.filter(translation_key=self.site.root_page.translation_key)
        return any(page.path.startswith(root.path) for root in roots)

    def _apply_land_defaults(self):
        """Fill the enforcement body from the Land's defaults where the editor left it.

        Empty fields get the Land's body; fields that still hold another Land's body
        unchanged (the Land was switched) get this Land's, or are emptied if it has none.
        """
        current = {name: getattr(self, name) or "" for name in ENFORCEMENT_FIELDS}
        default = ENFORCEMENT_BODIES.get(self.land) if self.land else None
        wanted = default.values() if default else dict.fromkeys(ENFORCEMENT_FIELDS, "")
        other_defaults = [
            body.values() for land, body in ENFORCEMENT_BODIES.items() if land != self.land
        ]
        if not any(current.values()) or current in other_defaults:
            for name, value in wanted.items():
                setattr(self, name, value)


#: The fields of a Land's enforcement body in ``TownSettings``.
ENFORCEMENT_FIELDS = (
    "enforcement_name",
    "enforcement_url",
    "enforcement_email",
    "enforcement_address",
)
