"""The site root and site-wide pages."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """The site's start page: what the site offers, with links into it."""

    intro = models.TextField(_("Einleitung"), blank=True)
    body = RichTextField(_("Inhalt"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("Startseite")


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
