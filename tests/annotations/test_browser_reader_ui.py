"""Browser tests of what a first-time reader meets in the annotation panel: flag forms,
annotations the text no longer holds, and annotating on a touch screen."""

import pytest
from playwright.sync_api import expect

from annotations.models import Annotation
from tests.annotations import test_browser_annotate as base
from tests.annotations.test_browser_annotate import P1, FakeApi, annotation, card, sign_in

# The section page and Ana of the annotation UI's tests.
section, ana = base.section, base.ana

pytestmark = pytest.mark.django_db(transaction=True)


def target(live_server, anchor, exact, start):
    return {
        "source": f"{live_server.url}/editions/on-reading/passages/{anchor}/",
        "selector": [
            {"type": "TextQuoteSelector", "exact": exact},
            {"type": "TextPositionSelector", "start": start, "end": start + len(exact)},
        ],
    }


def test_flag_forms_stay_closed_until_asked_for_and_are_never_offered_on_own_notes(
    page,
    live_server,
    section,
    ana,
):
    others = annotation(live_server, 1, target(live_server, "p1", "Reading", 0), "Bea's remark")
    mine = annotation(live_server, 2, target(live_server, "p3", "third", 2), "Ana's own")
    mine["creator"] = {"type": "Person", "nickname": "ana", "name": "Ana Annotator"}
    mine["lectio"]["mine"] = True
    FakeApi(page, live_server, [others, mine])
    page.goto(live_server.url + section.get_absolute_url())
    expect(page.locator("[data-card]")).to_have_count(2)
    # Anonymous: no flag button, no flag form.
    expect(page.locator("[data-flag-form]:visible")).to_have_count(0)
    expect(page.locator("[data-card-flag]:visible")).to_have_count(0)

    sign_in(page, live_server, ana)
    page.reload()
    expect(page.locator("[data-card]")).to_have_count(2)
    expect(page.locator("[data-flag-form]:visible")).to_have_count(0)
    expect(card(page, "Ana's own").locator("[data-card-flag]")).to_be_hidden()
    card(page, "Bea's remark").get_by_role("button", name="Flag").click()
    expect(card(page, "Bea's remark").locator("[data-flag-form]")).to_be_visible()
    expect(card(page, "Ana's own").locator("[data-flag-form]")).to_be_hidden()
    form = card(page, "Bea's remark").locator("[data-flag-form]")
    form.get_by_label("Why flag it for moderators?").select_option("other")
    form.get_by_role("button", name="Send flag").click()
    expect(form.get_by_role("alert")).to_have_text("Say why in Details when the reason is “Other”.")


def test_an_orphaned_annotation_is_not_drawn_on_other_words_and_is_listed_last(
    page,
    live_server,
    section,
):
    # The quote "the reader" still occurs in p1 and p3, but the server says the words
    # this note was on are gone.
    gone = annotation(
        live_server, 1, target(live_server, "p1", "the reader", P1.index("the reader")), "Lost"
    )
    gone["lectio"]["anchorState"] = "orphaned"
    kept = annotation(live_server, 2, target(live_server, "p3", "third", 2), "Still here")
    FakeApi(page, live_server, [gone, kept])
    page.goto(live_server.url + section.get_absolute_url())
    expect(page.locator("#a-2")).to_have_text("third")
    expect(page.locator('mark[data-annotation="1"]')).to_have_count(0)
    expect(page.locator("[data-card]")).to_have_count(2)
    expect(page.locator("[data-card]").last).to_contain_text("Lost")
    expect(card(page, "Lost")).to_contain_text("No longer found in the text.")
    expect(card(page, "Still here").locator("[data-card-orphan]")).to_be_hidden()


def test_a_reader_annotates_a_selection_on_a_touch_screen(
    browser,
    live_server,
    section,
    ana,
):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    sign_in(page, live_server, ana)
    page.goto(live_server.url + section.get_absolute_url())
    expect(page.locator("[data-annotations]")).to_have_attribute("data-loaded", "true")
    # A long press and the drag handles: the selection changes, no mouseup or keyup.
    page.evaluate(
        """(needle) => {
          const el = document.querySelector('[data-passage="p3"] [data-passage-text]');
          const node = el.firstChild;
          const i = node.data.indexOf(needle);
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + needle.length);
          window.getSelection().removeAllRanges();
          window.getSelection().addRange(range);
        }""",
        "third passage",
    )
    button = page.locator("[data-anno-toolbar]").get_by_role("button", name="Annotate")
    expect(button).to_be_visible()
    assert button.bounding_box()["height"] >= 44  # a finger-sized target
    button.tap()
    page.get_by_label("Your note").fill("Noted on a phone.")
    page.get_by_role("button", name="Save").tap()
    expect(page.get_by_role("status")).to_have_text("Annotation saved.")
    saved = Annotation.objects.get()
    assert saved.selector_exact == "third passage"
    context.close()
