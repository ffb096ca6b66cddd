"""Readers' notes on passages of an edition, their replies and their edit history."""

from django.conf import settings
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from annotations import audience


class AnnotationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Annotations `user` may see: their own, public ones, and their groups' ones, less
        what the audience backends hide from them (annotations/audience.py).

        Replies carry their root's visibility and group, so this holds for threads too.
        Authors see their own items in every status. Others never see pending items; hidden
        and spam ones are included so that threads stay readable, and every page, API
        response and export shows them as body-less placeholders (`shows_body_to`).
        """
        shown = Q(status__in=Annotation.PUBLISHED_STATUSES)
        shared = shown & Q(visibility=Annotation.Visibility.PUBLIC)
        if not user.is_authenticated:
            return self.filter(shared)
        groups = Membership.objects.filter(user=user).values("group_id")
        in_group = shown & Q(visibility=Annotation.Visibility.GROUP, group_id__in=groups)
        visible = self.filter(Q(author=user) | shared | in_group)
        hidden = audience.hidden_from(user)  # e.g. peers' work an assignment hides
        return visible if hidden is None else visible.exclude(hidden)

    def shown_in_full_to(self, user):
        """Of these, the ones `user` sees with their body (placeholders left out)."""
        approved = Q(status=Annotation.Status.APPROVED)
        return (
            self.filter(approved | Q(author=user))
            if user.is_authenticated
            else self.filter(approved)
        )

    def touching(self, passage):
        """Annotations (replies included) whose selection includes `passage`."""
        middle = Q(
            passage__section_id=passage.section_id,
            passage__order__lt=passage.order,
            end_passage__order__gt=passage.order,
        )
        return self.filter(Q(passage=passage) | Q(end_passage=passage) | middle)

    def for_section(self, section):
        return self.filter(passage__section=section)

    def with_tag(self, tag: str):
        return self.filter(tag_index__contains=f"|{tag.strip().lower()}|")

    def for_output(self):
        """Everything the output serializer reads, in a constant number of queries."""
        replies = (
            Annotation.objects.filter(parent=OuterRef("pk"), deleted=False)
            .order_by()
            .values("parent")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.select_related("author", "group", "edition", "passage__section").annotate(
            reply_total=Coalesce(Subquery(replies), 0)
        )

    def for_viewer(self, user):
        """`for_output`, plus what `user` is told beside the item: their flag on it and its
        outcome, and (for their own items) the state of their appeal. No extra queries."""
        queryset = self.for_output()
        if not user.is_authenticated:
            return queryset
        flags = Flag.objects.filter(annotation=OuterRef("pk"), flagger=user)
        appeals = Appeal.objects.filter(event_id=OuterRef("status_event_id"))
        return queryset.annotate(
            my_flag_reason=Subquery(flags.values("reason")[:1]),
            my_flag_outcome=Subquery(flags.values("outcome")[:1]),
            appeal_status=Subquery(appeals.values("status")[:1]),
        )

    def reading_order(self):
        return self.order_by("passage__order", "selector_start", "created", "pk")


class Annotation(models.Model):
    class Motivation(models.TextChoices):
        COMMENTING = "commenting"
        HIGHLIGHTING = "highlighting"
        REPLYING = "replying"
        EDITING = "editing"

    class Visibility(models.TextChoices):
        PRIVATE = "private", "Only me"
        GROUP = "group", "One of my groups"
        PUBLIC = "public", "Public"

    class Status(models.TextChoices):
        APPROVED = "approved", "Approved"
        PENDING = "pending", "Awaiting moderation"
        HIDDEN = "hidden", "Hidden by a moderator"
        SPAM = "spam", "Marked as spam"

    class AnchorState(models.TextChoices):
        OK = "ok"
        MOVED = "moved"
        CHANGED = "changed"  # its words were corrected; it follows the corrected words
        ORPHANED = "orphaned"

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="annotations"
    )
    edition = models.ForeignKey(
        "edition.Edition", on_delete=models.CASCADE, related_name="annotations"
    )
    # Replies copy their root's passages, visibility and group.
    passage = models.ForeignKey(
        "edition.Passage", on_delete=models.CASCADE, related_name="annotations"
    )
    end_passage = models.ForeignKey(
        "edition.Passage", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    root = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="thread"
    )
    motivation = models.CharField(
        max_length=20, choices=Motivation.choices, default=Motivation.COMMENTING
    )
    body = models.TextField(blank=True)
    body_html = models.TextField(blank=True)  # sanitized rendering of `body`
    tags = models.JSONField(default=list, blank=True)
    tag_index = models.CharField(max_length=1200, blank=True)  # "|a|b|" for filtering
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    group = models.ForeignKey(
        "accounts.ReadingGroup",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="annotations",
    )
    # The selection: first piece's prefix/start, last piece's end/suffix, the quote joined
    # with "\n"; `selectors` holds one piece per passage. Empty when a whole passage.
    selector_exact = models.TextField(blank=True)
    selector_prefix = models.CharField(max_length=200, blank=True)
    selector_suffix = models.CharField(max_length=200, blank=True)
    selector_start = models.PositiveIntegerField(null=True, blank=True)
    selector_end = models.PositiveIntegerField(null=True, blank=True)
    selectors = models.JSONField(default=list, blank=True)
    edition_version = models.PositiveIntegerField(default=1)
    anchor_state = models.CharField(
        max_length=10, choices=AnchorState.choices, default=AnchorState.OK
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.APPROVED)
    # The latest moderation decision, copied here so that the author's view needs no join.
    status_reason = models.CharField(max_length=20, blank=True)
    status_note = models.TextField(blank=True)
    status_event = models.ForeignKey(
        "annotations.ModerationEvent",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    locked = models.BooleanField(default=False)  # on a thread's root: no new replies
    # Bumped by every change; a moderation decision posts the version it was made on.
    version = models.PositiveIntegerField(default=1)
    deleted = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    objects = AnnotationQuerySet.as_manager()

    # Statuses others may see (hidden and spam as placeholders); pending is for the author.
    PUBLISHED_STATUSES = ("approved", "hidden", "spam")

    class Meta:
        ordering = ["created", "pk"]
        indexes = [
            models.Index(fields=["passage", "visibility"]),
            models.Index(fields=["author", "created"]),
            models.Index(fields=["group", "created"]),
            models.Index(fields=["anchor_state"]),
            models.Index(fields=["status", "created"]),
        ]

    def __str__(self):
        return f"{self.get_motivation_display()} by {self.author} on {self.passage.anchor}"

    def get_absolute_url(self):
        return reverse("annotations:detail", kwargs={"pk": self.pk})

    def get_iri(self) -> str:
        return settings.SITE_URL + reverse("api:annotation", kwargs={"pk": self.pk})

    def get_permalink(self) -> str:
        return reverse("annotations:go", kwargs={"pk": self.pk})

    @property
    def etag(self) -> str:
        return f'"{self.pk}-{self.modified.timestamp():.6f}"'

    def shows_body_to(self, user) -> bool:
        """Whether `user` sees the body, or a "hidden by a moderator" placeholder."""
        if self.status in (self.Status.APPROVED, self.Status.PENDING):
            return True
        return bool(user and user.is_authenticated and user.pk == self.author_id)

    def get_status_reason_label(self) -> str:
        return Reason(self.status_reason).label if self.status_reason in Reason.values else ""

    def get_appeal_status_label(self) -> str:
        status = getattr(self, "appeal_status", None)
        return Appeal.Status(status).label if status else ""

    @property
    def is_placeholder_status(self) -> bool:
        return self.status in (self.Status.HIDDEN, self.Status.SPAM)

    @property
    def is_reply(self) -> bool:
        return self.parent_id is not None

    @property
    def thread_root_id(self) -> int:
        return self.root_id or self.pk

    @property
    def passage_anchors(self) -> list[str]:
        if self.selectors:
            return [piece["passage"] for piece in self.selectors]
        return [self.passage.anchor]


class AnnotationRevision(models.Model):
    """One state of an annotation's body and tags. Append-only: a row per save."""

    annotation = models.ForeignKey(Annotation, on_delete=models.CASCADE, related_name="revisions")
    editor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(blank=True)
    tags = models.JSONField(default=list, blank=True)
    visibility = models.CharField(max_length=10, choices=Annotation.Visibility.choices)
    deleted = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "pk"]

    def __str__(self):
        return f"revision of {self.annotation_id} at {self.created:%Y-%m-%d %H:%M}"


# Moderation --------------------------------------------------------------------------------


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
        Annotation,
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
        "accounts.ReadingGroup", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
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

    annotation = models.ForeignKey(Annotation, on_delete=models.CASCADE, related_name="flags")
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
        "accounts.ReadingGroup", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
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
        "accounts.ReadingGroup", on_delete=models.CASCADE, related_name="moderation"
    )
    premoderate = models.BooleanField(
        default=False, help_text="New annotations and replies wait for a moderator's approval."
    )

    def __str__(self):
        return f"moderation of {self.group}"
