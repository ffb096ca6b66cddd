"""The JSON parser of every API view: DRF's, refusing what would fail further in.

A document nested deeper than `MAX_DEPTH` would exhaust the recursion of the decoder or of
the code that walks it; a lone surrogate ("\\ud800") decodes to a string that no database
can store, and PostgreSQL refuses NUL ("\\u0000") in text. Each is answered 400 here, with
a message, instead of a 500 later.
"""

import re

from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_DEPTH = 32
_SURROGATE = re.compile("[\ud800-\udfff]")


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(f"JSON nested more than {MAX_DEPTH} levels deep.")
        json_check(data)
        return data


def json_check(data) -> None:
    """Raise ParseError if `data` nests deeper than MAX_DEPTH or holds a lone surrogate."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            _check_text(value)
            continue
        if not isinstance(value, dict | list):
            continue
        if depth > MAX_DEPTH:
            raise ParseError(f"JSON nested more than {MAX_DEPTH} levels deep.")
        if isinstance(value, dict):
            for key in value:
                _check_text(key)
        items = value.values() if isinstance(value, dict) else value
        stack.extend((item, depth + 1) for item in items)


def _check_text(text: str) -> None:
    if _SURROGATE.search(text):
        raise ParseError("JSON text contains a lone surrogate (an unpaired \\ud800-\\udfff).")
    if "\x00" in text:
        raise ParseError("JSON text contains a NUL character (\\u0000).")
