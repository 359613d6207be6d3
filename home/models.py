"""The site root and site-wide pages; which site (town) a role group acts for."""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, Site


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
