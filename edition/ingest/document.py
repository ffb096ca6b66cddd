"""The parsed form of a source text: what every parser returns and the loader writes.

Pure dataclasses, no Django. A parser turns one raw text into a `Document`: an ordered list
of `Division`s (the reading units: front matter, chapters, back matter), each holding its
`Block`s in reading order, plus the notes that belong to it. Every block keeps the 1-based,
inclusive span of source lines it came from, so any word of the edition leads back to the
raw text.

Offsets (`NoteCall.offset`, `Edit.start`, `PageBreak.offset`, `Emphasis`) are character
offsets into the block's reading `text`, which never contains note-call markers: a call is
placed *after* `text[offset - 1]`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Block kinds.
HEADING = "heading"
PARAGRAPH = "paragraph"
BLOCKQUOTE = "blockquote"
TABLE = "table"  # preformatted; text keeps line breaks
DEFINITION = "definition"  # glossary / abbreviations entry: `term` + `text`
BIBLIOGRAPHY = "bibliography"  # one bibliography entry
INDEX_ENTRY = "index-entry"
BLOCK_KINDS = (HEADING, PARAGRAPH, BLOCKQUOTE, TABLE, DEFINITION, BIBLIOGRAPHY, INDEX_ENTRY)

# Division roles.
ROLES = (
    "title-page",
    "abstract",
    "contents",
    "dedication",
    "preface",
    "introduction",
    "chapter",
    "conclusion",
    "glossary",
    "abbreviations",
    "bibliography",
    "index",
    "notes",
    "body",
)

# Block flags.
NEEDS_RECONSTRUCTION = "needs-reconstruction"  # tables: column-serialised, check by hand
DAMAGED = "damaged"  # scanning damage: shown as is, listed for review
TITLE_NOT_IN_SOURCE = "title-not-in-source"  # a heading the source lost
CONTINUES_ACROSS_PAGE = "rejoined-across-page"  # paragraph rejoined over a page break
BLOCKQUOTE_GUESS = "blockquote-guess"  # block quotation detected heuristically
TRUNCATED = "truncated"  # the source stops inside this block or division


@dataclass
class NoteCall:
    """A note reference inside a block's text."""

    offset: int  # call sits after text[offset - 1]
    number: int | None  # None: the call is there but its number is unreadable
    label: str  # unique within the document, e.g. "4.12" (002) or "17" (003)
    printed: str = ""  # the call as the source printed it, e.g. "I 1 2" or "¹⁷"


@dataclass
class PageBreak:
    """A printed page starts at `offset` of the block's text."""

    offset: int
    page: str  # printed page label, e.g. "48" or "vii"; "" when unknown


@dataclass
class Emphasis:
    start: int
    end: int


@dataclass
class Edit:
    """One automatic change from the OCR text to the reading text.

    `text[start:end] == replacement`; splicing every `original` back in place of its
    replacement rebuilds the block's `original` exactly.
    """

    start: int
    end: int
    original: str
    replacement: str
    stage: str  # e.g. "dehyphenation", "punctuation", "digits", "split-words", ...
    rule: str  # finer rule name inside the stage
    confidence: float  # 0..1; below 0.8 goes to the editors' review list


@dataclass
class Block:
    kind: str
    text: str  # the reading text: clean, one line except for tables
    lines: tuple[int, int]  # 1-based inclusive span in the source file
    level: int = 0  # headings: 1 chapter, 2 section, 3 subsection
    number: str = ""  # headings: "2.3" or "5" where the source numbers it
    term: str = ""  # definitions: the term; text holds the definition
    calls: list[NoteCall] = field(default_factory=list)
    pages: list[PageBreak] = field(default_factory=list)
    emphasis: list[Emphasis] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    original: str = ""  # OCR texts: the uncorrected text ("" when identical to text)
    edits: list[Edit] = field(default_factory=list)


@dataclass
class Note:
    """A note text. `label` matches the `NoteCall.label`s that point to it."""

    label: str
    number: int
    text: str
    lines: tuple[int, int]
    calls: list[NoteCall] = field(default_factory=list)  # rarely, notes cite notes
    emphasis: list[Emphasis] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    original: str = ""
    edits: list[Edit] = field(default_factory=list)


@dataclass
class Division:
    """A reading unit shown as one page: front matter, a chapter, back matter."""

    role: str
    title: str
    lines: tuple[int, int]
    number: str = ""  # "3" for chapter 3, "2.2" etc.
    part: str = ""  # "Part I" where the book groups chapters into parts
    blocks: list[Block] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)  # notes whose calls are in this division
    page: str = ""  # printed page on which the division starts, if known
    flags: list[str] = field(default_factory=list)


@dataclass
class Document:
    title: str
    author: str
    divisions: list[Division] = field(default_factory=list)
    # Free-form report: counts, coverage, warnings. Keys are short snake_case names;
    # values are ints, strings, or lists of strings. Shown on "About this edition".
    report: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
