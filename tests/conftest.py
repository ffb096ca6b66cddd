import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run
# inside one unless told that this is deliberate (tests only).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_configure(config):
    from django.conf import settings

    # Hashing with PBKDF2's many rounds costs about 0.3 s per sign-up or sign-in; tests
    # check who may sign in, not the strength of the hash.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True, scope="session")
def _fixed_site_url():
    """Tests compare links with the development address, whatever host the test client
    names; tests of the per-request address turn it back on with override_settings."""
    from django.conf import settings

    settings.SITE_URL_FROM_REQUEST = False


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Rendered section texts are kept per process; a test's rollback can give a later
    test the same edition id and version with other text (tests write passages directly)."""
    from django.conf import settings
    from django.core.cache import caches

    if "pages" in settings.CACHES:  # some tests replace CACHES with their own
        caches["pages"].clear()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(autouse=True, scope="session")
def _parse_each_source_once():
    """Parsing (and correcting) a source is pure: parse each one once per test session.

    Many test classes ingest the same samples; the loader never mutates the `Document`.
    """
    from edition.ingest import parse as parse_module

    original = parse_module.parse
    cache = {}

    def parse(raw, *, kind, title="", author="", editorial=None):
        key = (hash(raw), len(raw), kind, title, author, repr(editorial))
        if key not in cache:
            cache[key] = original(raw, kind=kind, title=title, author=author, editorial=editorial)
        return cache[key]

    parse_module.parse = parse
    yield
    parse_module.parse = original
