"""Project-wide HTTP middleware: refusals that no view should have to repeat, and headers
that every response carries."""

import re

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.middleware.gzip import GZipMiddleware
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control


def _bad_request(request, message: str) -> HttpResponseBadRequest:
    body = render_to_string("400.html", {"message": message}, request=request)
    return HttpResponseBadRequest(body)


class RejectNulBytesMiddleware:
    """Answer 400 to a NUL byte in the path or the query string.

    PostgreSQL refuses NUL in text, so a slug or filter carrying one would reach the
    database and fail there with a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or _query_has_nul(request):
            return _bad_request(request, "The address contains a NUL character.")
        return self.get_response(request)


def _query_has_nul(request) -> bool:
    return any(
        "\x00" in key or any("\x00" in value for value in values)
        for key, values in request.GET.lists()
    )


class HeadersMiddleware:
    """A Permissions-Policy on every response, and `Cache-Control: private` on responses
    to a signed-in user, so that no shared cache keeps one reader's page for another."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True)
        return response


# One annotation of the API: the resource whose ETag comes back in If-Match. Containers
# and pages are only ever asked again with If-None-Match, which compares weakly.
ANNOTATION_PATH = re.compile(r"^/api/annotations/\d+/$")


class CompressionMiddleware(GZipMiddleware):
    """gzip for HTML and JSON, except responses whose ETag a client sends back in
    If-Match (the API's annotations): compressing would weaken it (W/"..."), and If-Match
    compares strongly, so every edit would fail with 412. Those responses are small."""

    def process_response(self, request, response):
        etag = response.get("ETag", "")
        if etag.startswith('"') and ANNOTATION_PATH.match(request.path):
            return response
        return super().process_response(request, response)
