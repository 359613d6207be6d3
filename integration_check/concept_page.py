"""The public, translated view of a concept's progress.

One page (``/integrationskonzept/``) serves the overview and, as routes, a
page per guiding principle, field of action, goal and measure, the
Ergebnismatrix as CSV and XLSX, the ratings of the concept's items by the levels of its
check as CSV, and a printable report for a chosen date.
"""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils.text import slugify
from django.utils.translation import get_language_bidi, gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.coreutils import find_available_slug
from wagtail.fields import RichTextField
from wagtail.models import Locale, Page, Site
from wagtail_localize.fields import SynchronizedField

from .assessment_models import GoalRating, PrincipleRating
from .charts import ChartRow, indicator_chart, rating_segments, stacked_bar_chart
from .choices import ItemRule, Outcome
from .concept import Concept
from .exports import matrix_csv_response, matrix_xlsx_response, ratings_csv_response
from .progress import (
    GoalRow,
    concept_extras,
    concept_structure,
    detailed_scale,
    effect_rows,
    effects_by_year,
    goal_tree,
    implementing_pages,
    rated_pages,
    rejected_pages,
    state_on,
    state_rollup,
    tallies,
)
from .report import pdf_file_name, pdf_response, report_context
from .sites import default_site_id, site_id_of_page
from .translation import Localizer, untranslated_lang

#: A date in the form JJJJ-MM-TT, as the report's addresses carry it.
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


class ConceptPageForm(WagtailAdminPageForm):
    """A new concept page knows its parent, and so its site, before it is saved."""

    def __init__(self, *args, instance=None, parent_page=None, **kwargs):
        if instance is not None and not instance.url_path:
            instance._concept_page_parent = parent_page
        super().__init__(*args, instance=instance, parent_page=parent_page, **kwargs)


class ConceptPage(RoutablePageMixin, Page):
    """The public view of one concept: what was promised and how far it has come."""

    concept = models.ForeignKey(
        Concept, verbose_name=_("Integrationskonzept"), on_delete=models.PROTECT, related_name="+"
    )
    intro = RichTextField(_("Einleitung"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("concept"), FieldPanel("intro")]
    override_translatable_fields = [SynchronizedField("concept")]
    subpage_types = []
    parent_page_types = ["home.HomePage"]
    base_form_class = ConceptPageForm

    class Meta:
        verbose_name = _("Integrationskonzept (öffentliche Ansicht)")
        verbose_name_plural = _("Integrationskonzepte (öffentliche Ansicht)")

    def clean(self):
        """The page shows a concept of its own site (town) only."""
        super().clean()
        if not self.concept_id:
            return
        parent = getattr(self, "_concept_page_parent", None)
        site_id = site_id_of_page(self if self.url_path else parent) or default_site_id()
        concept = Concept.objects.select_related("assessment_check").get(pk=self.concept_id)
        if site_id is not None and concept.assessment_check.site_id != site_id:
            raise ValidationError(
                {
                    "concept": _(
                        "„%(concept)s“ ist ein Konzept einer anderen Website; gezeigt werden "
                        "kann nur ein Konzept dieser Website."
                    )
                    % {"concept": concept.title}
                }
            )

    # --- helpers ---------------------------------------------------------------

    def source_concept(self, default=None):
        """Return the concept in the source language (items are keyed by it), with its check."""
        default = default or Locale.get_default()
        concepts = Concept.objects.select_related("assessment_check").annotate(**concept_extras())
        concept = concepts.get(pk=self.concept_id)
        if concept.locale_id != default.pk:
            concept = (
                concepts.filter(translation_key=concept.translation_key, locale=default).first()
                or concept
            )
        return concept

    def _context(self, request, indicators=False, **extra):
        default = Locale.get_default()
        concept = self.source_concept(default)
        structure = concept_structure(concept, indicators=indicators)
        locale = default if self.locale_id == default.pk else self.locale
        localizer = Localizer(
            locale,
            {type(concept): [concept], **structure.items_by_model()},
            default=default,
        )
        return {
            "concept": concept,
            "assessment_check": concept.assessment_check,
            "structure": structure,
            "loc": localizer,
            **extra,
        }

    @staticmethod
    def _with_rest(pages, tally):
        """Set on each list of the newest pages (by rating, and ``rejected``) how many more
        the tally counts."""
        for key, shown in pages.items():
            shown.more = max(getattr(tally, key, 0) - len(shown), 0)
        return pages

    @classmethod
    def _tally_context(cls, rating_model, item_field, item, context):
        """The tally of ``item`` by direction and by its check's levels, the newest adopted
        pages by direction and the rejected ones."""
        locale = context["loc"].locale
        check = context["assessment_check"]
        tally = tallies(rating_model, item_field, [item])[item.pk]
        pages = rated_pages(rating_model, item_field, item, locale=locale)
        rejected = rejected_pages(rating_model, item_field, item, locale=locale)
        cls._with_rest({**pages, "rejected": rejected}, tally)
        years = effects_by_year(rating_model, item_field, item)
        return {
            "years": years,
            "years_chart": stacked_bar_chart(
                f"years-{item_field}-{item.pk}",
                gettext("Beschlüsse je Jahr nach Wirkung"),
                [ChartRow(str(year), counts) for year, counts in years],
                rating_segments(),
                rtl=get_language_bidi(),
            ),
            "tally": tally,
            "effect_rows": effect_rows(check, tally),
            "show_levels": detailed_scale(check),
            "pages": pages,
            "rejected": rejected,
        }

    @staticmethod
    def _find(items, number):
        for item in items:
            if item.url_key == number:
                return item
        raise Http404

    # --- routes ----------------------------------------------------------------

    @path("")
    def overview(self, request):
        context = self._context(request)
        structure = context["structure"]
        check = context["assessment_check"]
        # The principles with their tallies where the check rates them; a concept whose
        # check rates only goals (a climate concept, say) shows its goals' tallies instead.
        principle_rows = goal_rows = []
        if check.principles_rule != ItemRule.NONE and structure["principles"]:
            principle_tallies = tallies(PrincipleRating, "principle", structure["principles"])
            principle_rows = [(p, principle_tallies[p.pk]) for p in structure["principles"]]
        elif check.goals_rule != ItemRule.NONE and structure["goals"]:
            goal_tallies = tallies(GoalRating, "goal", structure["goals"])
            goal_rows = [
                GoalRow(goal, depth, goal_tallies[goal.pk])
                for goal, depth in goal_tree(structure["goals"])
            ]
        fields = []
        for field in structure["fields"]:
            measures = [m for m in structure["measures"] if m.field_of_action_id == field.pk]
            rollup, unknown = state_rollup(measures)
            fields.append(
                {"field": field, "measures": measures, "rollup": rollup, "unknown": unknown}
            )
        overall, overall_unknown = state_rollup(structure["measures"])
        context.update(
            principle_rows=principle_rows,
            goal_rows=goal_rows,
            target_groups=structure["target_groups"],
            challenges=structure["challenges"],
            field_rows=fields,
            overall_rollup=overall,
            overall_unknown=overall_unknown,
            route_path="",
        )
        return self.render(
            request, template="integration_check/concept_overview.html", context_overrides=context
        )

    @path("leitgedanke/<str:number>/")
    def principle(self, request, number):
        context = self._context(request)
        principle = self._find(context["structure"]["principles"], number)
        context.update(
            self._tally_context(PrincipleRating, "principle", principle, context),
            item=principle,
            route_path=f"leitgedanke/{number}/",
        )
        return self.render(
            request, template="integration_check/concept_principle.html", context_overrides=context
        )

    @path("handlungsfeld/<str:number>/")
    def field_of_action(self, request, number):
        context = self._context(request)
        structure = context["structure"]
        field = self._find(structure["fields"], number)
        further = structure["further_fields"]
        fields = {f.pk: f for f in structure["fields"]}
        # The field's own goals with their sub-goals, then those of other fields that
        # belong to this one too.
        own = [g for g in structure["goals"] if g.field_of_action_id == field.pk]
        rows = [
            GoalRow(goal, depth, further_fields=further.get(goal.pk, []))
            for goal, depth in goal_tree(own)
        ]
        rows += [
            GoalRow(goal, home_field=fields.get(goal.field_of_action_id))
            for goal in structure["goals"]
            if goal.field_of_action_id != field.pk and field in further.get(goal.pk, [])
        ]
        measures = [m for m in structure["measures"] if m.field_of_action_id == field.pk]
        goal_tallies = tallies(GoalRating, "goal", [row.goal for row in rows])
        for row in rows:
            row.tally = goal_tallies[row.goal.pk]
        context.update(
            item=field,
            goal_rows=rows,
            measure_rows=[(m, state_on(m)) for m in measures],
            route_path=f"handlungsfeld/{number}/",
        )
        return self.render(
            request, template="integration_check/concept_field.html", context_overrides=context
        )

    @path("ziel/<str:number>/")
    def goal(self, request, number):
        context = self._context(request, indicators=True)
        structure = context["structure"]
        goal = self._find(structure["goals"], number)
        measures = [
            m for m in structure["measures"] if goal.pk in {g.pk for g in m.goals_in_order()}
        ]
        fields = {f.pk: f for f in structure["fields"]}
        goals = {g.pk: g for g in structure["goals"]}
        context.update(
            self._tally_context(GoalRating, "goal", goal, context),
            item=goal,
            field=fields.get(goal.field_of_action_id),
            parent_goal=goals.get(goal.parent_id),
            sub_goals=[g for g in structure["goals"] if g.parent_id == goal.pk],
            further_fields=structure["further_fields"].get(goal.pk, []),
            item_target_groups=structure.target_groups_of(goal),
            measure_rows=[(m, state_on(m)) for m in measures],
            route_path=f"ziel/{number}/",
        )
        return self.render(
            request, template="integration_check/concept_goal.html", context_overrides=context
        )

    @path("massnahme/<str:number>/")
    def measure(self, request, number):
        context = self._context(request, indicators=True)
        structure = context["structure"]
        measure = self._find(structure["measures"], number)
        field = next(f for f in structure["fields"] if f.pk == measure.field_of_action_id)
        locale = context["loc"].locale
        implementing = implementing_pages(measure, locale=locale)
        rejected = implementing_pages(measure, locale=locale, outcome=Outcome.REJECTED)
        indicators = [
            (
                indicator,
                indicator_chart(
                    indicator,
                    context["loc"].label(indicator),
                    untranslated_lang(indicator, context["loc"], "name"),
                ),
            )
            for indicator in measure.indicators.all()
        ]
        context.update(
            item=measure,
            field=field,
            measure_goals=measure.goals_in_order(),
            item_target_groups=structure.target_groups_of(measure),
            current=state_on(measure),
            history=list(measure.status_updates.all()),
            implementing=implementing,
            rejected=rejected,
            indicators=indicators,
            route_path=f"massnahme/{number}/",
        )
        return self.render(
            request, template="integration_check/concept_measure.html", context_overrides=context
        )

    @path("ergebnismatrix/csv/", name="matrix_csv")
    def matrix_csv(self, request):
        context = self._context(request)
        return matrix_csv_response(context, self._date_param(request))

    @path("ergebnismatrix/xlsx/", name="matrix_xlsx")
    def matrix_xlsx(self, request):
        context = self._context(request)
        return matrix_xlsx_response(context, self._date_param(request))

    @path("bewertungen/csv/", name="ratings_csv")
    def ratings_csv(self, request):
        context = self._context(request)
        return ratings_csv_response(context, datetime.date.today())

    @path("bericht/", name="report")
    def report(self, request):
        date, date_error = self._report_date(request)
        context = self._report_context(request, date, "bericht/")
        context.update(date_error=date_error, route_path="bericht/")
        return self.render(
            request, template="integration_check/concept_report.html", context_overrides=context
        )

    @path("bericht/<str:stichtag>/pdf/", name="report_pdf")
    def report_pdf(self, request, stichtag):
        """The report at the date ``stichtag`` (JJJJ-MM-TT) as a PDF; another date: 404."""
        if not ISO_DATE.fullmatch(stichtag):  # fromisoformat also reads 20200630, 2020-W26-1
            raise Http404
        try:
            date = datetime.date.fromisoformat(stichtag)
        except ValueError:
            raise Http404 from None
        context = self._report_context(request, date, f"bericht/{stichtag}/pdf/")
        context = self.get_context(request) | context
        site = Site.find_for_request(request)
        context["site_name"] = site.site_name if site else ""
        file_name = pdf_file_name(context["site_name"], context["concept"], date)
        return pdf_response(
            request, "integration_check/concept_report_pdf.html", context, file_name
        )

    def _report_context(self, request, date, route):
        context = self._context(request, indicators=True)
        context.update(
            report_context(context["structure"], date, context["loc"], context["loc"].locale)
        )
        for section in context["sections"]:
            for row in section["rows"]:
                for page in row["decisions"]:
                    page.absolute_url = request.build_absolute_uri(page.reader_url)
        # The page's address as the reader called it (a page shown in a language it has no
        # translation for is served under that language's prefix).
        if request.path.endswith("/" + route):
            page_url = request.path[: -len(route)]
        else:
            page_url = self.get_url(request)
        report_url = page_url + self.reverse_subpage("report")
        pdf_url = self.reverse_subpage("report_pdf", kwargs={"stichtag": date.isoformat()})
        context.update(
            report_date=date,
            report_url=report_url,
            report_absolute_url=request.build_absolute_uri(
                f"{report_url}?stichtag={date.isoformat()}"
            ),
            pdf_url=page_url + pdf_url,
        )
        return context

    @staticmethod
    def _report_date(request):
        """Return ``(date, error)`` for the ``stichtag`` parameter; today when absent or invalid."""
        value = request.GET.get("stichtag", "").strip()
        if not value:
            return datetime.date.today(), ""
        try:
            return datetime.date.fromisoformat(value), ""
        except ValueError:
            return datetime.date.today(), _(
                "„%(value)s“ ist kein gültiger Stichtag (Format JJJJ-MM-TT); gezeigt wird der "
                "heutige Stand."
            ) % {"value": value}

    def _date_param(self, request):
        return self._report_date(request)[0]

    def get_template(self, request, *args, **kwargs):
        return "integration_check/concept_overview.html"


#: The address the first concept page of a site gets, when it is free.
DEFAULT_SLUG = "integrationskonzept"


@dataclass
class ConceptPageResult:
    """The public page of a concept on a site: found, created, or why there is none."""

    page: ConceptPage | None = None
    created: bool = False
    #: Why no page was found or created (a German message), else empty.
    refusal: str = ""

    def __str__(self):
        if self.page is None:
            return self.refusal
        values = {"title": self.page.title, "url": self.page.get_url() or self.page.url_path}
        if self.created:
            return (
                gettext("Öffentliche Seite „%(title)s“ angelegt und veröffentlicht: %(url)s")
                % values
            )
        if not self.page.live:
            return (
                gettext(
                    "Das Konzept hat schon eine öffentliche Seite, „%(title)s“ (%(url)s); sie ist "
                    "nicht veröffentlicht."
                )
                % values
            )
        return (
            gettext("Das Konzept hat schon eine öffentliche Seite: „%(title)s“, %(url)s") % values
        )


def ensure_concept_page(concept, site: Site | None, *, title=None, slug=None, show_in_menus=True):
    """Return a :class:`ConceptPageResult`: the page showing ``concept`` on ``site``.

    If no concept page below the site's root page shows the concept, one is created
    below the root page and published: titled like the concept (or ``title``), at
    ``/integrationskonzept/`` when that address is free, else at the concept's slug
    (or ``slug``). A page that exists is linked to, as it is.
    """
    if site is None:
        return ConceptPageResult(
            refusal=gettext("Es ist keine Website eingerichtet; keine öffentliche Seite angelegt.")
        )
    root = site.root_page
    existing = (
        ConceptPage.objects.descendant_of(root, inclusive=True)
        .filter(concept=concept)
        .order_by("-live", "path")
        .first()
    )
    if existing is not None:
        return ConceptPageResult(existing)
    parent = root.specific
    if not ConceptPage.can_create_at(parent):
        return ConceptPageResult(
            refusal=gettext(
                "Unter der Startseite der Website „%(site)s“ kann keine Konzeptseite angelegt "
                "werden; bitte im Admin eine Seite „Integrationskonzept (öffentliche Ansicht)“ "
                "anlegen."
            )
            % {"site": site}
        )
    if slug is None:
        taken = parent.get_children().filter(slug=DEFAULT_SLUG).exists()
        slug = (slugify(concept.slug) or "konzept") if taken else DEFAULT_SLUG
    page = ConceptPage(
        title=title or concept.title,
        slug=find_available_slug(parent, slug),
        concept=concept,
        show_in_menus=show_in_menus,
        live=False,
    )
    parent.add_child(instance=page)
    page.save_revision().publish()
    return ConceptPageResult(page, created=True)
