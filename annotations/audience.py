"""The audience seam: how apps above annotations take part in who sees a note, how its
author is named, and where a new note goes by default. Annotations never imports them.

`settings.ANNOTATION_AUDIENCE_BACKENDS` names the backends as dotted paths to classes,
the way `AUTHENTICATION_BACKENDS` does; each is instantiated without arguments. With none,
nothing is hidden, authors show their real names and new notes have no default audience.
A backend subclasses `AudienceBackend` and overrides what it has an opinion on:

- `hidden_from(user) -> Q | None`: a Q over Annotation matching what `user` must not see,
  or None when the backend hides nothing. It is part of `Annotation.objects.visible_to`,
  so it must not run queries while it is built (subqueries are fine). The Qs are ORed.
- `creator(annotation, viewer, memo) -> dict | None`: the W3C creator to show `viewer`
  instead of the real one (e.g. "Student 2"), or None. `memo` is a dict kept for one
  response: a backend caches what it reads there, under keys of its own, so that a list
  costs the same few queries as one item. The first backend with an opinion wins.
- `anonymised_for(viewer) -> Q | None`: a Q over Annotation matching the items whose
  author `creator` names with a pseudonym for `viewer`, or None. Filtering by author
  leaves them out, so that a username cannot undo the pseudonym. Built without queries.
- `default_shares(user, edition_id, passages) -> dict[str, Share]`: for `passages`, an
  iterable of (anchor, order) pairs of one edition, where a new note by `user` goes by
  default, by anchor. Anchors left out have no default. The first backend to name an
  anchor wins.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Share:
    """Where a new note goes by default: a group, and why (`label`, shown to the author).
    Passages with equal `key`s share one default (a note across them keeps it)."""

    group_id: int
    key: int  # of the backend's choosing, e.g. an assignment's id
    label: str


class AudienceBackend:
    """No opinion on anything: the base of every backend."""

    def hidden_from(self, user) -> Q | None:
        return None

    def creator(self, annotation, viewer, memo: dict) -> dict | None:
        return None

    def anonymised_for(self, viewer) -> Q | None:
        return None

    def default_shares(self, user, edition_id: int, passages) -> dict[str, Share]:
        return {}


def backends() -> list[AudienceBackend]:
    """The configured backends, read from settings at each call (tests override them)."""
    loaded = []
    for path in getattr(settings, "ANNOTATION_AUDIENCE_BACKENDS", []):
        try:
            loaded.append(import_string(path)())
        except ImportError as e:
            raise ImproperlyConfigured(
                f"ANNOTATION_AUDIENCE_BACKENDS names {path!r}, which cannot be imported: {e}"
            ) from e
    return loaded


def hidden_from(user) -> Q | None:
    """What `user` may not see, ORed over the backends; None when nothing is hidden."""
    hidden = None
    for backend in backends():
        q = backend.hidden_from(user)
        if q is not None:
            hidden = q if hidden is None else hidden | q
    return hidden


def anonymised_for(viewer) -> Q | None:
    """The items whose author `viewer` sees under a pseudonym, ORed over the backends;
    None when every author is named."""
    anonymised = None
    for backend in backends():
        q = backend.anonymised_for(viewer)
        if q is not None:
            anonymised = q if anonymised is None else anonymised | q
    return anonymised


def creator_json(annotation) -> dict:
    """The W3C creator of `annotation` with its real name (expects `author` loaded)."""
    return {
        "type": "Person",
        "nickname": annotation.author.username,
        "name": annotation.author.get_display_name(),
    }


def creator(annotation, viewer, memo: dict) -> dict:
    """The W3C creator of `annotation` as `viewer` may see it (`author` and `passage`
    loaded). `memo` is a dict kept for one response (e.g. the serializer context)."""
    for backend in backends():
        shown = backend.creator(annotation, viewer, memo)
        if shown is not None:
            return shown
    return creator_json(annotation)


def shown_author_name(annotation, viewer, memo: dict | None = None) -> str:
    """The name of the author of `annotation` as `viewer` may see it."""
    return creator(annotation, viewer, {} if memo is None else memo)["name"]


def set_shown_authors(annotations, viewer) -> None:
    """Set `shown_author` on each annotation (`author` and `passage` loaded), in a few
    queries for the lot."""
    memo: dict = {}
    for annotation in annotations:
        annotation.shown_author = shown_author_name(annotation, viewer, memo)


def default_shares(*, user, edition_id: int, passages) -> dict[str, Share]:
    """{anchor: Share} for the (anchor, order) pairs of one edition where a new note by
    `user` goes to a group by default. `passages` is read only if a backend asks."""
    shares: dict[str, Share] = {}
    for backend in reversed(backends()):  # the first backend updates last, so it wins
        shares.update(backend.default_shares(user, edition_id, passages))
    return shares
