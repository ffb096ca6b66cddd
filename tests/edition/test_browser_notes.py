"""Browser tests of the section page (Debian Chromium through Playwright)."""

import pytest
from playwright.sync_api import expect

from edition.models import Edition, Passage
from tests.edition.helpers import ingest_samples

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def thesis(live_server):
    ingest_samples("russell-sample", "filtzer-sample")
    return Edition.objects.get(slug="russell-sample")


def test_a_reader_opens_a_note_in_place_follows_it_and_comes_back(page, live_server, thesis):
    section = thesis.sections.get(role="introduction")
    page.goto(live_server.url + section.get_absolute_url())
    call = page.locator('[data-note-call="1"]')
    call.click()
    popover = page.locator(".note-popover")
    expect(popover).to_be_visible()
    note_text = thesis.passages.get(kind="note", label="1").text[:30]
    expect(popover).to_contain_text(note_text)
    page.keyboard.press("Escape")
    expect(popover).to_have_count(0)
    expect(call).to_be_focused()
    call.click()
    page.locator("[data-popover-link]").click()
    assert page.url.endswith("#n-1")
    page.locator("#n-1 .note-back").click()
    assert page.url.endswith("#call-1")
    expect(page.locator("#call-1")).to_be_in_viewport()


def test_note_calls_work_as_plain_links_without_javascript(browser, live_server, thesis):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    section = thesis.sections.get(role="introduction")
    page.goto(live_server.url + section.get_absolute_url())
    page.locator('[data-note-call="1"]').click()
    assert page.url.endswith("#n-1")
    expect(page.locator(".note-popover")).to_have_count(0)
    context.close()


def test_a_reader_toggles_a_corrected_passage_to_the_ocr_and_back(page, live_server, thesis):
    passage = (
        Passage.objects.filter(edition__slug="filtzer-sample", kind="paragraph")
        .exclude(original="")
        .order_by("order")[3]
    )
    page.goto(live_server.url + passage.section.get_absolute_url() + f"#p-{passage.anchor}")
    block = page.locator(f'[data-passage="{passage.anchor}"]')
    text = block.locator("[data-passage-text]")
    corrected = text.inner_text()
    button = block.locator("[data-toggle-ocr]")
    block.get_by_role("button", name="OCR reading of this paragraph", pressed=False).click()
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(text.locator("del.fix").first).to_be_visible()
    assert " ".join(text.inner_text().split()) == " ".join(passage.original.split())
    block.get_by_role("button", name="OCR reading of this paragraph", pressed=True).click()
    expect(button).to_have_attribute("aria-pressed", "false")
    assert text.inner_text() == corrected


def test_a_reader_switches_a_whole_section_to_the_ocr_with_changes_marked(
    page, live_server, thesis
):
    section = Edition.objects.get(slug="filtzer-sample").sections.filter(role="chapter").first()
    page.goto(live_server.url + section.get_absolute_url())
    page.get_by_role("link", name="Original OCR").click()
    expect(page.locator("del.fix").first).to_be_visible()
    page.get_by_role("link", name="Corrected, changes highlighted").click()
    expect(page.locator("ins.fix").first).to_be_visible()
