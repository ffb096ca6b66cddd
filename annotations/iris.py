"""URLs of a response, reversed once and formatted per item.

A list of 1,000 annotations names six URLs per item; `reverse()` for each costs more
than the rest of the item's JSON. `UrlFormats` reverses each route once, with sentinel
arguments, and fills the values in by concatenation, quoted the way `reverse()` quotes.
"""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.urls import reverse

# Values no real argument has, found again in the reversed path.
_INT_SENTINEL = 918273645
_STR_SENTINEL = "zq9sentinel"
# The characters reverse() leaves unquoted in an argument.
_SAFE = "!$&'()*+,;=/~:@"


class UrlFormat:
    """One route as the pieces around its arguments: `fill(pk=3)` gives the URL."""

    def __init__(self, name: str, *, absolute: bool = True, **kinds: type):
        values = {
            key: _INT_SENTINEL if kind is int else f"{_STR_SENTINEL}{key}"
            for key, kind in kinds.items()
        }
        path = reverse(name, kwargs=values)
        self.pieces, self.keys = [], []
        for key, value in sorted(values.items(), key=lambda kv: path.index(str(kv[1]))):
            head, path = path.split(str(value), 1)
            self.pieces.append(head)
            self.keys.append(key)
        self.pieces.append(path)
        if absolute:
            self.pieces[0] = settings.SITE_URL + self.pieces[0]

    def fill(self, **values) -> str:
        parts = [self.pieces[0]]
        for key, piece in zip(self.keys, self.pieces[1:], strict=True):
            value = values[key]
            parts.append(str(value) if isinstance(value, int) else quote(value, safe=_SAFE))
            parts.append(piece)
        return "".join(parts)


class UrlFormats:
    """The routes an annotation's W3C JSON names, reversed once per response."""

    def __init__(self):
        self.annotation = UrlFormat("api:annotation", pk=int)
        self.passage = UrlFormat("edition:passage", slug=str, anchor=str)
        self.permalink = UrlFormat("annotations:go", pk=int)
        self.discussion = UrlFormat("annotations:detail", pk=int)
        self.appeal = UrlFormat("annotations:appeal", pk=int)
        self.cite = UrlFormat("annotations:cite", pk=int)


def url_formats(context: dict) -> UrlFormats:
    """The formats kept in a serializer's `context`, made on first use."""
    if "_urls" not in context:
        context["_urls"] = UrlFormats()
    return context["_urls"]
