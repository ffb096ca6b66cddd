"""Turning an uploaded source file into text, or refusing it with a reason an editor can act on.

The text comes back exactly as stored, minus a UTF-8 byte-order mark: no Unicode
normalisation, since NFKC would turn structural superscripts (`1941²`) into digits.
"""

from __future__ import annotations

import codecs

# Share of control characters (other than tab, newline, carriage return, form feed) above
# which a file is taken for binary data rather than text.
MAX_CONTROL_SHARE = 0.01
_ALLOWED_CONTROLS = {"\t", "\n", "\r", "\f"}


class SourceError(ValueError):
    """The file cannot be ingested as a text source."""


def decode_source(data: bytes, *, name: str, max_bytes: int = 20_000_000) -> str:
    """Return the UTF-8 text of `data`, or raise `SourceError` naming the file `name`.

    Refuses empty files, files over `max_bytes`, binary files and non-UTF-8 files.
    """
    if not data.strip():
        raise SourceError(f"{name}: the file is empty.")
    if len(data) > max_bytes:
        raise SourceError(f"{name}: the file has {len(data):,} bytes; the limit is {max_bytes:,}.")
    if b"\x00" in data:
        offset = data.index(b"\x00")
        raise SourceError(f"{name}: binary file (NUL byte at offset {offset}), not a text.")
    text = _decode_utf8(data, name=name)
    _ensure_mostly_printable(text, name=name)
    return text


def _decode_utf8(data: bytes, *, name: str) -> str:
    skip = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[skip:].decode("utf-8")
    except UnicodeDecodeError as error:
        offset = skip + error.start
        bad = data[offset : offset + 4].hex(" ")
        raise SourceError(
            f"{name}: not valid UTF-8 at byte offset {offset} (bytes {bad}); "
            "convert the file to UTF-8 first."
        )


def _ensure_mostly_printable(text: str, *, name: str) -> None:
    controls = sum(1 for char in text if _is_control(char))
    if controls > MAX_CONTROL_SHARE * len(text):
        raise SourceError(
            f"{name}: binary file ({controls} control characters in {len(text)}), not a text."
        )


def _is_control(char: str) -> bool:
    return (char < " " or "\x7f" <= char <= "\x9f") and char not in _ALLOWED_CONTROLS
