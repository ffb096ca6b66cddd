"""Moderation records: why an item is flagged or decided, the append-only decision log,
readers' flags, authors' appeals, suspensions and each group's moderation settings.

These models belong to the annotations app (app label "annotations"); annotations/models.py
imports this module so that Django registers them with the app.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Reason(models.TextChoices):
    """Why a reader flags an item, or why a moderator decided as they did."""

    OFF_TOPIC = "off_topic", "Off-topic"
    ABUSIVE = "abusive", "Abusive"
    SPAM = "spam", "Spam"
    COPYRIGHT = "copyright", "Copyright"
    OTHER = "other", "Other"
    FINE = "fine", "Within the guidelines"


FLAG_REASONS = [(value, label) for value, label in Reason.choices if value != Reason.FINE]


class ModerationEventQuerySet(models.QuerySet):
    def decisions(self):
        """Events made by a moderator on an item (not automatic holds, appeals, sanctions)."""
        return self.filter(annotation__isnull=False, moderator__isnull=False).exclude(
            action__in=[
                ModerationEvent.Action.APPEAL_UPHELD,
                ModerationEvent.Action.APPEAL_OVERTURNED,
            ]
        )


class ModerationEvent(models.Model):
    """One moderation change. Append-only: rows are never updated or deleted.

    Decisions on an item carry the old and new status; a sanction names its `subject`
    (and `group`, or none for site-wide). `moderator` is empty for automatic holds.
    """

    class Action(models.TextChoices):
        APPROVE = "approve", "Approved"
        HIDE = "hide", "Hidden"
        SPAM = "spam", "Marked as spam"
        RESTORE = "restore", "Restored"
        LOCK = "lock", "Thread locked"
        UNLOCK = "unlock", "Thread unlocked"
        HOLD = "hold", "Held for moderation"
        APPEAL_UPHELD = "appeal_upheld", "Appeal rejected: decision upheld"
        APPEAL_OVERTURNED = "appeal_overturned", "Appeal accepted: decision overturned"
        SUSPEND = "suspend", "Posting suspended"
        LIFT = "lift", "Suspension lifted"

    annotation = models.ForeignKey(
        "annotations.Annotation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="moderation_events",
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The author or sanctioned user.",
    )
    group = models.ForeignKey(
        "groups.ReadingGroup", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    old_status = models.CharField(max_length=20, blank=True)
    new_status = models.CharField(max_length=20, blank=True)
    reason = models.CharField(max_length=20, choices=Reason.choices, blank=True)
    note = models.TextField(blank=True)
    # When the decided item entered the queue, for the time-to-decision statistics.
    waited_since = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(default=timezone.now, db_index=True)

    objects = ModerationEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} ({self.old_status} -> {self.new_status})"

    @property
    def is_appealable(self) -> bool:
        return self.action in (self.Action.HIDE, self.Action.SPAM)


class Flag(models.Model):
    """A reader's report of an item; one per reader and item. `outcome` is set when a
    moderator decides on the item (the flagger is told)."""

    annotation = models.ForeignKey(
        "annotations.Annotation", on_delete=models.CASCADE, related_name="flags"
    )
    flagger = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="flags"
    )
    reason = models.CharField(max_length=20, choices=FLAG_REASONS)
    text = models.TextField(blank=True)
    created = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(max_length=20, choices=ModerationEvent.Action.choices, blank=True)
    resolved_by = models.ForeignKey(
        ModerationEvent, on_delete=models.SET_NULL, null=True, blank=True, related_name="flags"
    )

    class Meta:
        ordering = ["created", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["annotation", "flagger"], name="flag_once_per_reader")
        ]

    def __str__(self):
        return f"{self.get_reason_display()} flag on {self.annotation_id}"


class Appeal(models.Model):
    """An author's appeal of one decision (at most one per decision), decided by another
    moderator than the one who made it."""

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for a moderator"
        UPHELD = "upheld", "Decision upheld"
        OVERTURNED = "overturned", "Decision overturned"

    event = models.OneToOneField(ModerationEvent, on_delete=models.CASCADE, related_name="appeal")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="appeals"
    )
    text = models.TextField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    created = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["created", "pk"]

    def __str__(self):
        return f"appeal of {self.event_id} ({self.status})"


class SanctionQuerySet(models.QuerySet):
    def active(self):
        now = timezone.now()
        return self.filter(lifted_at__isnull=True, starts__lte=now, ends__gt=now)


class Sanction(models.Model):
    """A suspension of a user's posting in one group, or site-wide (no group)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sanctions"
    )
    group = models.ForeignKey(
        "groups.ReadingGroup", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    note = models.TextField(blank=True)
    starts = models.DateTimeField(default=timezone.now)
    ends = models.DateTimeField()
    lifted_at = models.DateTimeField(null=True, blank=True)

    objects = SanctionQuerySet.as_manager()

    class Meta:
        ordering = ["-starts", "-pk"]

    def __str__(self):
        where = self.group.name if self.group_id else "site-wide"
        return f"{self.user} suspended ({where}) until {self.ends:%Y-%m-%d %H:%M}"


class GroupModeration(models.Model):
    """A group's moderation settings, set by its owners and moderators."""

    group = models.OneToOneField(
        "groups.ReadingGroup", on_delete=models.CASCADE, related_name="moderation"
    )
    premoderate = models.BooleanField(
        default=False, help_text="New annotations and replies wait for a moderator's approval."
    )

    def __str__(self):
        return f"moderation of {self.group}"


class RateCounter(models.Model):
    """How many times one user did one action in one window of a rate limit (when the
    cache is the database, whose add + incr is not atomic). Rows expire with their window."""

    key = models.CharField(max_length=200, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.key}: {self.count}"
