"""Reading editions: works, their editions, sections, passages, and OCR corrections."""

from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone


class Work(models.Model):
    title = models.CharField(max_length=500)
    author = models.CharField(max_length=300)
    year = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["author", "title"]

    def __str__(self):
        return f"{self.author}, {self.title}"


class Edition(models.Model):
    class Kind(models.TextChoices):
        OCR_BOOK = "ocr-book", "OCR of a printed book"
        BORN_DIGITAL = "born-digital", "Born-digital document"
        CLEAN = "clean", "Clean text"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    work = models.ForeignKey(Work, on_delete=models.PROTECT, related_name="editions")
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    source_file = models.CharField(max_length=200)
    # The source exactly as received: never rewritten except by ingesting a new source.
    raw_text = models.TextField()
    raw_sha256 = models.CharField(max_length=64)
    version = models.PositiveIntegerField(default=1)
    word_count = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict, blank=True)
    ingested_at = models.DateTimeField()
    # An uploaded text starts as a draft its uploader and the editors see; who may read
    # it is decided in edition.access.
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PUBLISHED)
    # A reading for one group (a seminar is a group): only its members and staff see it
    # until staff make it public. PROTECT: deleting the group must not make it public.
    audience = models.ForeignKey(
        "groups.ReadingGroup",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["work__author", "work__title"]

    def __str__(self):
        return self.work.title

    def get_absolute_url(self):
        return reverse("edition:edition", kwargs={"slug": self.slug})

    @property
    def is_ocr(self) -> bool:
        return self.kind == self.Kind.OCR_BOOK

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def current_sections(self) -> list["Section"]:
        """Sections in reading order, without those a re-ingest retired."""
        return [s for s in self.sections.all() if "retired" not in s.flags]


class Section(models.Model):
    """A reading unit shown as one page: front matter, a chapter, back matter."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveIntegerField()
    slug = models.SlugField(max_length=120)
    role = models.CharField(max_length=30)
    number = models.CharField(max_length=20, blank=True)
    part = models.CharField(max_length=100, blank=True)
    title = models.CharField(max_length=500)
    line_start = models.PositiveIntegerField()
    line_end = models.PositiveIntegerField()
    page = models.CharField(max_length=20, blank=True)
    flags = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["edition", "order"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "slug"], name="section_slug_unique"),
        ]

    def __str__(self):
        return self.display_title

    def get_absolute_url(self):
        return reverse("edition:section", kwargs={"slug": self.edition.slug, "section": self.slug})

    @property
    def display_title(self) -> str:
        if self.role == "chapter" and self.number and not self.title.startswith("Chapter"):
            return f"{self.number}. {self.title}"
        return self.title


class PassageQuerySet(models.QuerySet):
    def current(self):
        """Passages of the current text (retired ones are kept for their annotations)."""
        return self.filter(retired=False)

    def reading(self):
        """Passages read in the flow of the text: everything but notes."""
        return self.current().exclude(kind=Passage.Kind.NOTE)

    def notes(self):
        return self.current().filter(kind=Passage.Kind.NOTE)


class Passage(models.Model):
    """A paragraph-sized unit of the reading text, with a stable id and its own IRI."""

    class Kind(models.TextChoices):
        HEADING = "heading"
        PARAGRAPH = "paragraph"
        BLOCKQUOTE = "blockquote"
        TABLE = "table"
        DEFINITION = "definition"
        BIBLIOGRAPHY = "bibliography"
        INDEX_ENTRY = "index-entry"
        NOTE = "note"

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="passages")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="passages")
    anchor = models.CharField(max_length=24)
    order = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.TextField()
    # The uncorrected OCR reading; "" when the source needed no correction.
    original = models.TextField(blank=True)
    term = models.CharField(max_length=300, blank=True)
    level = models.PositiveSmallIntegerField(default=0)
    number = models.CharField(max_length=20, blank=True)
    label = models.CharField(max_length=20, blank=True)  # notes: "4.12"
    line_start = models.PositiveIntegerField()
    line_end = models.PositiveIntegerField()
    page = models.CharField(max_length=20, blank=True)
    # Inline structure, as offsets into `text`: {"calls": [...], "pages": [...], "emphasis": [...]}
    inline = models.JSONField(default=dict, blank=True)
    flags = models.JSONField(default=list, blank=True)
    retired = models.BooleanField(default=False)
    modified = models.DateTimeField(auto_now=True)

    objects = PassageQuerySet.as_manager()

    class Meta:
        ordering = ["edition", "order"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "anchor"], name="passage_anchor_unique"),
        ]
        indexes = [models.Index(fields=["section", "order"])]

    def __str__(self):
        return f"{self.anchor}: {self.text[:60]}"

    def get_absolute_url(self):
        return reverse("edition:passage", kwargs={"slug": self.edition.slug, "anchor": self.anchor})

    def get_iri(self) -> str:
        return settings.SITE_URL + self.get_absolute_url()

    @property
    def fragment(self) -> str:
        """The id of the element whose text content is exactly this passage's text."""
        return f"p-{self.anchor}"


class PassageSearch(models.Model):
    """A passage's search vectors on PostgreSQL (edition/fulltext.py): its reading text,
    and the text with the OCR original. The table, its GIN indexes and the text search
    configuration exist only on PostgreSQL (migration 0007); SQLite keeps an FTS5 table."""

    passage = models.OneToOneField(
        Passage,
        primary_key=True,
        db_column="id",
        on_delete=models.DO_NOTHING,
        related_name="search_row",
    )
    text = SearchVectorField()
    with_original = SearchVectorField()

    class Meta:
        managed = False
        db_table = "edition_passage_search"

    def __str__(self):
        return f"search row {self.pk}"


class CorrectionQuerySet(models.QuerySet):
    def current(self):
        return self.filter(superseded=False)

    def needs_review(self, threshold: float = 0.8):
        """Low-confidence automatic corrections that no editor has decided yet."""
        return self.current().filter(confidence__lt=threshold, decision="")


class Correction(models.Model):
    """One change from the OCR text to the reading text of a passage.

    Rows are never edited in place except to mark them superseded by a later ingest or to
    record the latest editor decision; every decision is kept in `CorrectionDecision`.
    """

    class Decision(models.TextChoices):
        NONE = "", "Not reviewed"
        ACCEPTED = "accepted", "Accepted"
        REVERTED = "reverted", "Reverted"
        REWRITTEN = "rewritten", "Rewritten"

    passage = models.ForeignKey(Passage, on_delete=models.CASCADE, related_name="corrections")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    original = models.TextField()
    replacement = models.TextField()
    stage = models.CharField(max_length=30)
    rule = models.CharField(max_length=60, blank=True)
    confidence = models.FloatField()
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    superseded = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["passage__order", "start"]
        indexes = [models.Index(fields=["stage"]), models.Index(fields=["passage", "superseded"])]

    def __str__(self):
        return f"{self.original!r} -> {self.replacement!r} ({self.stage})"


class CorrectionDecision(models.Model):
    """An editor's decision on an automatic correction. Append-only.

    Keyed by the passage's stable anchor and the change itself, so that the decision is
    re-applied when the text is ingested again.
    """

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="decisions")
    anchor = models.CharField(max_length=24)
    original = models.TextField()
    replacement = models.TextField()  # the automatic replacement decided on
    occurrence = models.PositiveIntegerField(default=0)
    decision = models.CharField(max_length=10, choices=Correction.Decision.choices)
    rewrite = models.TextField(blank=True)  # the editor's text, for "rewritten"
    note = models.TextField(blank=True)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="correction_decisions"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "pk"]

    def __str__(self):
        return f"{self.decision} {self.original!r} -> {self.replacement!r}"


class FlaggedRegion(models.Model):
    """A damaged or doubtful region of the source, listed for editors instead of guessed."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="flagged")
    passage = models.ForeignKey(
        Passage, on_delete=models.CASCADE, null=True, blank=True, related_name="flagged_regions"
    )
    line_start = models.PositiveIntegerField()
    line_end = models.PositiveIntegerField()
    reason = models.CharField(max_length=200)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["edition", "line_start"]

    def __str__(self):
        return f"lines {self.line_start}-{self.line_end}: {self.reason}"


class RegionDecision(models.Model):
    """An editor's decision on a flagged region. Append-only; the latest one counts.

    "accepted" keeps the text as shown; "rewritten" replaces the passage's reading text
    with the editor's, on every later ingest too (keyed by the region's source lines,
    which never change because the raw text is immutable).
    """

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", "Accepted as shown"
        REWRITTEN = "rewritten", "Rewritten by an editor"

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="region_decisions")
    line_start = models.PositiveIntegerField()
    line_end = models.PositiveIntegerField()
    decision = models.CharField(max_length=10, choices=Decision.choices)
    text = models.TextField(blank=True)
    note = models.TextField(blank=True)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="region_decisions"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "pk"]

    def __str__(self):
        return f"{self.decision} lines {self.line_start}-{self.line_end}"


# Selections: spans of the text that others point at ----------------------------------------


class SelectionQuerySet(models.QuerySet):
    def touching(self, passages):
        """Selections with a piece in one of `passages` (first, last or a passage between)."""
        ids = [p.pk for p in passages]
        sections = {p.section_id for p in passages}
        spans = models.Q(end_passage__isnull=False, passage__section_id__in=sections)
        return self.filter(models.Q(passage_id__in=ids) | models.Q(end_passage_id__in=ids) | spans)

    def anchored(self):
        """Selections of part of a text (not whole passages) that are still found."""
        return self.filter(start__isnull=False).exclude(state=Selection.State.ORPHANED)


class Selection(models.Model):
    """A span of an edition's reading text that others point at: an annotation's target,
    a suggested correction's span. The edition moves it when the text changes
    (`edition.anchoring`); it never learns who points at it.

    `pieces` holds one piece per passage, ``{"passage": anchor, "passage_id", "start",
    "end", "exact", "prefix", "suffix"}``, offsets in characters of `Passage.text` (end
    exclusive); no pieces means the whole of `passage`. The columns repeat the first
    piece's start and prefix, the last piece's end and suffix and the quote joined with
    "\n", for queries. `version` is the edition version the span was made on.
    """

    class State(models.TextChoices):
        OK = "ok"
        MOVED = "moved"
        CHANGED = "changed"  # its words were corrected; it holds the corrected words
        ORPHANED = "orphaned"

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="selections")
    passage = models.ForeignKey(Passage, on_delete=models.CASCADE, related_name="selections")
    end_passage = models.ForeignKey(
        Passage, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    pieces = models.JSONField(default=list, blank=True)
    exact = models.TextField(blank=True)
    prefix = models.CharField(max_length=200, blank=True)
    suffix = models.CharField(max_length=200, blank=True)
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OK)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    objects = SelectionQuerySet.as_manager()

    # The fields `set_pieces` writes, for save(update_fields=...).
    PIECE_FIELDS = ["pieces", "exact", "prefix", "suffix", "start", "end"]

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["state"])]

    def __str__(self):
        return f"{self.passage_id}[{self.start}:{self.end}] ({self.state})"

    @property
    def is_whole(self) -> bool:
        return not self.pieces

    @property
    def passage_anchors(self) -> list[str]:
        if self.pieces:
            return [piece["passage"] for piece in self.pieces]
        return [self.passage.anchor]

    @property
    def passage_ids(self) -> list[int]:
        if self.pieces:
            return [piece["passage_id"] for piece in self.pieces]
        return [self.passage_id]

    def set_pieces(self, pieces: list[dict]) -> None:
        """Set `pieces` and the query columns that repeat them (not saved)."""
        self.pieces = pieces
        self.exact = "\n".join(p["exact"] for p in pieces)
        self.prefix = pieces[0]["prefix"] if pieces else ""
        self.suffix = pieces[-1]["suffix"] if pieces else ""
        self.start = pieces[0]["start"] if pieces else None
        self.end = pieces[-1]["end"] if pieces else None


# Versions, editors and reader-suggested corrections ----------------------------------------


class EditionRole(models.Model):
    """A user's role on one edition. Editors accept or reject suggested corrections there;
    staff are editors of every edition without a row."""

    class Role(models.TextChoices):
        EDITOR = "editor", "Editor"

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="roles")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="edition_roles"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.EDITOR)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["edition", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "user"], name="edition_role_unique"),
        ]

    def __str__(self):
        return f"{self.user} is {self.role} of {self.edition.slug}"


class EditionVersion(models.Model):
    """One published state of an edition's reading text. Version 1 is the text as ingested;
    every later one changed some passages (their texts are kept in `PassageVersion`)."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField()
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["edition", "number"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "number"], name="edition_version_unique"),
        ]

    def __str__(self):
        return f"{self.edition.slug} v{self.number}"


class PassageVersion(models.Model):
    """A passage's reading text as of a version. Written only for versions that changed the
    passage, plus (lazily) the state just before its first change."""

    passage = models.ForeignKey(Passage, on_delete=models.CASCADE, related_name="versions")
    version = models.ForeignKey(EditionVersion, on_delete=models.CASCADE, related_name="passages")
    number = models.PositiveIntegerField()  # version.number, for ordering and lookups
    text = models.TextField()
    inline = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["passage", "number"]
        constraints = [
            models.UniqueConstraint(fields=["passage", "number"], name="passage_version_unique"),
        ]

    def __str__(self):
        return f"{self.passage.anchor} v{self.number}"


class SuggestionQuerySet(models.QuerySet):
    def in_queue(
        self,
        *,
        status: str = "pending",
        edition_slug: str = "",
        newer_than_days: int | None = None,
        older_than_days: int | None = None,
    ):
        """The correction queue's rows, oldest first, with what its rows show: `status`
        ("all" for every one), one edition, and an age window in days."""
        rows = (
            self.select_related(
                "edition", "author", "annotation", "selection__passage__section", "version"
            )
            .prefetch_related("decisions__editor")
            .order_by("created", "pk")
        )
        if status != "all":
            rows = rows.filter(status=status)
        if edition_slug:
            rows = rows.filter(edition__slug=edition_slug)
        now = timezone.now()
        if newer_than_days is not None:
            rows = rows.filter(created__gte=now - timedelta(days=newer_than_days))
        if older_than_days is not None:
            rows = rows.filter(created__lt=now - timedelta(days=older_than_days))
        return rows


class Suggestion(models.Model):
    """A reader's proposed correction of the span `selection`: this row holds the proposed
    text and where the review stands. (Annotations discuss it: an annotation with motivation
    "editing" points at it and holds the justification.)"""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for an editor"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"
        REVERTED = "reverted", "Accepted, then reverted"
        WITHDRAWN = "withdrawn", "Withdrawn by its author"

    selection = models.ForeignKey(Selection, on_delete=models.PROTECT, related_name="suggestions")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suggestions"
    )
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="suggestions")
    exact = models.TextField()  # the text it replaces (as accepted, once accepted)
    replacement = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    version = models.ForeignKey(
        EditionVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="suggestions"
    )
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        ordering = ["created", "pk"]
        indexes = [models.Index(fields=["edition", "status", "created"])]

    def __str__(self):
        return f"{self.exact!r} -> {self.replacement!r} ({self.status})"

    @property
    def state_token(self) -> str:
        """Changes whenever the suggestion or its span does (stale-form check); the
        service that edits a suggestion's justification touches `modified`."""
        return (
            f"{self.status}-{self.modified.timestamp():.6f}-"
            f"{self.selection.modified.timestamp():.6f}"
        )


class SuggestionDecision(models.Model):
    """An editor's decision on a suggestion, with the reason. Append-only."""

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"
        REVERTED = "reverted", "Reverted"

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="decisions")
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="suggestion_decisions"
    )
    decision = models.CharField(max_length=10, choices=Decision.choices)
    reason = models.TextField(blank=True)
    version = models.ForeignKey(
        EditionVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "pk"]

    def __str__(self):
        return f"{self.decision} by {self.editor}"


class Reattachment(models.Model):
    """An orphaned selection put back on the text by a person. Append-only."""

    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="reattachments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    old_pieces = models.JSONField(default=list, blank=True)
    passage = models.ForeignKey(Passage, on_delete=models.CASCADE, related_name="+")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    exact = models.TextField()
    score = models.FloatField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "pk"]

    def __str__(self):
        return f"selection {self.selection_id} re-attached to {self.passage.anchor}"


class SourceUploadQuerySet(models.QuerySet):
    def in_flight(self):
        """Uploads waiting for or being read by a worker."""
        return self.filter(status__in=[SourceUpload.Status.QUEUED, SourceUpload.Status.RUNNING])

    def stale(self, *, seconds: int):
        """Running uploads whose worker has not finished within `seconds`: it was killed."""
        cutoff = timezone.now() - timedelta(seconds=seconds)
        return self.filter(status=SourceUpload.Status.RUNNING, started__lt=cutoff)


class SourceUpload(models.Model):
    """An uploaded file, kept unchanged, and the background job that makes it an edition.

    The bytes live in the database so that every web and worker process reads them."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting for a worker"
        RUNNING = "running", "Being read"
        FAILED = "failed", "Failed"
        DONE = "done", "Done"

    class Stage(models.TextChoices):
        WAITING = "waiting", "Waiting for a worker"
        READING = "reading", "Reading the file"
        STRUCTURE = "structure", "Finding the structure and correcting"
        SAVING = "saving", "Saving"
        DONE = "done", "Done"

    data = models.BinaryField()
    name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    uploader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="source_uploads"
    )
    audience = models.ForeignKey(
        "groups.ReadingGroup", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(max_length=500, blank=True)
    author = models.CharField(max_length=300, blank=True)
    year = models.PositiveIntegerField(null=True, blank=True)
    kind = models.CharField(max_length=20, default="auto")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.WAITING)
    percent = models.PositiveSmallIntegerField(default=0)
    message = models.TextField(blank=True)
    outcome = models.JSONField(default=dict, blank=True)
    edition = models.ForeignKey(
        Edition, null=True, blank=True, on_delete=models.SET_NULL, related_name="uploads"
    )
    attempts = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)

    objects = SourceUploadQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("edition:upload", kwargs={"pk": self.pk})
