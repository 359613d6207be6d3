"""What the OParl endpoint has published, so that it can answer for what it no longer does.

OParl forbids deleting an object without a trace: an object that was public and is no
longer answers with ``deleted: true`` (spec chapter "Gelöschte Objekte"). A record is
written when a proposal is published public (for the paper and each consultation,
agenda item, file and meeting it brings along) and when a body is saved; it is marked
deleted when the proposal is unpublished, made non-public or deleted, or when the body
is deleted. A proposal that was never public leaves no record.
"""

from django.db import models
from django.utils import timezone


class ObjectRecord(models.Model):
    """One object the endpoint has served (or, for a body, keeps the times of)."""

    class Kind(models.TextChoices):
        PAPER = "paper", "Paper"
        CONSULTATION = "consultation", "Consultation"
        AGENDA_ITEM = "agendaitem", "AgendaItem"
        FILE = "file", "File"
        MEETING = "meeting", "Meeting"
        ORGANIZATION = "organization", "Organization"
        BODY = "body", "Body"

    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    #: The object's own id (paper: the proposal page, consultation and agenda item: the
    #: consultation, file: the attachment, organization: the body, body: the site); none
    #: for a meeting.
    object_id = models.BigIntegerField(null=True, blank=True)
    #: The proposal that brought the object along (none for an organization).
    paper_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    #: A meeting is named by its body and date.
    body_id = models.BigIntegerField(null=True, blank=True)
    meeting_date = models.DateField(null=True, blank=True)
    #: An agenda item's position in its meeting when it was last public.
    position = models.PositiveIntegerField(null=True, blank=True)
    #: A file's address (path of the document route) when it was last public: OParl keeps
    #: ``accessUrl`` on a deleted file, whose route then refuses it.
    access_path = models.CharField(max_length=500, blank=True)
    created = models.DateTimeField(default=timezone.now)
    modified = models.DateTimeField(default=timezone.now)
    deleted = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["site", "kind", "object_id"]),
            models.Index(fields=["site", "kind", "body_id", "meeting_date"]),
        ]

    def __str__(self):
        key = (
            self.object_id if self.object_id is not None else f"{self.body_id}-{self.meeting_date}"
        )
        return f"{self.kind} {key}{' (deleted)' if self.deleted else ''}"
