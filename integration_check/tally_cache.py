"""A cache for the public tallies, emptied by every change that could alter them.

Counting the ratings of thousands of decided proposals is the costliest part of
the concept's public pages, and it changes only when a proposal (or one of its
ratings, implemented measures or consultations) is saved, published, unpublished
or deleted. Each of those bumps the token of :class:`TallyStamp` in the same
transaction; the cached results are keyed by that token, so no process can
serve a tally older than the data it reads.
"""

import threading
import uuid

from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import models
from django.db.models.signals import post_delete, post_save
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from .assessment_models import (
    GoalRating,
    ImplementedMeasure,
    PrincipleRating,
    assessable_page_models,
)

TIMEOUT = 60 * 60
#: Part of every key: changed whenever what is cached changes its meaning or shape
#: (2: effects of adopted pages only, rejected pages counted and listed apart; 3: counts
#: by level of the item's check, rated pages with their level).
KEY_VERSION = 3


class TallyStamp(models.Model):
    """One row whose token changes whenever anything the public tallies count may change.

    The tallies and the lists of rated and implementing pages are cached under
    this token (:func:`cached`); as the token is read from the database, every
    process of a deployment sees a change at once, whatever cache backend it uses.
    """

    token = models.UUIDField(default=uuid.uuid4)

    class Meta:
        default_permissions = ()

    def __str__(self):
        return str(self.token)


_UNREAD = object()
_local = threading.local()


def _request_started(**_kwargs):
    _local.in_request, _local.token = True, _UNREAD


def _request_finished(**_kwargs):
    _local.in_request, _local.token = False, _UNREAD


def current_token():
    """Return the current token, or None while no change was ever recorded (no caching).

    Read once per request (one consistent view of the tallies on a page), on
    every call outside requests.
    """
    if not getattr(_local, "in_request", False):
        return TallyStamp.objects.values_list("token", flat=True).first()
    if _local.token is _UNREAD:
        _local.token = TallyStamp.objects.values_list("token", flat=True).first()
    return _local.token


def bump(**_kwargs):
    """Record that what the tallies count may have changed."""
    if not TallyStamp.objects.update(token=uuid.uuid4()):
        TallyStamp.objects.create()
    _local.token = _UNREAD


def cached(name, key_parts, compute):
    """Return ``compute()``, cached under the current token and ``key_parts``."""
    token = current_token()
    if token is None:
        return compute()
    key = ":".join(
        ["tally", str(KEY_VERSION), name, str(token), *(str(part) for part in key_parts)]
    )
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value


def connect():
    """Bump the token on every save or delete of what the tallies read."""
    # A page put behind a password or a login leaves the lists of decided pages.
    watched = [PrincipleRating, GoalRating, ImplementedMeasure, PageViewRestriction]
    for model in assessable_page_models():
        watched.append(model)
        watched += list(model.tally_dependencies())
    for model in watched:
        post_save.connect(bump, sender=model, dispatch_uid=f"tally-save-{model._meta.label}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"tally-delete-{model._meta.label}")
    request_started.connect(_request_started, dispatch_uid="tally-request-started")
    request_finished.connect(_request_finished, dispatch_uid="tally-request-finished")
    page_published.connect(bump, dispatch_uid="tally-published")
    page_unpublished.connect(bump, dispatch_uid="tally-unpublished")
