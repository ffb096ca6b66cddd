"""Browser test of the moderation round trip: a reader flags an annotation in the section
page, staff hide it from the queue, the author sees the reason and appeals."""

import json

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from annotations.models import Annotation
from annotations.moderation.models import Appeal
from edition.models import Edition, Passage, Section, Work

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = "Reading is never innocent, as the reader soon learns from the page."


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
        line_end=9,
    )
    Passage.objects.create(
        edition=edition,
        section=section,
        order=1,
        line_start=1,
        line_end=1,
        anchor="p1",
        kind="paragraph",
        text=TEXT,
    )
    return section


@pytest.fixture
def people(db):
    # Ana annotates publicly; Rita reads and flags; Sofia is staff and moderates.
    make = User.objects.create_user
    return {
        "ana": make("ana", "ana@example.org", display_name="Ana Annotator"),
        "rita": make("rita", "rita@example.org", display_name="Rita Reader"),
        "sofia": make("sofia", "sofia@example.org", is_staff=True, display_name="Sofia Staff"),
    }


def sign_in(context, live_server, user):
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def post_public_annotation(live_server, user, exact, text):
    passage = Passage.objects.get(anchor="p1")
    start = passage.text.index(exact)
    client = Client()
    client.force_login(user)
    body = {
        "type": "Annotation",
        "motivation": "commenting",
        "body": [{"type": "TextualBody", "value": text, "format": "text/markdown"}],
        "target": {
            "source": live_server.url + passage.get_absolute_url(),
            "selector": [
                {"type": "TextQuoteSelector", "exact": exact},
                {"type": "TextPositionSelector", "start": start, "end": start + len(exact)},
            ],
        },
        "lectio": {"visibility": "public"},
    }
    response = client.post(
        "/api/annotations/", json.dumps(body), content_type="application/ld+json"
    )
    assert response.status_code == 201, response.content
    return Annotation.objects.get(body=text)


def test_flag_then_queue_then_decision_then_the_author_sees_why_and_appeals(
    browser, live_server, section, people
):
    note = post_public_annotation(
        live_server, people["ana"], "never innocent", "You are all fools."
    )
    url = live_server.url + section.get_absolute_url()

    # Rita flags it from the annotation panel.
    rita = browser.new_context()
    sign_in(rita, live_server, people["rita"])
    page = rita.new_page()
    page.goto(url)
    card = page.locator(f'[data-card="{note.pk}"]')
    expect(card).to_contain_text("You are all fools.")
    card.get_by_role("button", name="Flag", exact=True).click()
    card.get_by_label("Why flag it for moderators?").select_option("abusive")
    card.get_by_role("button", name="Send flag").click()
    expect(card.locator("[data-card-flagged]")).to_contain_text("a moderator will look at it")

    # Sofia finds it in the queue, in its passage's context, and hides it with a reason.
    sofia = browser.new_context()
    sign_in(sofia, live_server, people["sofia"])
    queue = sofia.new_page()
    queue.goto(live_server.url + "/moderation/?reason=abusive")
    item = queue.locator(f"#q-{note.pk}")
    expect(item).to_contain_text("You are all fools.")
    expect(item.locator("mark")).to_have_text("never innocent")
    expect(item).to_contain_text("Abusive")
    item.get_by_label("Decision").select_option("hide")
    item.get_by_label("Reason").select_option("abusive")
    item.get_by_label("Note").fill("Please argue with the text, not with readers.")
    item.get_by_role("button", name="Decide").click()
    expect(queue.locator(".messages")).to_contain_text("Decision recorded")
    expect(queue.locator(f"#q-{note.pk}")).to_have_count(0)

    # Rita now sees a placeholder, and the outcome of her flag.
    page.reload()
    expect(card.locator("[data-card-body]")).to_have_text("Hidden by a moderator.")
    expect(card.locator("[data-card-flagged]")).to_contain_text("decided: hide")

    # Ana sees her note with the status, the reason and the note, and appeals once.
    ana = browser.new_context()
    sign_in(ana, live_server, people["ana"])
    own = ana.new_page()
    own.goto(url)
    mine = own.locator(f'[data-card="{note.pk}"]')
    expect(mine.locator("[data-card-status]")).to_have_text("Hidden by a moderator")
    expect(mine.locator("[data-card-moderation]")).to_contain_text("Reason: Abusive.")
    expect(mine.locator("[data-card-moderation]")).to_contain_text("not with readers")
    expect(own.locator(".nav-notifications .badge")).to_have_text("1")
    mine.get_by_role("link", name="Appeal this decision").click()
    own.get_by_label("Why the decision should be reconsidered").fill("It quotes the text.")
    own.get_by_role("button", name="Send appeal").click()
    expect(own.locator(".messages")).to_contain_text("Appeal sent")
    expect(own.locator("[data-appeal-status]")).to_contain_text("Waiting for a moderator")
    assert Appeal.objects.get().text == "It quotes the text."
    for context in (rita, sofia, ana):
        context.close()


def test_a_reader_flags_a_reply_from_the_panel(browser, live_server, section, people):
    from annotations.services import reply_create

    note = post_public_annotation(
        live_server, people["rita"], "never innocent", "Innocence is a pose."
    )
    reply = reply_create(author=people["ana"], parent=note, body="Only fools think so.")
    context = browser.new_context()
    sign_in(context, live_server, people["rita"])
    page = context.new_page()
    page.goto(live_server.url + section.get_absolute_url())
    card = page.locator(f'[data-card="{note.pk}"]')
    card.get_by_role("button", name="Replies (1)").click()
    item = card.locator(f'[data-reply="{reply.pk}"]')
    expect(item).to_contain_text("Only fools think so.")
    item.get_by_role("button", name="Flag", exact=True).click()
    item.get_by_label("Why flag this reply for moderators?").select_option("abusive")
    item.get_by_role("button", name="Send flag").click()
    expect(item.locator("[data-reply-flagged]")).to_contain_text("a moderator will look at it")
    flag = reply.flags.get()
    assert (flag.flagger, flag.reason) == (people["rita"], "abusive")
    # Her own annotation offers no Flag button; the reply she flagged offers none again.
    expect(card.locator("[data-card-flag]")).to_be_hidden()
    expect(item.get_by_role("button", name="Flag", exact=True)).to_be_hidden()
