"""Browser test: suggest -> discuss -> approve by another user -> new version -> the
annotation on that passage still highlights the right words and shows the change."""

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from edition.models import Edition, EditionRole, Passage, Section, Suggestion, Work
from tests.factories import make_annotation

pytestmark = pytest.mark.django_db(transaction=True)

P1 = "Reading is never innocnet, as the reader soon learns from the page."


@pytest.fixture
def people(live_server):
    work = Work.objects.create(title="On Reading", author="Ada Example", year=1990)
    edition = Edition.objects.create(
        work=work,
        slug="on-reading",
        kind=Edition.Kind.CLEAN,
        source_file="-",
        raw_text=P1,
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
        anchor="p1",
        order=1,
        kind="paragraph",
        text=P1,
        line_start=1,
        line_end=1,
    )
    # Ana suggests; Mia discusses; Ed edits this edition and approves.
    users = {
        name: User.objects.create_user(
            name, f"{name}@example.org", f"pw-{name}-123", display_name=name.title()
        )
        for name in ("ana", "mia", "ed")
    }
    EditionRole.objects.create(edition=edition, user=users["ed"])
    return users


def sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def select(page, needle):
    page.evaluate(
        """(needle) => {
      const el = document.querySelector('[data-passage="p1"] [data-passage-text]');
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const i = n.data.indexOf(needle);
        if (i === -1) continue;
        const range = document.createRange();
        range.setStart(n, i);
        range.setEnd(n, i + needle.length);
        window.getSelection().removeAllRanges();
        window.getSelection().addRange(range);
        document.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
        return;
      }
      throw new Error(needle);
    }""",
        needle,
    )


def test_a_suggestion_is_discussed_approved_and_the_annotations_follow(page, live_server, people):
    note = make_annotation(
        people["mia"],
        Passage.objects.get(anchor="p1"),
        start=P1.index("the reader"),
        end=P1.index(" soon"),
        body="Who is this reader?",
        visibility="public",
    )
    url = f"{live_server.url}/editions/on-reading/chapter-1/"

    sign_in(page, live_server, people["ana"])
    page.goto(url)
    expect(page.locator("[data-annotations]")).to_have_attribute("data-loaded", "true")
    select(page, "innocnet")
    page.locator("[data-anno-action=suggest]").click()
    page.locator("[data-editor-replacement]").fill("innocent")
    page.locator("[data-editor-text]").fill("A typo of the scan.")
    page.locator("[data-editor] [type=submit]").click()
    expect(page.locator("[data-card-suggestion=pending]")).to_be_visible()
    suggestion = Suggestion.objects.get()
    assert (suggestion.exact, suggestion.replacement) == ("innocnet", "innocent")

    sign_in(page, live_server, people["mia"])
    page.goto(url)
    card = page.locator("[data-card]").filter(has_text="A typo of the scan.")
    card.locator("[data-card-toggle]").click()
    card.locator("[data-reply-form] textarea").fill("Agreed, the print reads innocent.")
    card.locator("[data-reply-form] [type=submit]").click()
    expect(card.locator("[data-card-replies]")).to_contain_text("Agreed")

    sign_in(page, live_server, people["ed"])
    page.goto(f"{live_server.url}/suggestions/")
    page.locator(f"#s-{suggestion.pk} input[name=reason]").fill("Checked against the print.")
    page.locator(f"#s-{suggestion.pk} button[value=accept]").click()
    expect(page.locator(f"#s-{suggestion.pk}")).to_have_count(0)  # no longer pending
    assert Edition.objects.get().version == 2

    page.goto(url)
    expect(page.locator('[data-passage="p1"]')).to_contain_text("never innocent, as")
    expect(page.locator("#version-select")).to_be_visible()
    mark = page.locator(f'mark[data-annotation="{note.pk}"]')
    expect(mark).to_have_text("the reader")
    card = page.locator("[data-card]").filter(has_text="Who is this reader?")
    expect(card.locator("[data-card-corrected]")).to_contain_text("version 2")
    expect(card.locator("[data-card-corrected] del")).to_have_text("innocnet")
    expect(card.locator("[data-card-corrected] ins")).to_have_text("innocent")
    page.goto(f"{url}?version=1")
    expect(page.locator('[data-passage="p1"]')).to_contain_text("never innocnet, as")
