"""Rate limits on posting and flagging, per user. Counters are shared by every worker,
never in process memory: in Redis when it is the cache (INCR is atomic there), else in a
database row incremented under its lock (the database cache's add + incr is not atomic,
so simultaneous requests would all pass the limit)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from django.db.models import F

from annotations.moderation.models import RateCounter

# action -> (settings name of the limit, of the window in seconds, what is counted)
LIMITS = {
    "post": ("RATE_LIMIT_POSTS", "RATE_LIMIT_POSTS_SECONDS", "annotations and replies"),
    "flag": ("RATE_LIMIT_FLAGS", "RATE_LIMIT_FLAGS_SECONDS", "flags"),
    "note": ("RATE_LIMIT_NOTES", "RATE_LIMIT_NOTES_SECONDS", "private notes"),
}


@dataclass
class RateLimited(Exception):
    """Too many actions in the window: `message` says so, `retry_after` in seconds."""

    message: str
    retry_after: int

    def __str__(self):
        return self.message


def _minutes(seconds: int) -> str:
    minutes = max(1, round(seconds / 60))
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


def _incr_in_redis(cache, key: str, timeout: int) -> int:
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=timeout)
        return 1


@transaction.atomic
def _incr_in_database(key: str, expires: datetime) -> int:
    counter, created = RateCounter.objects.get_or_create(key=key, defaults={"expires": expires})
    if created:  # a new window: forget the ended ones
        RateCounter.objects.filter(expires__lt=datetime.now(UTC)).delete()
    # The UPDATE locks the row until commit, so the count read back is this request's.
    RateCounter.objects.filter(pk=counter.pk).update(count=F("count") + 1)
    return RateCounter.objects.values_list("count", flat=True).get(pk=counter.pk)


def counter_incr(*, key: str, expires: int) -> int:
    """Add one to the counter `key`, which lasts until `expires` (a Unix time); return
    its new value. Atomic under concurrency, with Redis or the database."""
    cache = caches["default"]
    if isinstance(cache, RedisCache):
        return _incr_in_redis(cache, key, max(1, int(expires - time.time())))
    return _incr_in_database(key, datetime.fromtimestamp(expires, UTC))


def rate_limit_hit(*, user, action: str) -> None:
    """Count one `action` ("post", "flag" or "note") by `user`; raise RateLimited past the limit.

    A fixed window: the counter's key names the window, and expires with it.
    """
    limit_name, window_name, what = LIMITS[action]
    limit, window = getattr(settings, limit_name), getattr(settings, window_name)
    now = time.time()
    bucket = int(now // window)
    key = f"ratelimit:{action}:{user.pk}:{window}:{bucket}"
    count = counter_incr(key=key, expires=(bucket + 1) * window)
    if count > limit:
        retry = int((bucket + 1) * window - now) + 1
        raise RateLimited(
            f"Too many {what}: at most {limit} in {_minutes(window)}. "
            f"Try again in {_minutes(retry)}.",
            retry,
        )
