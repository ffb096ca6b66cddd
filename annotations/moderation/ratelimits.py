"""Rate limits on posting and flagging, per user. Counters live in the default cache,
which every worker shares (database or Redis), never in process memory."""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

# action -> (settings name of the limit, of the window in seconds, what is counted)
LIMITS = {
    "post": ("RATE_LIMIT_POSTS", "RATE_LIMIT_POSTS_SECONDS", "annotations and replies"),
    "flag": ("RATE_LIMIT_FLAGS", "RATE_LIMIT_FLAGS_SECONDS", "flags"),
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


def rate_limit_hit(*, user, action: str) -> None:
    """Count one `action` ("post" or "flag") by `user`; raise RateLimited past the limit.

    A fixed window: the counter's key names the window, and expires with it.
    """
    limit_name, window_name, what = LIMITS[action]
    limit, window = getattr(settings, limit_name), getattr(settings, window_name)
    now = time.time()
    bucket = int(now // window)
    key = f"ratelimit:{action}:{user.pk}:{window}:{bucket}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    if count > limit:
        retry = int((bucket + 1) * window - now) + 1
        raise RateLimited(
            f"Too many {what}: at most {limit} in {_minutes(window)}. "
            f"Try again in {_minutes(retry)}.",
            retry,
        )
