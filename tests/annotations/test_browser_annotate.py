"""Browser tests of the in-page annotation UI of section pages (static/js/annotate.js).

The section is built from Edition, Section and Passage rows created here. Its passages
hold what the reading text must not count: a heading number, a note call, a page marker,
emphasis and a line break.
"""

import json
import re

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from edition.models import Edition, Passage, Section, Work

pytestmark = pytest.mark.django_db(transaction=True)

P1 = ("Reading is never innocent, as the reader soon learns; every reading is an act of "
      "interpretation shaped by the page.")
P2 = "The second paragraph turns to the archive.\nIt keeps what the first one lost."
P3 = "A third passage closes the section with the reader again."


@pytest.fixture
def section(live_server):
    work = Work.objects.create(title="On Reading", author="Ada Example", year=1990)
    edition = Edition.objects.create(
        work=work, slug="on-reading", kind=Edition.Kind.CLEAN, source_file="on-reading.txt",
        raw_text="", raw_sha256="0" * 64, ingested_at=timezone.now())
    section = Section.objects.create(edition=edition, order=1, slug="chapter-1", role="chapter",
                                     number="1", title="Readers", line_start=1, line_end=20)
    rows = [
        dict(anchor="h1", kind="heading", level=1, number="1", text="Readers"),
        dict(anchor="p1", kind="paragraph", text=P1, inline={
            "emphasis": [[0, 7]],
            "calls": [{"label": "1", "number": 1, "offset": P1.index(";")}],
            "pages": [{"page": "12", "offset": P1.index("every")}]}),
        dict(anchor="p2", kind="paragraph", text=P2),
        dict(anchor="p3", kind="paragraph", text=P3),
        dict(anchor="n1", kind="note", label="1", number="1", text="A note on innocence."),
    ]
    for order, row in enumerate(rows, start=1):
        Passage.objects.create(edition=edition, section=section, order=order, line_start=order,
                               line_end=order, **row)
    return section


@pytest.fixture
def ana(db):
    # Ana annotates: she is signed in and writes her own annotations.
    return User.objects.create_user("ana", "ana@example.org", "pw-ana-12345",
                                    display_name="Ana Annotator")


def sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])


def select_text(page, anchor, start_needle, end_needle, end_anchor=None):
    """Select from the start of `start_needle` in passage `anchor` to the end of
    `end_needle` (in `end_anchor`, default the same passage), as a mouse would."""
    page.evaluate(
        """([anchor, startNeedle, endNeedle, endAnchor]) => {
          const find = (a, needle, atEnd) => {
            const el = document.querySelector(`[data-passage="${a}"] [data-passage-text]`);
            const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
              const i = n.data.indexOf(needle);
              if (i !== -1) return [n, atEnd ? i + needle.length : i];
            }
            throw new Error(`${needle} not found in ${a}`);
          };
          const range = document.createRange();
          range.setStart(...find(anchor, startNeedle, false));
          range.setEnd(...find(endAnchor, endNeedle, true));
          const selection = window.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
          document.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
        }""",
        [anchor, start_needle, end_needle, end_anchor or anchor])


def toolbar(page):
    return page.locator("[data-anno-toolbar]")


class FakeApi:
    """A stand-in for the annotation container, recording what the page sends."""

    def __init__(self, page, live_server, items=()):
        self.base = live_server.url
        self.items = list(items)
        self.posted = []
        page.route(re.compile(r".*/api/annotations/.*"), self.handle)

    def handle(self, route):
        request = route.request
        if request.method == "POST":
            body = json.loads(request.post_data)
            self.posted.append(body)
            pk = len(self.items) + 100
            item = {**body, "id": f"{self.base}/api/annotations/{pk}/",
                    "created": "2025-03-01T10:00:00+00:00",
                    "creator": {"type": "Person", "nickname": "ana", "name": "Ana Annotator"},
                    "lectio": {**body.get("lectio", {}), "mine": True, "deleted": False}}
            self.items.append(item)
            route.fulfill(status=201, content_type="application/ld+json", body=json.dumps(item),
                          headers={"ETag": f'"{pk}"'})
            return
        page = {"type": "AnnotationPage", "items": self.items}
        route.fulfill(status=200, content_type="application/ld+json",
                      body=json.dumps({"type": "AnnotationCollection", "first": page}))


def selectors(target):
    by_type = {s["type"]: s for s in target["selector"]}
    return by_type["TextQuoteSelector"], by_type["TextPositionSelector"]


def test_a_selection_across_a_note_call_and_a_page_marker_counts_reading_text_only(
        page, live_server, section, ana):
    sign_in(page, live_server, ana)
    api = FakeApi(page, live_server)
    page.goto(live_server.url + section.get_absolute_url())
    expect(page.locator("[data-annotations]")).to_have_attribute("data-loaded", "true")
    select_text(page, "p1", "the reader", "every reading")
    toolbar(page).get_by_role("button", name="Annotate").click()
    page.get_by_label("Your note").fill("Compare *Ricoeur*.")
    page.get_by_label("Tags").fill("method, Reading")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("mark.anno-hl")).not_to_have_count(0)

    target = api.posted[0]["target"]
    quote, position = selectors(target)
    start, end = P1.index("the reader"), P1.index("every reading") + len("every reading")
    assert target["source"].endswith("/editions/on-reading/passages/p1/")
    assert (position["start"], position["end"]) == (start, end)
    assert quote["exact"] == P1[start:end]
    assert quote["prefix"] == P1[max(0, start - 32):start]
    assert quote["suffix"] == P1[end:end + 32]
    assert api.posted[0]["lectio"] == {"visibility": "private"}
    marked = "".join(page.locator("mark.anno-hl").all_text_contents())
    assert marked == P1[start:end]


def test_a_selection_over_two_passages_becomes_one_target_per_passage(
        page, live_server, section, ana):
    sign_in(page, live_server, ana)
    api = FakeApi(page, live_server)
    page.goto(live_server.url + section.get_absolute_url())
    expect(page.locator("[data-annotations]")).to_have_attribute("data-loaded", "true")
    select_text(page, "p2", "It keeps", "A third passage", end_anchor="p3")
    toolbar(page).get_by_role("button", name="Highlight").click()
    expect(page.locator("mark.anno-hl")).to_have_count(2)

    first, second = api.posted[0]["target"]
    assert api.posted[0]["motivation"] == "highlighting"
    assert selectors(first)[1] == {"type": "TextPositionSelector",
                                   "start": P2.index("It keeps"), "end": len(P2)}
    assert selectors(second)[1] == {"type": "TextPositionSelector", "start": 0,
                                    "end": len("A third passage")}


def test_stored_selectors_are_painted_by_position_and_else_by_quote(page, live_server, section):
    start = P1.index("every reading")
    good = {"source": f"{live_server.url}/editions/on-reading/passages/p1/", "selector": [
        {"type": "TextQuoteSelector", "exact": "every reading", "prefix": "learns; ", "suffix": " is"},
        {"type": "TextPositionSelector", "start": start, "end": start + 13}]}
    moved = {"source": f"{live_server.url}/editions/on-reading/passages/p3/", "selector": [
        {"type": "TextQuoteSelector", "exact": "the reader", "prefix": "with ", "suffix": " again"},
        {"type": "TextPositionSelector", "start": 3, "end": 13}]}
    items = [annotation(live_server, 1, good, "Public remark"),
             annotation(live_server, 2, moved, "Re-found by its quote")]
    FakeApi(page, live_server, items)
    page.goto(live_server.url + section.get_absolute_url())
    expect(page.locator("#a-1")).to_have_text("every reading")
    expect(page.locator("#a-2")).to_have_text("the reader")
    expect(page.locator("[data-card]")).to_have_count(2)
    # Anonymous readers see the annotations but get no toolbar and no passage buttons.
    expect(page.locator("[data-anno-toolbar]")).to_have_count(0)
    expect(page.locator("[data-annotate-passage]")).to_have_count(0)


def annotation(live_server, pk, target, text, **lectio):
    return {
        "id": f"{live_server.url}/api/annotations/{pk}/", "type": "Annotation",
        "motivation": "commenting", "created": "2025-03-01T10:00:00+00:00",
        "creator": {"type": "Person", "nickname": "bea", "name": "Bea Reader"},
        "body": [{"type": "TextualBody", "purpose": "commenting", "value": text,
                  "format": "text/markdown"}],
        "target": target,
        "lectio": {"visibility": "public", "bodyHtml": f"<p>{text}</p>", "tags": [],
                   "mine": False, "deleted": False, **lectio},
    }
