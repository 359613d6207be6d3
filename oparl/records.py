"""Keep :class:`~oparl.models.ObjectRecord` in step with what the endpoint serves.

After a proposal is published, unpublished or deleted (in any language: a translation's
visibility counts for its source), the objects it brings to the endpoint are recorded,
and the records of those it no longer brings are marked deleted with the time. A body's
record keeps its creation and change times. Changes made past Django's signals (a
queryset ``update()``) are seen only at the proposal's next publication.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from wagtail.models import Locale, Page
from wagtail.signals import page_published, page_unpublished

from integration_check.sites import site_of_page
from proposals.models import Body, ProposalPage

from .models import ObjectRecord
from .queries import Town

Kind = ObjectRecord.Kind


def source_of(page):
    """The proposal's version in the source language (the one the endpoint serves), or None."""
    if page.locale_id == Locale.get_default().pk:
        return page
    return ProposalPage.objects.filter(
        translation_key=page.translation_key, locale=Locale.get_default()
    ).first()


def footprint(town, paper):
    """Return ``{key: (created, position, access path)}`` of the objects ``paper`` brings
    to ``town``'s endpoint; empty when it is not public there."""
    row = town.papers().filter(pk=paper.pk).values("o_created").first()
    if row is None:
        return {}
    created = row["o_created"] or timezone.now()
    keys = {(Kind.PAPER, paper.pk, None, None): (created, None, "")}
    for item in town.agenda_items().filter(page_id=paper.pk):
        keys[(Kind.AGENDA_ITEM, item.pk, None, None)] = (created, item.position, "")
        keys[(Kind.MEETING, None, item.body_id, item.meeting_date)] = (created, None, "")
    for pk in town.consultations().filter(page_id=paper.pk).values_list("pk", flat=True):
        keys[(Kind.CONSULTATION, pk, None, None)] = (created, None, "")
    for attachment in town.files().filter(page_id=paper.pk):
        keys[(Kind.FILE, attachment.pk, None, None)] = (created, None, attachment.document.url)
    return keys


@transaction.atomic
def sync_paper(paper_id, site):
    """Record what the proposal ``paper_id`` (source language) brings to ``site``'s endpoint
    now, and mark deleted what it brought before and no longer does."""
    now = timezone.now()
    paper = ProposalPage.objects.filter(pk=paper_id).first()
    current = footprint(Town(site), paper) if paper is not None and site is not None else {}
    records = {
        (r.kind, r.object_id, r.body_id, r.meeting_date): r
        for r in ObjectRecord.objects.select_for_update().filter(paper_id=paper_id)
    }
    for key, (created, position, access_path) in current.items():
        record = records.get(key)
        if record is None:
            kind, object_id, body_id, meeting_date = key
            ObjectRecord.objects.create(
                site=site,
                kind=kind,
                object_id=object_id,
                body_id=body_id,
                meeting_date=meeting_date,
                paper_id=paper_id,
                position=position,
                access_path=access_path,
                created=created,
                modified=now,
            )
        elif record.deleted or (record.position, record.access_path) != (position, access_path):
            record.deleted = False
            record.position = position
            record.access_path = access_path
            record.modified = now
            record.save(update_fields=["deleted", "position", "access_path", "modified"])
    gone = [r.pk for key, r in records.items() if key not in current and not r.deleted]
    if gone:
        ObjectRecord.objects.filter(pk__in=gone).update(deleted=True, modified=now)


def mark_paper_deleted(paper_id):
    ObjectRecord.objects.filter(paper_id=paper_id, deleted=False).update(
        deleted=True, modified=timezone.now()
    )


def _page_changed(sender, instance, **kwargs):
    page = instance.specific_deferred if type(instance) is Page else instance
    if not isinstance(page, ProposalPage):
        return
    source = source_of(page)
    if source is None:
        return
    sync_paper(source.pk, site_of_page(source))


def _page_deleted(sender, instance, **kwargs):
    mark_paper_deleted(instance.pk)


def _body_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    now = timezone.now()
    updated = ObjectRecord.objects.filter(
        site_id=instance.site_id, kind=Kind.ORGANIZATION, object_id=instance.pk
    ).update(modified=now, deleted=False)
    if not updated:
        ObjectRecord.objects.create(
            site_id=instance.site_id,
            kind=Kind.ORGANIZATION,
            object_id=instance.pk,
            created=now,
            modified=now,
        )


def _body_deleted(sender, instance, **kwargs):
    ObjectRecord.objects.filter(kind=Kind.ORGANIZATION, object_id=instance.pk).update(
        deleted=True, modified=timezone.now()
    )


def connect_signals():
    page_published.connect(_page_changed, dispatch_uid="oparl_page_published")
    page_unpublished.connect(_page_changed, dispatch_uid="oparl_page_unpublished")
    post_delete.connect(_page_deleted, sender=ProposalPage, dispatch_uid="oparl_page_deleted")
    post_save.connect(_body_saved, sender=Body, dispatch_uid="oparl_body_saved")
    post_delete.connect(_body_deleted, sender=Body, dispatch_uid="oparl_body_deleted")
