"""Sign-in throttling that slows a guesser down without locking the real user out.

Two counters of failed sign-ins, neither a lock-out:
- per (account, client address): after LOGIN_FAILURE_LIMIT failures within the window,
  that address waits LOGIN_COOLDOWN_SECONDS before each further try on that account;
- per account, from every address: past the generous LOGIN_ACCOUNT_FAILURE_LIMIT within
  its window (a distributed attack), every address waits the same cooldown.

Refused attempts are counted for the account, and the real user is told at their next
sign-in (`login_throttled_pop`). The client address is REMOTE_ADDR, or the header named
by CLIENT_IP_HEADER when a trusted proxy sets it (docs/deployment.md).

Counters live in the default cache, which is shared by every worker (database or Redis),
so the limits hold across processes.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache

# How long a refused attempt is remembered for the user's next sign-in.
THROTTLED_MEMORY_SECONDS = 30 * 24 * 3600


def client_ip(request) -> str:
    """The client's address: from the trusted proxy's header when one is configured.

    A proxy appends the address it saw to X-Forwarded-For, so the last entry is the one
    the trusted proxy wrote; the ones before it are whatever the client sent.
    """
    if request is None:
        return ""
    header = settings.CLIENT_IP_HEADER
    if header:
        meta_key = "HTTP_" + header.upper().replace("-", "_")
        forwarded = request.META.get(meta_key, "").split(",")[-1].strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR", "")


def _digest(*parts: str) -> str:
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def _account(username: str) -> str:
    return username.strip().lower()


def _keys(username: str, ip: str) -> dict[str, str]:
    account = _digest(_account(username))
    pair = _digest(_account(username), ip)
    return {
        "pair": f"login-failures:{pair}",
        "pair_cooldown": f"login-cooldown:{pair}",
        "account": f"login-account-failures:{account}",
        "account_cooldown": f"login-account-cooldown:{account}",
        "throttled": f"login-throttled:{account}",
    }


def _count(key: str, *, timeout: int) -> int:
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=timeout)
        return 1


def login_blocked(*, username: str, ip: str) -> bool:
    """Whether this attempt must wait; a refused attempt is remembered for the user."""
    keys = _keys(username, ip)
    blocked = bool(cache.get_many([keys["pair_cooldown"], keys["account_cooldown"]]))
    if blocked:
        _count(keys["throttled"], timeout=THROTTLED_MEMORY_SECONDS)
    return blocked


def login_failure_record(*, username: str, ip: str) -> int:
    """Count one failure, and start a cooldown past either limit. Returns the pair count."""
    keys = _keys(username, ip)
    cooldown = settings.LOGIN_COOLDOWN_SECONDS
    failures = _count(keys["pair"], timeout=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    if failures >= settings.LOGIN_FAILURE_LIMIT:
        cache.set(keys["pair_cooldown"], 1, timeout=cooldown)
    account_failures = _count(keys["account"], timeout=settings.LOGIN_ACCOUNT_WINDOW_SECONDS)
    if account_failures >= settings.LOGIN_ACCOUNT_FAILURE_LIMIT:
        cache.set(keys["account_cooldown"], 1, timeout=cooldown)
    return failures


def login_failures_clear(*, username: str, ip: str) -> None:
    """Forget this address's failures on the account (after a successful sign-in)."""
    keys = _keys(username, ip)
    cache.delete_many([keys["pair"], keys["pair_cooldown"]])


def login_throttled_pop(*, username: str) -> int:
    """How many sign-in attempts on the account were refused since the user last heard."""
    key = _keys(username, "")["throttled"]
    count = cache.get(key, 0)
    cache.delete(key)
    return count
