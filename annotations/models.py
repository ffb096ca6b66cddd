"""Readers' notes on passages of an edition, their replies and their edit history."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse

from annotations import audience

# Importing the module registers every moderation model with this app.
from annotations.moderation.models import Appeal, Flag, Reason
from edition.access import visible_edition_q
from edition.models import Selection
from groups.models import Membership

# Columns of Edition no annotation output reads, and too large to load once per row.
LARGE_EDITION_FIELDS = ("raw_text", "report")


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
        # Nothing of an edition `user` may not read: not even a public note's quote.
        readable = self.filter(visible_edition_q(user, "selection__edition"))
        if not user.is_authenticated:
            return readable.filter(shared)
        groups = Membership.objects.of(user).group_ids()
        in_group = shown & Q(visibility=Annotation.Visibility.GROUP, group_id__in=groups)
        visible = readable.filter(Q(author=user) | shared | in_group)
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
            selection__passage__section_id=passage.section_id,
            selection__passage__order__lt=passage.order,
            selection__end_passage__order__gt=passage.order,
        )
        return self.filter(
            Q(selection__passage=passage) | Q(selection__end_passage=passage) | middle
        )

    def on_passages(self, passage_ids):
        """Annotations whose selection starts in one of the passages `passage_ids`."""
        return self.filter(selection__passage_id__in=passage_ids)

    def orphaned(self):
        return self.filter(selection__state=Selection.State.ORPHANED)

    def for_section(self, section):
        return self.filter(selection__passage__section=section)

    def with_tag(self, tag: str):
        return self.filter(tag_index__contains=f"|{tag.strip().lower()}|")

    def for_output(self, viewer=None):
        """Everything the output serializer reads, in a constant number of queries. With
        `viewer`, the replies counted are those `viewer` may see."""
        replies = (
            Annotation.objects.all() if viewer is None else Annotation.objects.visible_to(viewer)
        )
        replies = (
            replies.filter(parent=OuterRef("pk"), deleted=False)
            .order_by()
            .values("parent")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            self.select_related(
                "author", "group", "edition", "selection__passage__section", "suggestion__version"
            )
            # The edition's source and ingest report run to megabytes: one copy per row
            # made a list of 1,000 annotations read a gigabyte. No output reads them.
            .defer(*(f"edition__{name}" for name in LARGE_EDITION_FIELDS))
            .annotate(reply_total=Coalesce(Subquery(replies), 0))
        )

    def for_viewer(self, user):
        """`for_output`, plus what `user` is told beside the item: their flag on it and its
        outcome, and (for their own items) the state of their appeal. No extra queries."""
        queryset = self.for_output(viewer=user)
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
        return self.order_by("selection__passage__order", "selection__start", "created", "pk")


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

    # Where an annotation stands on the text is its selection's state.
    AnchorState = Selection.State

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="annotations"
    )
    edition = models.ForeignKey(
        "edition.Edition", on_delete=models.CASCADE, related_name="annotations"
    )
    # The span of the text it is on, owned and moved by the edition. Replies share their
    # root's selection, and copy its visibility and group.
    selection = models.ForeignKey(
        "edition.Selection", on_delete=models.CASCADE, related_name="annotations"
    )
    # A suggested correction this annotation proposes and discusses (motivation "editing").
    suggestion = models.OneToOneField(
        "edition.Suggestion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="annotation",
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
        "groups.ReadingGroup",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="annotations",
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
    # W3C properties a client sent that Lectio keeps as they came and serves back (canonical,
    # via, rights, generator, language, textDirection, audience, a motivation of its own).
    w3c = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    objects = AnnotationQuerySet.as_manager()

    # Statuses others may see (hidden and spam as placeholders); pending is for the author.
    PUBLISHED_STATUSES = ("approved", "hidden", "spam")

    class Meta:
        ordering = ["created", "pk"]
        indexes = [
            models.Index(fields=["author", "created"]),
            models.Index(fields=["group", "created"]),
            models.Index(fields=["status", "created"]),
        ]

    def __str__(self):
        return f"{self.get_motivation_display()} by {self.author} on {self.passage.anchor}"

    def get_absolute_url(self):
        return reverse("annotations:detail", kwargs={"pk": self.pk})

    # The selection's fields, read through the annotation (its templates and JSON).
    passage = property(lambda self: self.selection.passage)
    passage_id = property(lambda self: self.selection.passage_id)
    end_passage = property(lambda self: self.selection.end_passage)
    end_passage_id = property(lambda self: self.selection.end_passage_id)
    selectors = property(lambda self: self.selection.pieces)
    selector_exact = property(lambda self: self.selection.exact)
    selector_prefix = property(lambda self: self.selection.prefix)
    selector_suffix = property(lambda self: self.selection.suffix)
    selector_start = property(lambda self: self.selection.start)
    selector_end = property(lambda self: self.selection.end)
    edition_version = property(lambda self: self.selection.version)
    anchor_state = property(lambda self: self.selection.state)

    def get_anchor_state_display(self) -> str:
        return self.selection.get_state_display()

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
        return self.selection.passage_anchors


class AnnotationSearch(models.Model):
    """An annotation's search vector (body and tags) on PostgreSQL (edition/fulltext.py).
    The table exists only on PostgreSQL (migration 0006); SQLite keeps an FTS5 table."""

    annotation = models.OneToOneField(
        Annotation,
        primary_key=True,
        db_column="id",
        on_delete=models.DO_NOTHING,
        related_name="search_row",
    )
    body = SearchVectorField()

    class Meta:
        managed = False
        db_table = "annotations_annotation_search"

    def __str__(self):
        return f"search row {self.pk}"


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
