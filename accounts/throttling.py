"""Login throttling: failed sign-ins counted per username and client address.

Counters live in the default cache, which is shared by every worker (database or Redis),
so the limit holds across processes.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache


def _limit() -> int:
    return getattr(settings, "LOGIN_FAILURE_LIMIT", 5)


def _window() -> int:
    return getattr(settings, "LOGIN_FAILURE_WINDOW_SECONDS", 15 * 60)


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""


def _key(username: str, ip: str) -> str:
    digest = hashlib.sha256(f"{username.strip().lower()}|{ip}".encode()).hexdigest()
    return f"login-failures:{digest}"


def login_blocked(*, username: str, ip: str) -> bool:
    """Whether this username has failed too often from this address lately."""
    return cache.get(_key(username, ip), 0) >= _limit()


def login_failure_record(*, username: str, ip: str) -> int:
    """Count one failure; the window starts at the first failure. Returns the count."""
    key = _key(username, ip)
    cache.add(key, 0, timeout=_window())
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=_window())
        return 1


def login_failures_clear(*, username: str, ip: str) -> None:
    cache.delete(_key(username, ip))
