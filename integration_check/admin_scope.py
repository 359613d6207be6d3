"""The admin of a model whose objects belong to a site (town), limited to the user's sites.

A snippet viewset with :class:`SiteScopedViewSetMixin` and a ``site_lookup`` (the path
from an object to its site, e.g. ``"site"`` or ``"assessment_check__site"``) lists,
filters, exports, chooses, edits, copies, reorders and deletes only the objects of the
sites the user works for (:func:`integration_check.sites.user_sites`). Another site's
object answers 404 by its address, before anything is read or changed; a bulk action
leaves it out (:class:`SiteScopedPermissionPolicy`, registered for the model). The site
field of a form offers the user's sites only (:class:`SiteFieldFormMixin`).
"""

from django import forms
from django.contrib.admin.utils import unquote
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_filters import ModelChoiceFilter, ModelMultipleChoiceFilter
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.models import IndexView
from wagtail.models import Site
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.chooser import SnippetChooserViewSet

from .sites import site_label, user_site_ids, user_sites


def site_id_of(obj, site_lookup):
    """Return the id of the site ``obj`` belongs to along ``site_lookup``, or None while a
    link of the path is not set (a new object)."""
    *path, last = site_lookup.split("__")
    for name in path:
        if getattr(obj, f"{name}_id", True) is None:
            return None
        obj = getattr(obj, name)
    return getattr(obj, f"{last}_id")


def in_user_sites(queryset, user, site_lookup):
    """Return ``queryset`` limited to the objects of the sites ``user`` works for."""
    return queryset.filter(**{f"{site_lookup}__in": user_site_ids(user)})


class SiteScopedPermissionPolicy(ModelPermissionPolicy):
    """The model permissions, for the objects of the user's sites only."""

    def __init__(self, model, site_lookup, **kwargs):
        super().__init__(model, **kwargs)
        self.site_lookup = site_lookup

    def _in_scope(self, user, instance):
        site_id = site_id_of(instance, self.site_lookup)
        return site_id is None or site_id in user_site_ids(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and self._in_scope(user, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions) and self._in_scope(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        instances = super().instances_user_has_any_permission_for(user, actions)
        return in_user_sites(instances, user, self.site_lookup)


class SiteScopedFilterSet(WagtailFilterSet):
    """The listing's filters offer the objects of the user's sites only (a filter by check
    names no other town's check)."""

    #: The path to the site from each model a filter may offer (set per viewset).
    site_lookups = {}

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        for item_filter in self.filters.values():
            if not isinstance(item_filter, (ModelChoiceFilter, ModelMultipleChoiceFilter)):
                continue
            # django-filter builds the field from the filter's ``queryset``.
            queryset = getattr(item_filter, "queryset", None)
            if queryset is None or callable(queryset):
                continue
            if queryset.model is Site:
                item_filter.queryset = user_sites(user)
            elif queryset.model in self.site_lookups:
                lookup = self.site_lookups[queryset.model]
                item_filter.queryset = in_user_sites(queryset, user, lookup)


class SiteScopedViewMixin:
    """Mixed into every view of a scoped viewset (see :func:`scoped_view_class`)."""

    site_lookup = None

    def setup(self, request, *args, **kwargs):
        # Before the view loads its object (some do so in setup) or asks for permissions.
        pk = kwargs.get("pk")
        if pk is not None:
            objects = in_user_sites(
                self.model._default_manager.all(), request.user, self.site_lookup
            )
            if not objects.filter(pk=unquote(str(pk))).exists():
                raise Http404
        super().setup(request, *args, **kwargs)

    def _scoped(self, queryset):
        """``queryset`` limited to the user's sites when it holds the view's model (a history
        or usage view lists other things)."""
        if getattr(queryset, "model", None) is not self.model:
            return queryset
        return in_user_sites(queryset, self.request.user, self.site_lookup)

    def get_base_queryset(self):
        return self._scoped(super().get_base_queryset())

    def get_queryset(self, *args, **kwargs):
        return self._scoped(super().get_queryset(*args, **kwargs))

    @cached_property
    def columns(self):
        """The listing names each object's site where the user works for several."""
        columns = super().columns
        if not isinstance(self, IndexView) or len(user_site_ids(self.request.user)) < 2:
            return columns
        lookup = self.site_lookup
        return [
            *columns,
            Column(
                "site",
                label=_("Website"),
                accessor=lambda obj: site_label(Site.objects.get(pk=site_id_of(obj, lookup))),
            ),
        ]


class SiteScopedChooserViewMixin:
    """Mixed into the views of a scoped chooser: they offer and accept the user's sites'
    objects only."""

    site_lookup = None

    def get_object_list(self):
        return in_user_sites(super().get_object_list(), self.request.user, self.site_lookup)

    def get_object(self, pk):
        obj = super().get_object(pk)
        objects = in_user_sites(self.model_class.objects.all(), self.request.user, self.site_lookup)
        if not objects.filter(pk=obj.pk).exists():
            raise Http404
        return obj

    def get_objects(self, pks):
        return in_user_sites(super().get_objects(pks), self.request.user, self.site_lookup)


_SCOPED_CLASSES = {}


def scoped_view_class(view_class, site_lookup, mixin=SiteScopedViewMixin):
    """Return ``view_class`` with ``mixin`` in front, limited along ``site_lookup``."""
    key = (view_class, site_lookup, mixin)
    if key not in _SCOPED_CLASSES:
        _SCOPED_CLASSES[key] = type(
            f"SiteScoped{view_class.__name__}",
            (mixin, view_class),
            {"site_lookup": site_lookup},
        )
    return _SCOPED_CLASSES[key]


class SiteScopedChooserViewSet(SnippetChooserViewSet):
    site_lookup = None

    def construct_view(self, view_class, **kwargs):
        view_class = scoped_view_class(view_class, self.site_lookup, SiteScopedChooserViewMixin)
        return super().construct_view(view_class, **kwargs)


class SiteScopedViewSetMixin:
    """A snippet viewset whose views are limited to the objects of the user's sites."""

    #: The path from an object to its site.
    site_lookup = None
    #: The paths to the site from the models the listing's filters offer.
    filter_site_lookups = {}
    chooser_viewset_class = SiteScopedChooserViewSet

    def construct_view(self, view_class, **kwargs):
        view_class = scoped_view_class(view_class, self.site_lookup)
        if hasattr(view_class, "base_filterset_class"):
            kwargs.setdefault("base_filterset_class", self.scoped_filterset_class)
        return super().construct_view(view_class, **kwargs)

    @cached_property
    def scoped_filterset_class(self):
        return type(
            f"{self.model.__name__}SiteScopedFilterSet",
            (SiteScopedFilterSet,),
            {"site_lookups": {self.model: self.site_lookup, **self.filter_site_lookups}},
        )

    @cached_property
    def chooser_viewset(self):
        viewset = super().chooser_viewset
        viewset.site_lookup = self.site_lookup
        return viewset


class SiteFieldFormMixin:
    """A form's ``site`` field offers the sites the user works for; with only one, the field
    is hidden and set to it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("site")
        if field is None:
            return
        sites = user_sites(getattr(self, "for_user", None)).order_by("pk")
        field.queryset = sites
        field.label_from_instance = site_label
        if len(sites) == 1 and not self.instance.pk:
            field.initial = sites[0].pk
        if len(sites) == 1 and (not self.instance.pk or self.instance.site_id == sites[0].pk):
            field.widget = forms.HiddenInput()
