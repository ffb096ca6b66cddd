"""Browser test of search: the header box, a hit, and the words marked on the passage."""

import pytest
from playwright.sync_api import expect

from tests.edition.helpers import ingest_samples

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_reader_searches_from_the_header_and_sees_the_words_marked(page, live_server):
    ingest_samples("filtzer-sample")  # indexed after commit, as on a real site
    page.goto(live_server.url + "/")
    page.get_by_role("searchbox", name="Search the texts and annotations").fill("workers")
    page.get_by_role("search", name="Site").get_by_role("button", name="Search").click()
    hits = page.locator("#text-hits + .search-results .search-hit")
    expect(hits.first.locator("mark").first).to_contain_text("worker", ignore_case=True)
    hits.first.locator(".hit-place a").click()
    expect(page.locator("mark.search-mark").first).to_be_visible()
    expect(page.locator("mark.search-mark").first).to_contain_text("worker", ignore_case=True)
