"""The gates on every page type (tests/browser/pages.py), on the demo data: no sideways
scroll on a 390 px phone, and no serious or critical axe-core finding at either width."""

import io
import subprocess

import pytest
from django.core.management import call_command

from tests.browser.pages import (
    AXE,
    DESKTOP,
    PHONE,
    axe_violations,
    overflow,
    page_types,
    show,
    sign_in,
    too_wide,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="session")
def axe():
    """axe-core is a test-only npm package (tests/js/package.json), installed when missing."""
    if not AXE.exists():
        subprocess.run(
            ["npm", "install", "--prefix", str(AXE.parents[2]), "--no-audit", "--no-fund"],
            check=True,
            capture_output=True,
        )
    return AXE


@pytest.fixture
def demo(live_server):
    quiet = io.StringIO()
    call_command("ingest", verbosity=0, stdout=quiet)
    call_command("demo", stdout=quiet)
    return page_types()


def findings(browser, base, types, viewport):
    # axe-core is injected as an inline script, which the pages' CSP would block.
    context = browser.new_context(viewport=viewport, has_touch=viewport == PHONE, bypass_csp=True)
    page = context.new_page()
    found, persona = [], None
    for t in types:
        if t.persona != persona:
            sign_in(page, base, t.persona)
            persona = t.persona
        show(page, base, t)
        if viewport == PHONE and overflow(page) > 0:
            found.append(f"{t.name} scrolls sideways: {', '.join(too_wide(page))}")
        found += [f"{t.name} at {viewport['width']} px: {v}" for v in axe_violations(page)]
    context.close()
    return found


def test_every_page_type_fits_a_phone_and_passes_axe(browser, live_server, demo, axe):
    found = findings(browser, live_server.url, demo, PHONE)
    found += findings(browser, live_server.url, demo, DESKTOP)
    assert not found, "\n".join(found)
