"""Admin views: the report of outdated translations; the import of a concept file; the
editor of assessable pages."""

import re

from django import forms
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.text import get_text_list
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from wagtail.admin.compare import RichTextFieldComparison
from wagtail.admin.utils import get_user_display_name
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.pages.edit import EditView
from wagtail.admin.views.pages.revisions import RevisionsRevertView
from wagtail.models import Site
from wagtail.utils.text import text_from_html

from .concept import Concept
from .concept_page import ensure_concept_page
from .exchange import MAX_BYTES, ImportRefused, RetirementRefused, detect_format, import_text
from .sites import user_site_ids, user_sites
from .translation import outdated_items, outdated_pages


class OutdatedTranslationsView(PermissionRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """Return the list of outdated translations of concept items and pages.

    Only for those who maintain the concept and its translations (the menu
    item is shown to the same people).
    """

    permission_required = "integration_check.change_goal"
    raise_exception = True

    page_title = _("Veraltete Übersetzungen")
    header_icon = "globe"
    template_name = "integration_check/admin/outdated_translations.html"

    def get_context_data(self, **kwargs):
        """The outdated translations of the sites the user works for."""
        user = self.request.user
        return super().get_context_data(
            items=outdated_items(site_ids=user_site_ids(user)),
            pages=outdated_pages(sites=user_sites(user)),
            **kwargs,
        )


class ConceptImportForm(forms.Form):
    site = forms.ModelChoiceField(
        label=_("Website (Kommune)"),
        queryset=Site.objects.none(),
        empty_label=None,
        required=False,
        help_text=_("Die Kommune, in deren Prüfung und Konzepte die Datei importiert wird."),
    )
    file = forms.FileField(
        label=_("Konzeptdatei"),
        help_text=_("YAML oder JSON im Austauschformat (docs/concept-format.md), höchstens 5 MB."),
    )
    retire_missing = forms.BooleanField(
        label=_("Fehlende Punkte zurückziehen"),
        required=False,
        help_text=_(
            "Punkte des Konzepts, die in der Datei fehlen, werden zurückgezogen (und fehlende "
            "Stände, Indikatoren oder Werte einer Maßnahme entfernt). Ohne dieses Häkchen "
            "bricht der Import dann ab."
        ),
    )


class ConceptImportView(PermissionRequiredMixin, WagtailAdminTemplateMixin, FormView):
    """Import a concept file as ``manage.py import_concept`` does, with a trial run first.

    The trial run ("Probelauf") lists what the import would change and warns, before
    anything is written, when proposals would fall under another concept; the import
    shows the same afterwards and creates (or names) the concept's public page.
    """

    permission_required = "integration_check.change_concept"
    raise_exception = True

    page_title = _("Konzept importieren")
    header_icon = "upload"
    template_name = "integration_check/admin/concept_import.html"
    form_class = ConceptImportForm

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        # The sites (towns) the user works for; the default site first.
        form.fields["site"].queryset = user_sites(self.request.user).order_by(
            "-is_default_site", "site_name", "hostname"
        )
        return form

    def form_valid(self, form):
        # Without a choice (a form sent by a script): the first of the user's sites.
        form.cleaned_data["site"] = (
            form.cleaned_data.get("site") or form.fields["site"].queryset.first()
        )
        upload = form.cleaned_data["file"]
        dry_run = "import" not in self.request.POST
        context = {"form": form, "dry_run": dry_run, "file_name": upload.name}
        text, problem = self._read(upload)
        if problem:
            context["problems"] = [problem]
            return self.render_to_response(self.get_context_data(**context))
        try:
            result = import_text(
                text,
                detect_format(upload.name),
                site=form.cleaned_data["site"],
                retire_missing=form.cleaned_data["retire_missing"],
                dry_run=dry_run,
            )
        except ImportRefused as exc:
            context["problems"] = [str(problem) for problem in exc.problems]
        except RetirementRefused as exc:
            context["retiring"] = [str(change) for change in exc.retiring]
        else:
            context["result"] = result
            context["warnings"] = result.applicability_warnings()
            if not dry_run:
                context["page_result"] = self._page(result.concept, form.cleaned_data["site"])
        return self.render_to_response(self.get_context_data(**context))

    @staticmethod
    def _read(upload):
        """Return ``(text, problem)``: the file's text, or why it cannot be read."""
        if upload.size > MAX_BYTES:
            return "", gettext("Die Datei ist zu groß: erlaubt sind höchstens %(max)d MB.") % {
                "max": MAX_BYTES // (1024 * 1024)
            }
        try:
            return upload.read(MAX_BYTES + 1).decode("utf-8"), ""
        except UnicodeDecodeError:
            return "", gettext("Die Datei ist nicht in UTF-8 kodiert.")

    @staticmethod
    def _page(concept, site):
        if concept.status == Concept.Status.DRAFT:
            return gettext(
                "Das Konzept ist ein Entwurf: es bekommt keine öffentliche Seite. Nach dem "
                "Beschluss (Status „adopted“) legt ein erneuter Import sie an."
            )
        return str(ensure_concept_page(concept, site))


#: Draftail gives every paragraph a key of its own, also when nothing else changes.
BLOCK_KEY = re.compile(r'\sdata-block-key="[^"]*"')


def _has_changed(comparison):
    """Whether a field differs as the editor sees it: rich text without its block keys,
    an empty paragraph as nothing."""
    if not isinstance(comparison, RichTextFieldComparison):
        return comparison.has_changed()
    a, b = (
        BLOCK_KEY.sub("", value or "") if text_from_html(value or "").strip() else ""
        for value in (comparison.val_a, comparison.val_b)
    )
    return a != b


def _is_rated(row):
    """Whether a rating row says anything: a rating, a justification or a weighing."""
    return any((row.rating, row.justification, row.weighing))


class RefuseOverwriteMixin:
    """Refuses every save from an editor that started from an older revision.

    Wagtail's edit form carries the revision it was loaded from
    (``loaded_revision_id``; an autosave also sends ``overwrite_revision_id``, the
    revision it made of the editor's own) and Wagtail refuses an *autosave* over a
    newer revision (``is_out_of_date``). This applies the same test to every other
    action of the edit form: save draft, publish, submit, workflow actions. Those
    carry no ``overwrite_revision_id``; after an autosave the form's
    ``loaded_revision_id`` names the autosaved revision instead
    (``static/integration_check/loaded-revision.js``), so the editor's own autosave
    never makes its next save out of date. The form is then
    invalid: it is shown again with the editor's input, a message names who saved
    what when, and it carries the newest revision id, so that saving again,
    having seen the message, overwrites knowingly. Autosave stays off on that
    page, so only that deliberate save overwrites.
    """

    @cached_property
    def overwrite_refusal(self):
        """The message that refuses this save, or None when nothing newer was saved."""
        if self.expects_json_response or not self.is_out_of_date:
            return None
        revisions = self.real_page_record.revisions
        base_id = self.request.POST.get("overwrite_revision_id") or self.request.POST.get(
            "loaded_revision_id"
        )
        base = revisions.filter(pk=base_id).first() if str(base_id).isdigit() else None
        if base is None or base.pk == self.latest_revision.pk:
            # The revision the editor started from was overwritten since: what changed is unknown.
            newer, changes = [self.latest_revision], []
        else:
            newer = revisions.filter(created_at__gt=base.created_at).select_related("user")
            changes = self._changes(base, self.latest_revision)
        names = list(dict.fromkeys(get_user_display_name(r.user) for r in newer if r.user))
        when = formats.date_format(
            timezone.localtime(self.latest_revision.created_at), "SHORT_DATETIME_FORMAT"
        )
        saved = (
            _("Inzwischen wurde eine neuere Fassung gespeichert (von %(users)s, am %(time)s).")
            if names
            else _("Inzwischen wurde eine neuere Fassung gespeichert (am %(time)s).")
        )
        parts = [saved % {"users": get_text_list(names, _("und")), "time": when}]
        if changes:
            parts.append(_("Geändert: %(fields)s.") % {"fields": ", ".join(changes)})
        parts.append(
            _(
                "Ihre Eingaben sind nicht gespeichert und stehen unten. Prüfen Sie sie und "
                "speichern Sie erneut, um die neuere Fassung zu überschreiben."
            )
        )
        return " ".join(str(part) for part in parts)

    def _changes(self, base, latest):
        """Return the labels of the fields and rows that differ between two revisions."""
        old, new = base.as_object(), latest.as_object()
        panel = self.edit_handler.get_bound_panel(instance=new, request=self.request, form=None)
        labels = []
        for make_comparison in panel.get_comparison():
            comparison = make_comparison(old, new)
            if not _has_changed(comparison):
                continue
            if not comparison.is_child_relation:
                labels.append(str(comparison.field_label()))
                continue
            for row in comparison.get_child_comparisons():
                rated = row.obj_b or row.obj_a
                item = getattr(rated, "item", None)
                if row.is_addition() or row.is_deletion():
                    if item is not None and not _is_rated(rated):
                        # A row the editor pre-fills (an item, nothing said about it),
                        # saved for the first time: the editor sees no difference.
                        continue
                elif not row.has_changed():
                    continue
                labels.append(
                    _("Bewertung %(item)s") % {"item": f"{item._meta.verbose_name} {item.number}"}
                    if item is not None
                    else str(comparison.field_label())
                )
        return list(dict.fromkeys(labels))

    def form_valid(self, form):
        if self.overwrite_refusal:
            form.restore_required_fields()
            return self.form_invalid(form)
        return super().form_valid(form)

    def form_invalid(self, form):
        if self.overwrite_refusal:
            form.add_error(None, self.overwrite_refusal)
            self.autosave_enabled = False
        return super().form_invalid(form)


class AssessablePageEditView(RefuseOverwriteMixin, EditView):
    pass


class AssessablePageRevertView(RefuseOverwriteMixin, RevisionsRevertView):
    pass
