"""The address links are built on (`settings.SITE_URL`), followed per request when unset.

With `SITE_URL` set, every link uses it. Without it, the address a request came in on
(its scheme and its Host header, which Django checks against `ALLOWED_HOSTS`) is used while
that request runs, so copied links, citations, API ids and e-mails work on any port; outside
a request (commands, the shell) the fallback is `http://127.0.0.1:$PORT`.
"""

from contextvars import ContextVar

from django.conf import settings

_current: ContextVar[str | None] = ContextVar("site_url", default=None)


class SiteUrl:
    """Behaves as the string of the current site address: `SITE_URL + path`, f-strings."""

    def __init__(self, fallback: str):
        self.fallback = fallback.rstrip("/")

    def __str__(self) -> str:
        return _current.get() or self.fallback

    def __add__(self, other: str) -> str:
        return str(self) + other

    def __radd__(self, other: str) -> str:
        return other + str(self)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __eq__(self, other) -> bool:
        return str(self) == str(other)

    def __hash__(self) -> int:
        return hash(str(self))

    def __getattr__(self, name):
        # str methods (rstrip, startswith, ...) act on the current value.
        return getattr(str(self), name)

    def __repr__(self) -> str:
        return repr(str(self))


class SiteUrlMiddleware:
    """Sets the site address for the duration of each request, when SITE_URL is unset."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.SITE_URL_FROM_REQUEST:
            return self.get_response(request)
        token = _current.set(f"{request.scheme}://{request.get_host()}")
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)
