"""Layout detectors for texts of unknown shape: pages, page furniture, headings, paragraphs.

Each detector looks only at the text it is given and returns what it found with the
evidence for it, so the ingestion report can say why. Nothing here knows a particular text.
Pure Python, no Django.
"""

from __future__ import annotations

import re
import statistics
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field

ROMAN = re.compile(r"^(?=[MDCLXVI])M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$", re.I)
PAGE_NUMBER = re.compile(
    r"^\s*[-–—(\[]?\s*(?:page\s+)?(\d{1,4}|[ivxlc]{1,7})\s*[-–—)\]]?\s*$", re.I
)
TERMINAL = re.compile(r"[.?!:;,]['\"”’)\]]*$")
CHAPTER = re.compile(
    r"^(?P<word>chapter|part|book|section)\s+(?P<number>\d{1,3}|[ivxlc]{1,7}|[a-z]+)\b[.:]?\s*(?P<title>.*)$",
    re.I,
)
NUMBERED = re.compile(r"^(?P<number>\d{1,2}(?:\.\d{1,2})*|[IVXLC]{1,7})[.)]?\s+(?P<title>[A-Z].*)$")
NUMBER_WORDS = "one two three four five six seven eight nine ten eleven twelve".split()  # noqa: SIM905
ROLE_WORDS = {
    "preface": "preface",
    "foreword": "preface",
    "introduction": "introduction",
    "conclusion": "conclusion",
    "conclusions": "conclusion",
    "notes": "notes",
    "endnotes": "notes",
    "bibliography": "bibliography",
    "references": "bibliography",
    "index": "index",
    "glossary": "glossary",
    "contents": "contents",
    "abstract": "abstract",
}
MAX_HEADING_CHARS = 80
MAX_TITLE_WORDS = 10
MIN_PAGES_FOR_FURNITURE = 3
FURNITURE_SHARE = 0.3  # a running head recurs on at least this share of pages
MIN_PAGE_NUMBERS = 3  # numbered lines in sequence before they count as page numbers
MIN_PAGE_LINES = 8  # page numbers closer together than this are something else
REGULAR_SHARE = 0.8  # share of a running head's intervals that must be page-like


def is_blank(line: str) -> bool:
    return not line.strip()


def roman_value(text: str) -> int | None:
    if not text or not ROMAN.match(text):
        return None
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
    digits = [values[c] for c in text.lower()]
    return sum(-d if i + 1 < len(digits) and d < digits[i + 1] else d for i, d in enumerate(digits))


def number_value(text: str) -> int | None:
    """`12` -> 12, `xii` -> 12, `twelve` -> 12; None when it is no number."""
    if text.isdigit():
        return int(text)
    if text.lower() in NUMBER_WORDS:
        return NUMBER_WORDS.index(text.lower()) + 1
    return roman_value(text)


# Pages --------------------------------------------------------------------------------------


@dataclass
class PageLayout:
    """Where pages start (0-based line indexes), their labels, and how that was found."""

    starts: list[int] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    furniture: set[int] = field(default_factory=set)  # line indexes of heads and numbers
    evidence: list[str] = field(default_factory=list)

    def page_of(self, index: int) -> int:
        return max(bisect_right(self.starts, index) - 1, 0)


def page_number_lines(lines: list[str]) -> list[tuple[int, int]]:
    """(line index, number) of lines that are only a page number and count up in sequence.

    A lone number counts only inside a run of at least MIN_PAGE_NUMBERS that increase by one
    and stand at least MIN_PAGE_LINES apart: a numbered list or a table column does not.
    """
    found = []
    for i, line in enumerate(lines):
        match = PAGE_NUMBER.match(line)
        if match and (
            i == 0 or is_blank(lines[i - 1]) or i + 1 == len(lines) or is_blank(lines[i + 1])
        ):
            value = number_value(match[1])
            if value is not None:
                found.append((i, value))
    runs: list[list[tuple[int, int]]] = []
    for item in found:
        run = runs[-1] if runs else None
        if run and item[1] == run[-1][1] + 1 and item[0] - run[-1][0] >= MIN_PAGE_LINES:
            run.append(item)
        else:
            runs.append([item])
    return [item for run in runs if len(run) >= MIN_PAGE_NUMBERS for item in run]


def recurring_heads(lines: list[str]) -> list[int]:
    """Line indexes of a running head: one line (numbers aside) that recurs at least
    MIN_PAGE_NUMBERS times at page-like intervals, each after a blank line or at the top.
    The most frequent such line wins; none unless most intervals are within a quarter of
    the median one."""
    by_key: dict[str, list[int]] = {}
    for i, line in enumerate(lines):
        if line.strip() and (i == 0 or is_blank(lines[i - 1])) and len(line.strip()) <= 80:
            by_key.setdefault(furniture_key(line), []).append(i)
    best: list[int] = []
    for key, found in by_key.items():
        if len(found) < MIN_PAGE_NUMBERS or len(found) <= len(best) or not re.search("[a-z]", key):
            continue
        gaps = [b - a for a, b in zip(found, found[1:], strict=False)]
        median = statistics.median(gaps)
        regular = sum(abs(gap - median) <= 0.25 * median for gap in gaps)
        if min(gaps) >= MIN_PAGE_LINES and regular >= REGULAR_SHARE * len(gaps):
            best = found
    return best


def detect_pages(lines: list[str], labels: list[str] | None = None) -> PageLayout:
    """Page boundaries from form feeds, else from lone page numbers in sequence."""
    layout = PageLayout()
    feeds = [i for i, line in enumerate(lines) if "\f" in line]
    if feeds:
        layout.starts = [0, *feeds]
        layout.evidence.append(f"{len(feeds) + 1} pages separated by form feeds")
    else:
        numbers = page_number_lines(lines)
        heads = recurring_heads(lines) if not numbers else []
        if numbers:
            _pages_from_numbers(lines, numbers, layout)
        elif heads:
            layout.starts = ([0] if heads[0] > 0 else []) + heads
            layout.furniture |= set(heads)
            layout.evidence.append(
                f"{len(heads)} pages inferred from a running head recurring at page intervals "
                f"({lines[heads[0]].strip()!r})"
            )
    if layout.starts and labels and len(labels) == len(layout.starts):
        layout.labels = list(labels)
        layout.evidence.append("page labels from the document")
    elif layout.starts and len(layout.labels) != len(layout.starts):
        layout.labels = [""] * len(layout.starts)
    if layout.starts:
        find_furniture(lines, layout)
    return layout


def _pages_from_numbers(lines: list[str], numbers: list[tuple[int, int]], layout: PageLayout):
    """Numbers at page feet close a page; numbers at page heads open one."""
    first, last = numbers[0][0], numbers[-1][0]
    text_after = sum(not is_blank(line) for line in lines[last + 1 :])
    text_before = sum(not is_blank(line) for line in lines[:first])
    at_foot = text_after <= text_before
    if at_foot:
        layout.starts = [0] + [
            i + 1 for i, _ in numbers if any(not is_blank(line) for line in lines[i + 1 :])
        ]
        labels = [str(n) for _, n in numbers]
        layout.labels = (labels + [""])[: len(layout.starts)]
    else:
        layout.starts = ([0] if first > 0 else []) + [i for i, _ in numbers]
        layout.labels = ([""] if first > 0 else []) + [str(n) for _, n in numbers]
    layout.furniture |= {i for i, _ in numbers}
    where = "feet" if at_foot else "heads"
    layout.evidence.append(
        f"{len(numbers)} pages inferred from page numbers in sequence at page {where} "
        f"({numbers[0][1]}-{numbers[-1][1]})"
    )


def _edge_lines(lines: list[str], layout: PageLayout, page: int) -> list[int]:
    """The first and last non-blank line indexes of a page."""
    start = layout.starts[page]
    end = layout.starts[page + 1] if page + 1 < len(layout.starts) else len(lines)
    filled = [i for i in range(start, end) if not is_blank(lines[i].replace("\f", ""))]
    return sorted({filled[0], filled[-1]}) if filled else []


def furniture_key(line: str) -> str:
    """A line with its numbers taken out, for comparing running heads across pages."""
    return (
        re.sub(r"\s+", " ", re.sub(r"\d+|\b[ivxlc]+\b", "#", line.replace("\f", "")))
        .strip()
        .lower()
    )


def find_furniture(lines: list[str], layout: PageLayout) -> None:
    """Running heads and page numbers: page-edge lines that recur on many pages."""
    pages = len(layout.starts)
    edges = {page: _edge_lines(lines, layout, page) for page in range(pages)}
    keys = Counter(furniture_key(lines[i]) for page in edges for i in edges[page])
    recurring = {
        key
        for key, count in keys.items()
        if key and count >= MIN_PAGES_FOR_FURNITURE and count >= FURNITURE_SHARE * pages
    }
    heads = 0
    for page, indexes in edges.items():
        for i in indexes:
            line = lines[i].replace("\f", "")
            lone = PAGE_NUMBER.match(line)
            if furniture_key(line) in recurring or (lone and pages >= MIN_PAGES_FOR_FURNITURE):
                layout.furniture.add(i)
                heads += not lone
                number = lone[1] if lone else _number_in(line)
                if number and not layout.labels[page]:
                    layout.labels[page] = number
    if heads:
        layout.evidence.append(f"{heads} running heads recurring at page edges removed")
    numbered = sum(bool(label) for label in layout.labels)
    if numbered:
        layout.evidence.append(f"{numbered} of {pages} pages carry a printed number")


def _number_in(line: str) -> str:
    match = re.search(r"(?:^|\s)(\d{1,4})(?:\s|$)", line)
    return match[1] if match else ""


# Headings -----------------------------------------------------------------------------------


@dataclass
class HeadingGuess:
    level: int  # 1 starts a division, 2 a section inside it
    role: str
    number: str
    title: str
    rule: str  # the evidence, for the report


def heading_role(title: str) -> str:
    word = re.sub(r"[^a-z ]", "", title.lower()).strip()
    return ROLE_WORDS.get(word, "")


def classify_heading(line: str, *, title_case_allowed: bool = True) -> HeadingGuess | None:
    """The heading a stand-alone line is, by its wording and shape; None for text."""
    text = line.replace("\f", "").strip()
    if not text or len(text) > MAX_HEADING_CHARS or PAGE_NUMBER.match(text):
        return None
    match = CHAPTER.match(text)
    if match and number_value(match["number"]) is not None:
        role = "part" if match["word"].lower() == "part" else "chapter"
        number = str(number_value(match["number"]))
        return HeadingGuess(1, role, number, text, f"'{match['word']} {match['number']}' wording")
    role = heading_role(text)
    if role:
        return HeadingGuess(1, role, "", text, f"'{text}' names a {role} section")
    if _all_capitals(text.rstrip(".:")):
        return HeadingGuess(1, "", "", text, "all-capitals line")
    if TERMINAL.search(text) and not text.endswith(":"):
        return None
    match = NUMBERED.match(text)
    if match and len(match["title"].split()) <= MAX_TITLE_WORDS:
        number = match["number"]
        level = 1 + number.count(".")
        value = number if "." in number else str(number_value(number) or number)
        return HeadingGuess(
            min(level, 3), "chapter" if level == 1 else "", value, text, "numbered line"
        )
    if title_case_allowed and _title_case(text):
        return HeadingGuess(2, "", "", text, "short title-case line")
    return None


def _all_capitals(text: str) -> bool:
    """Capitals only, with a word of three letters or more, and no sentence punctuation."""
    words = text.split()
    letters = [c for c in text if c.isalpha()]
    return (
        len(letters) >= 3
        and all(c.isupper() for c in letters)
        and any(sum(c.isalpha() for c in w) >= 3 for w in words)
        and len(words) <= MAX_TITLE_WORDS
        and not TERMINAL.search(text)
    )


def _title_case(text: str) -> bool:
    words = text.split()
    if not 1 <= len(words) <= MAX_TITLE_WORDS or not text[0].isupper():
        return False
    long_words = [w for w in words if len(w) >= 4 and w[0].isalpha()]
    return bool(long_words) and sum(w[0].isupper() for w in long_words) >= 0.75 * len(long_words)


# Paragraphs ---------------------------------------------------------------------------------


@dataclass
class ParagraphShape:
    """How the text marks paragraphs: "blank-lines", "indentation", "line-length" or
    "one-per-line", with the numbers behind the choice."""

    rule: str
    width: int = 0
    evidence: str = ""


def paragraph_shape(lines: list[str]) -> ParagraphShape:
    filled = [line for line in lines if not is_blank(line)]
    if not filled:
        return ParagraphShape("blank-lines")
    lengths = [len(line.rstrip()) for line in filled]
    width = int(statistics.quantiles(lengths, n=10)[-1]) if len(lengths) >= 10 else max(lengths)
    blank_breaks = sum(
        1 for a, b in zip(lines, lines[1:], strict=False) if is_blank(a) and not is_blank(b)
    )
    indented = sum(1 for line in filled if re.match(r"^( {2,}|\t)\S", line))
    if blank_breaks and len(filled) / (blank_breaks + 1) <= 12:
        return ParagraphShape("blank-lines", width, f"{blank_breaks} blank-line breaks")
    if indented >= 3 and indented < 0.5 * len(filled):
        return ParagraphShape("indentation", width, f"{indented} indented first lines")
    if statistics.median(lengths) > 200:
        return ParagraphShape("one-per-line", width, "long unwrapped lines")
    return ParagraphShape("line-length", width, f"short closing lines under a width of {width}")


def split_paragraphs(
    lines: list[tuple[int, str]], shape: ParagraphShape
) -> list[list[tuple[int, str]]]:
    """Split a run of (index, line) without blank lines into paragraphs, by `shape`."""
    paragraphs: list[list[tuple[int, str]]] = []
    for k, (index, line) in enumerate(lines):
        starts = not paragraphs
        if (
            shape.rule == "one-per-line"
            or shape.rule == "indentation"
            and re.match(r"^( {2,}|\t)\S", line)
            or shape.rule == "line-length"
            and k
            and _closes(lines[k - 1][1], shape.width)
        ):
            starts = True
        if starts:
            paragraphs.append([])
        paragraphs[-1].append((index, line))
    return paragraphs


def _closes(line: str, width: int) -> bool:
    """A line ending a sentence well short of the text's width ends its paragraph."""
    text = line.rstrip()
    return bool(TERMINAL.search(text)) and len(text) < 0.8 * width
