"""The group editor's panel "Website": the site (town) a group acts for."""

from django import forms
from django.template.loader import render_to_string
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from integration_check.models import IntegrationCheckTask
from integration_check.sites import site_label

from .models import GroupSite


class SiteChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return site_label(obj)


class GroupSiteForm(forms.Form):
    """Binds the edited group to one site, or to none (then it grants nothing per town).

    A group that reviews in a workflow step of a check stays with that check's site.
    """

    template_name = "home/admin/group_site_form.html"

    site = SiteChoiceField(
        queryset=Site.objects.order_by("pk"),
        required=False,
        label=_("Website"),
        empty_label=_("keine"),
        help_text=_(
            "Die Gemeinde, für die die Gruppe handelt: Nichtöffentliche Vorlagen, Prüfungen, "
            "Konzepte, Gremien und Workflow-Schritte zählen nur auf dieser Website. Eine "
            "Gruppe ohne Website erhält dort keine dieser Rechte."
        ),
    )

    def __init__(self, *args, instance, **kwargs):
        kwargs.setdefault("prefix", "group_site")
        self.instance = instance
        binding = GroupSite.objects.filter(group_id=instance.pk).first() if instance.pk else None
        if binding is not None:
            kwargs["initial"] = {"site": binding.site}
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned_data = super().clean()
        site = cleaned_data.get("site")
        if site is None or self.instance.pk is None:
            return cleaned_data
        tasks = IntegrationCheckTask.objects.filter(groups=self.instance).exclude(
            assessment_check__isnull=True
        )
        for task in tasks.exclude(assessment_check__site=site).select_related(
            "assessment_check__site"
        ):
            check = task.assessment_check
            self.add_error(
                "site",
                _(
                    "Die Gruppe prüft im Workflow-Schritt „%(task)s“ die Prüfung „%(check)s“ "
                    "der Website „%(site)s“; sie kann nicht für eine andere Website handeln."
                )
                % {"task": task.name, "check": check.name, "site": site_label(check.site)},
            )
        return cleaned_data

    def save(self):
        site = self.cleaned_data.get("site")
        if site is None:
            GroupSite.objects.filter(group=self.instance).delete()
        else:
            GroupSite.objects.update_or_create(group=self.instance, defaults={"site": site})

    def as_admin_panel(self):
        return render_to_string(
            self.template_name, {"heading": gettext("Website (Gemeinde)"), "form": self}
        )
