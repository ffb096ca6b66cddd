"""Section pages cached by what they show: the rendered text of a section is built once
per edition version and view, kept in the "pages" cache, and shared by every reader;
signed-out readers get the whole page from the cache, with an ETag and Last-Modified, and
304 when nothing changed.

A key names everything the text depends on (the edition, its version and ingest, the
section, the view, an old version asked for, and for views that show editors' decisions
the latest decision), so a stale entry is never read: it is simply no longer asked for.
That is why a per-process cache stays correct, only less shared.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import caches
from django.db.models import OuterRef, Subquery

from edition.models import CorrectionDecision, Edition, EditionVersion, Section

# Bump when the templates or code that render a section's text change what they produce.
RENDER_VERSION = 2
CACHE_ALIAS = "pages"
TIMEOUT = 7 * 24 * 3600
# Columns of Edition a section page never reads, and too large to load per request.
LARGE_EDITION_FIELDS = ("raw_text", "report")


@dataclass(frozen=True)
class SectionStamp:
    """What the text of one section page depends on."""

    edition: Edition
    section: Section
    view: str
    old_version: int | None
    decision: int  # the latest correction decision of the edition, 0 when not shown
    modified: datetime

    @property
    def key(self) -> str:
        return ":".join(
            str(part)
            for part in (
                "section-text",
                RENDER_VERSION,
                self.edition.pk,
                self.edition.version,
                f"{self.edition.ingested_at.timestamp():.6f}",
                self.section.pk,
                self.view,
                self.old_version or 0,
                self.decision,
            )
        )

    @property
    def etag(self) -> str:
        """The whole page's: the text's key, and the deployed static files it links to."""
        manifest = getattr(staticfiles_storage, "manifest_hash", "")
        return hashlib.sha256(f"{self.key}:{manifest}".encode()).hexdigest()[:32]


def stamped_editions():
    """Editions with what a stamp reads beside them, in the one query that loads them."""
    versions = EditionVersion.objects.filter(edition=OuterRef("pk")).order_by("-created")
    decisions = CorrectionDecision.objects.filter(edition=OuterRef("pk")).order_by("-pk")
    return Edition.objects.defer(*LARGE_EDITION_FIELDS).annotate(
        stamp_version_at=Subquery(versions.values("created")[:1]),
        stamp_decision=Subquery(decisions.values("pk")[:1]),
        stamp_decision_at=Subquery(decisions.values("created")[:1]),
    )


def section_stamp(
    *, edition: Edition, section: Section, view: str, old_version: int | None, decisions: bool
) -> SectionStamp:
    """The stamp of a section page; `edition` comes from `stamped_editions()`."""
    times = [edition.ingested_at, edition.stamp_version_at]
    decision = 0
    if decisions:
        decision = edition.stamp_decision or 0
        times.append(edition.stamp_decision_at)
    modified = max(t for t in times if t is not None)
    return SectionStamp(edition, section, view, old_version, decision, modified)


def section_text(stamp: SectionStamp, render: Callable[[], str]) -> str:
    """The section's rendered text from the cache, or `render()`ed and kept."""
    return _cached(stamp.key, render)


def signed_out_page(stamp: SectionStamp, render: Callable[[], bytes]) -> bytes:
    """The whole page as signed-out readers get it (the same for all of them: no session,
    no messages, no CSRF token), from the cache or `render()`ed and kept."""
    return _cached(f"signed-out-page:{stamp.etag}", render)


def _cached(key: str, render):
    # A settings override naming only "default" still gets a working page.
    cache = caches[CACHE_ALIAS if CACHE_ALIAS in settings.CACHES else "default"]
    value = cache.get(key)
    if value is None:
        value = render()
        cache.set(key, value, TIMEOUT)
    return value


def conditional_for(request) -> bool:
    """Whether the reader may get a 304: signed out, with no session or messages that
    the page would show once and the browser's copy lacks."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    return not ({settings.SESSION_COOKIE_NAME, "messages"} & set(request.COOKIES))
