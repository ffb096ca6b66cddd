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
from annotations.models import Annotation
from edition.models import Edition, Passage, Section, Work
from groups.models import Membership, ReadingGroup

pytestmark = pytest.mark.django_db(transaction=True)

P1 = (
    "Reading is never innocent, as the reader soon learns; every reading is an act of "
    "interpretation shaped by the page."
)
P2 = "The second paragraph turns to the archive.\nIt keeps what the first one lost."
P3 = "A third passage closes the section with the reader again."


@pytest.fixture
def section(live_server):
    work = Work.objects.create(title="On Reading", author="Ada Example", year=1990)
    edition = Edition.objects.create(
        work=work,
        slug="on-reading",
        kind=Edition.Kind.CLEAN,
        source_file="on-reading.txt",
        raw_text="",
        raw_sha256="0" * 64,
        ingested_at=timezone.now(),
    )
    section = Section.objects.create(
        edition=edition,
        order=1,
        slug="chapter-1",
        role="chapter",
        number="1",
        title="Readers",
        line_start=1,
        line_end=20,
    )
    rows = [
        dict(anchor="h1", kind="heading", level=1, number="1", text="Readers"),
        dict(
            anchor="p1",
            kind="paragraph",
            text=P1,
            inline={
                "emphasis": [[0, 7]],
                "calls": [{"label": "1", "number": 1, "offset": P1.index(";")}],
                "pages": [{"page": "12", "offset": P1.index("every")}],
            },
        ),
        dict(anchor="p2", kind="paragraph", text=P2),
        dict(anchor="p3", kind="paragraph", text=P3),
        dict(anchor="n1", kind="note", label="1", number="1", text="A note on innocence."),
    ]
    for order, row in enumerate(rows, start=1):
        Passage.objects.create(
            edition=edition, section=section, order=order, line_start=order, line_end=order, **row
        )
    return section


@pytest.fixture
def ana(db):
    # Ana annotates: she is signed in and writes her own annotations.
    return User.objects.create_user(
        "ana", "ana@example.org", "pw-ana-12345", display_name="Ana Annotator"
    )


@pytest.fixture
def bea(db):
    # Bea annotates too; she shares the Thursday seminar with Ana.
    return User.objects.create_user(
        "bea", "bea@example.org", "pw-bea-12345", display_name="Bea Reader"
    )


@pytest.fixture
def seminar(ana, bea):
    group = ReadingGroup.objects.create(name="Thursday seminar", created_by=bea)
    Membership.objects.create(group=group, user=bea, role=Membership.Role.OWNER)
    Membership.objects.create(group=group, user=ana)
    return group


def post_annotation(live_server, user, anchor, exact, text="", **lectio):
    """Create an annotation through the API, as `user`; return its JSON."""
    passage = Passage.objects.get(anchor=anchor)
    start = passage.text.index(exact)
    body = {
        "type": "Annotation",
        "motivation": "commenting" if text else "highlighting",
        "body": [{"type": "TextualBody", "value": text, "format": "text/markdown"}] if text else [],
        "target": {
            "source": live_server.url + passage.get_absolute_url(),
            "selector": [
                {"type": "TextQuoteSelector", "exact": exact},
                {"type": "TextPositionSelector", "start": start, "end": start + len(exact)},
            ],
        },
        "lectio": lectio or {"visibility": "public"},
    }
    client = Client()
    client.force_login(user)
    response = client.post(
        "/api/annotations/", json.dumps(body), content_type="application/ld+json"
    )
    assert response.status_code == 201, response.content
    return response.json()


def card(page, text):
    return page.locator("[data-card]").filter(has_text=text)


def sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


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
        [anchor, start_needle, end_needle, end_anchor or anchor],
    )


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
            item = {
                **body,
                "id": f"{self.base}/api/annotations/{pk}/",
                "created": "2025-03-01T10:00:00+00:00",
                "creator": {"type": "Person", "nickname": "ana", "name": "Ana Annotator"},
                "lectio": {**body.get("lectio", {}), "mine": True, "deleted": False},
            }
            self.items.append(item)
            route.fulfill(
                status=201,
                content_type="application/ld+json",
                body=json.dumps(item),
                headers={"ETag": f'"{pk}"'},
            )
            return
        page = {"type": "AnnotationPage", "items": self.items}
        route.fulfill(
            status=200,
            content_type="application/ld+json",
            body=json.dumps({"type": "AnnotationCollection", "first": page}),
        )


def selectors(target):
    by_type = {s["type"]: s for s in target["selector"]}
    return by_type["TextQuoteSelector"], by_type["TextPositionSelector"]


def test_a_selection_across_a_note_call_and_a_page_marker_counts_reading_text_only(
    page, live_server, section, ana
):
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
    assert quote["prefix"] == P1[max(0, start - 32) : start]
    assert quote["suffix"] == P1[end : end + 32]
    assert api.posted[0]["lectio"] == {"visibility": "private"}
    marked = "".join(page.locator("mark.anno-hl").all_text_contents())
    assert marked == P1[start:end]


def test_a_selection_over_two_passages_becomes_one_target_per_passage(
    page, live_server, section, ana
):
    sign_in(page, live_server, ana)
    api = FakeApi(page, live_server)
    page.goto(live_server.url + section.get_absolute_url())
    expect(page.locator("[data-annotations]")).to_have_attribute("data-loaded", "true")
    select_text(page, "p2", "It keeps", "A third passage", end_anchor="p3")
    toolbar(page).get_by_role("button", name="Highlight").click()
    expect(page.locator("mark.anno-hl")).to_have_count(2)

    first, second = api.posted[0]["target"]
    assert api.posted[0]["motivation"] == "highlighting"
    assert selectors(first)[1] == {
        "type": "TextPositionSelector",
        "start": P2.index("It keeps"),
        "end": len(P2),
    }
    assert selectors(second)[1] == {
        "type": "TextPositionSelector",
        "start": 0,
        "end": len("A third passage"),
    }


def test_stored_selectors_are_painted_by_position_and_else_by_quote(page, live_server, section):
    start = P1.index("every reading")
    good = {
        "source": f"{live_server.url}/editions/on-reading/passages/p1/",
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": "every reading",
                "prefix": "learns; ",
                "suffix": " is",
            },
            {"type": "TextPositionSelector", "start": start, "end": start + 13},
        ],
    }
    moved = {
        "source": f"{live_server.url}/editions/on-reading/passages/p3/",
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": "the reader",
                "prefix": "with ",
                "suffix": " again",
            },
            {"type": "TextPositionSelector", "start": 3, "end": 13},
        ],
    }
    items = [
        annotation(live_server, 1, good, "Public remark"),
        annotation(live_server, 2, moved, "Re-found by its quote"),
    ]
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
        "id": f"{live_server.url}/api/annotations/{pk}/",
        "type": "Annotation",
        "motivation": "commenting",
        "created": "2025-03-01T10:00:00+00:00",
        "creator": {"type": "Person", "nickname": "bea", "name": "Bea Reader"},
        "body": [
            {
                "type": "TextualBody",
                "purpose": "commenting",
                "value": text,
                "format": "text/markdown",
            }
        ],
        "target": target,
        "lectio": {
            "visibility": "public",
            "bodyHtml": f"<p>{text}</p>",
            "tags": [],
            "mine": False,
            "deleted": False,
            **lectio,
        },
    }


# ---- Against the real API ----------------------------------------------------------------


def test_a_reader_annotates_a_selection_and_sees_it_again_after_reloading(
    page, live_server, section, ana, seminar
):
    sign_in(page, live_server, ana)
    page.goto(live_server.url + section.get_absolute_url())
    expect(page.locator("[data-annotations]")).to_have_attribute("data-loaded", "true")
    select_text(page, "p1", "the reader", "every reading")
    toolbar(page).get_by_role("button", name="Annotate").click()
    page.get_by_label("Your note").fill("Compare *Ricoeur*.")
    page.get_by_label("Tags").fill("Method, hermeneutics")
    page.get_by_label("Who can see it").select_option(label="My group: Thursday seminar")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_have_text("Annotation saved.")

    page.reload()
    start, end = P1.index("the reader"), P1.index("every reading") + len("every reading")
    annotation = Annotation.objects.get()
    mark = page.locator(f"#a-{annotation.pk}")
    expect(mark).to_have_text(P1[start : P1.index(";")])
    marks = page.locator(f'mark[data-annotation="{annotation.pk}"]')
    assert "".join(marks.all_text_contents()) == P1[start:end]
    saved = card(page, "Compare")
    expect(saved.locator("em")).to_have_text("Ricoeur")
    expect(saved).to_contain_text("Thursday seminar")
    expect(saved.locator(".anno-tag")).to_have_text(["method", "hermeneutics"])
    assert (annotation.selector_start, annotation.selector_end) == (start, end)
    assert annotation.visibility == "group" and annotation.group == seminar


def test_a_reader_opens_a_thread_from_its_highlight_and_replies(
    page, live_server, section, ana, bea
):
    parent = post_annotation(live_server, bea, "p3", "the reader", "Which reader?")
    sign_in(page, live_server, ana)
    page.goto(live_server.url + section.get_absolute_url())
    pk = parent["id"].rstrip("/").rsplit("/", 1)[1]
    page.locator(f"#a-{pk}").click()
    thread = card(page, "Which reader?")
    expect(thread).to_have_class(re.compile(r"\bis-open\b"))
    thread.get_by_label("Your reply").fill("The *implied* one.")
    thread.get_by_role("button", name="Reply").click()
    expect(thread.locator(".anno-reply em")).to_have_text("implied")

    page.reload()
    expect(card(page, "Which reader?").get_by_role("button", name="Replies (1)")).to_be_visible()
    reply = Annotation.objects.get(parent__isnull=False)
    assert (reply.author, reply.parent_id, reply.body) == (ana, int(pk), "The *implied* one.")


def test_a_reader_edits_and_deletes_her_own_annotation(page, live_server, section, ana):
    mine = post_annotation(
        live_server, ana, "p2", "the archive", "First thought", visibility="private"
    )
    pk = int(mine["id"].rstrip("/").rsplit("/", 1)[1])
    sign_in(page, live_server, ana)
    page.goto(live_server.url + section.get_absolute_url())
    own = card(page, "First thought")
    own.get_by_role("button", name="Edit").click()
    page.get_by_label("Your note").fill("Second thought")
    page.get_by_label("Who can see it").select_option("public")
    page.get_by_role("button", name="Save").click()
    expect(card(page, "Second thought")).to_contain_text("Public")
    assert Annotation.objects.get(pk=pk).body == "Second thought"

    page.once("dialog", lambda dialog: dialog.accept())
    card(page, "Second thought").get_by_role("button", name="Delete").click()
    expect(page.locator("[data-card]")).to_have_count(0)
    expect(page.locator("mark.anno-hl")).to_have_count(0)
    assert not Annotation.objects.filter(pk=pk).exists()


def test_a_reader_annotates_and_moves_between_annotations_with_the_keyboard(
    page, live_server, section, ana, bea
):
    post_annotation(live_server, bea, "p1", "innocent", "On innocence")
    sign_in(page, live_server, ana)
    page.goto(live_server.url + section.get_absolute_url())
    expect(page.locator("[data-annotations]")).to_have_attribute("data-loaded", "true")
    # Tab into the third passage's tools, then annotate the whole passage with "a".
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('[data-passage=\"p3\"]') !== null"):
            break
    page.keyboard.press("a")
    expect(page.get_by_label("Your note")).to_be_focused()
    page.keyboard.type("Typed without a mouse")
    page.keyboard.press("Tab")
    page.keyboard.type("keyboard")
    page.keyboard.press("Enter")  # submits the form from the tags field
    expect(page.get_by_role("status")).to_have_text("Annotation saved.")
    created = Annotation.objects.get(body="Typed without a mouse")
    assert (created.selector_start, created.selector_end) == (0, len(P3))

    page.keyboard.press("Escape")  # closes the thread and puts the focus on its highlight
    expect(page.locator(f"#a-{created.pk}")).to_be_focused()
    page.keyboard.press("p")
    first = Annotation.objects.get(body="On innocence")
    expect(page.locator(f"#a-{first.pk}")).to_be_focused()
    expect(page.locator(f"#a-{first.pk}")).to_have_attribute(
        "aria-label", re.compile("Bea Reader's annotation: On innocence")
    )
    page.keyboard.press("n")
    expect(page.locator(f"#a-{created.pk}")).to_be_focused()
    page.keyboard.press("Enter")
    expect(card(page, "Typed without a mouse")).to_be_focused()

    # A keyboard selection (caret browsing) followed by "h" makes a highlight.
    select_text(page, "p2", "The second", "paragraph")
    page.keyboard.press("h")
    expect(page.get_by_role("status")).to_have_text(re.compile("Highlight saved"))
    highlight = Annotation.objects.get(motivation="highlighting")
    assert highlight.selector_exact == "The second paragraph"


def test_the_layer_switcher_shows_mine_a_group_public_or_none(
    page, live_server, section, ana, bea, seminar
):
    post_annotation(live_server, ana, "p1", "innocent", "Ana private", visibility="private")
    post_annotation(
        live_server,
        bea,
        "p2",
        "archive",
        "Bea to the seminar",
        visibility="group",
        group=seminar.pk,
    )
    post_annotation(live_server, bea, "p3", "closes", "Bea in public", visibility="public")
    sign_in(page, live_server, ana)
    page.goto(live_server.url + section.get_absolute_url())
    cards = page.locator("[data-card]")
    layer = page.get_by_label("Show", exact=True)
    expect(cards).to_have_count(3)
    layer.select_option("mine")
    expect(cards).to_have_text([re.compile("Ana private")])
    layer.select_option(label="Group: Thursday seminar")
    expect(cards).to_have_text([re.compile("Bea to the seminar")])
    layer.select_option("public")
    expect(cards).to_have_text([re.compile("Bea in public")])
    expect(page.locator("mark.anno-hl")).to_have_text(["closes"])
    layer.select_option("none")
    expect(cards).to_have_count(0)
    expect(page.locator("mark.anno-hl")).to_have_count(0)
    layer.select_option("all")
    page.get_by_label("By").select_option(label="Bea Reader")
    expect(cards).to_have_count(2)


def test_a_permalink_opens_the_section_at_the_annotation_with_its_thread_open(
    page, live_server, section, ana, bea
):
    for n in range(3):
        post_annotation(live_server, bea, "p1", "innocent", f"Filler {n}")
    target = post_annotation(live_server, bea, "n1", "innocence", "On the note itself")
    pk = target["id"].rstrip("/").rsplit("/", 1)[1]
    page.set_viewport_size({"width": 1280, "height": 500})
    page.goto(f"{live_server.url}{section.get_absolute_url()}#a-{pk}")
    expect(card(page, "On the note itself")).to_have_class(re.compile(r"\bis-open\b"))
    expect(page.locator(f"#a-{pk}")).to_be_in_viewport()
    # Anonymous readers see public annotations but cannot write.
    expect(page.locator("[data-anno-toolbar]")).to_have_count(0)
    expect(card(page, "On the note itself").locator("[data-reply-form]")).to_be_hidden()


def test_deleting_an_annotation_with_replies_leaves_the_thread_with_a_tombstone(
    page, live_server, section, ana, bea
):
    mine = post_annotation(live_server, ana, "p3", "closes", "Soon gone", visibility="public")
    client = Client()
    client.force_login(bea)
    reply = {
        "type": "Annotation",
        "motivation": "replying",
        "target": mine["id"],
        "body": [{"type": "TextualBody", "value": "A reply that stays"}],
    }
    assert (
        client.post(
            "/api/annotations/", json.dumps(reply), content_type="application/json"
        ).status_code
        == 201
    )
    sign_in(page, live_server, ana)
    page.goto(live_server.url + section.get_absolute_url())
    page.once("dialog", lambda dialog: dialog.accept())
    card(page, "Soon gone").get_by_role("button", name="Delete").click()
    expect(page.locator("[data-card]")).to_have_text([re.compile("Deleted by its author")])
    page.reload()
    thread = page.locator("[data-card]")
    expect(thread).to_contain_text("Deleted by its author")
    thread.get_by_role("button", name="Replies (1)").click()
    expect(thread.locator(".anno-reply")).to_contain_text("A reply that stays")


def test_highlights_come_back_after_a_passage_is_shown_as_ocr_and_back(
    page, live_server, section, ana
):
    Passage.objects.filter(anchor="p2").update(original=P2.replace("archive", "arcliive"))
    post_annotation(live_server, ana, "p2", "the archive", "On archives")
    page.goto(live_server.url + section.get_absolute_url())
    block = page.locator('[data-passage="p2"]')
    expect(block.locator("mark.anno-hl")).to_have_text(["the archive"])
    block.locator("[data-passage-text]").hover()
    block.get_by_role("button", name="OCR reading of this paragraph", pressed=False).click()
    expect(block.locator("mark.anno-hl")).to_have_count(0)
    block.get_by_role("button", name="OCR reading of this paragraph", pressed=True).click()
    expect(block.locator("mark.anno-hl")).to_have_text(["the archive"])
