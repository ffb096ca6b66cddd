"""The whole seminar journey in a browser: an instructor sets a reading, two students join
and annotate, the peer rule holds, the instructor scores and releases, a student sees it."""

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import make_edition, make_user

pytestmark = pytest.mark.django_db(transaction=True)
FMT = "%Y-%m-%dT%H:%M"


def signed_in(browser, live_server, user):
    """A page in its own browser context, signed in as `user`."""
    client = Client()
    client.force_login(user)
    context = browser.new_context()
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context.new_page()


def annotate(page, live_server, assignment_url, anchor, text):
    page.goto(live_server.url + assignment_url)
    page.get_by_role("link", name=f"Annotate passage {anchor}").click()
    page.get_by_label("Your annotation (Markdown)").fill(text)
    page.get_by_role("button", name="Save annotation").click()
    expect(page.locator(".message")).to_contain_text("Annotation saved to the seminar")


def test_the_seminar_journey(browser, live_server):
    edition = make_edition()
    ines, sam, sol = (
        make_user(n, display_name=f"{n.title()} Person") for n in ("ines", "sam", "sol")
    )

    # The instructor creates a seminar, then an assignment whose peers stay hidden until
    # each student has posted one annotation.
    teacher = signed_in(browser, live_server, ines)
    teacher.goto(live_server.url + "/seminars/")
    teacher.get_by_role("link", name="Create a seminar").click()
    teacher.get_by_label("Name").fill("Close reading")
    teacher.get_by_role("button", name="Create seminar").click()
    code = teacher.locator("[data-join-code]").first.inner_text()
    teacher.get_by_role("link", name="Close reading").last.click()
    teacher.get_by_role("link", name="New assignment").click()
    now = timezone.localtime()
    teacher.get_by_label("Title").fill("Week 1")
    teacher.get_by_label("Edition").select_option(str(edition.pk))
    teacher.get_by_label("From").fill("chapter-1")
    teacher.get_by_label("Instructions").fill("Read **slowly**.")
    teacher.get_by_label("Opens").fill((now - timezone.timedelta(hours=1)).strftime(FMT))
    teacher.get_by_label("Due").fill((now + timezone.timedelta(days=3)).strftime(FMT))
    teacher.get_by_label("Min annotations").fill("1")
    teacher.get_by_label("Min replies").fill("0")
    teacher.get_by_label("Peers' annotations").select_option("after-posting")
    teacher.get_by_role("button", name="Save assignment").click()
    expect(teacher.locator("h1")).to_have_text("Week 1")
    assignment_url = teacher.url.removeprefix(live_server.url)

    # Two students join with the code.
    students = {}
    for user in (sam, sol):
        page = signed_in(browser, live_server, user)
        page.goto(live_server.url + "/seminars/")
        page.get_by_label("Join code").fill(code)
        page.get_by_role("button", name="Continue").click()
        page.get_by_role("button", name="Join Close reading").click()
        expect(page.locator(".message")).to_contain_text("You joined the seminar")
        students[user.username] = page

    # Sol annotates first; Sam, who has posted nothing, does not see it.
    annotate(students["sol"], live_server, assignment_url, "p2", "Sol notices the argument.")
    sam_page = students["sam"]
    sam_page.goto(live_server.url + "/assignments/")
    expect(sam_page.locator(".status")).to_have_text("not started")
    sam_page.goto(live_server.url + assignment_url)
    expect(sam_page.locator("[data-peers-hidden]")).to_be_visible()
    expect(sam_page.locator("main")).not_to_contain_text("Sol notices")
    response = sam_page.request.get(live_server.url + "/api/annotations/")
    assert "Sol notices" not in response.text()

    # Once Sam has posted, Sol's annotation appears to him.
    annotate(sam_page, live_server, assignment_url, "p1", "Sam reads the first paragraph.")
    expect(sam_page.locator("[data-classmates]")).to_contain_text("Sol notices the argument.")
    sam_page.goto(live_server.url + "/assignments/")
    expect(sam_page.locator(".status")).to_have_text("done")

    # The instructor defines the rubric, scores Sam and releases the scores.
    teacher.goto(live_server.url + assignment_url)
    teacher.get_by_role("link", name="Rubric").click()
    teacher.get_by_label("Criterion 1").fill("Close reading")
    teacher.get_by_label("Points 1").fill("5")
    teacher.get_by_role("button", name="Save rubric").click()
    teacher.get_by_role("link", name="Dashboard").click()
    expect(teacher.locator("tr[data-student=sam]")).to_contain_text("done")
    expect(teacher.locator("svg.heat-strip")).to_be_visible()
    teacher.locator("tr[data-student=sam] a").click()
    expect(teacher.locator("main")).to_contain_text("Sam reads the first paragraph.")
    teacher.get_by_label("Close reading (of 5)").fill("4")
    teacher.get_by_role("button", name="Save scores").click()
    teacher.get_by_role("link", name="Dashboard").click()
    teacher.get_by_role("button", name="Release scores and feedback").click()
    expect(teacher.locator("main")).to_contain_text("released")

    # Sam sees his score: 4 rubric points and the 10 participation points he earned.
    sam_page.goto(live_server.url + assignment_url)
    expect(sam_page.locator("[data-scores] [data-total]")).to_have_text("14")


def test_a_note_in_the_assigned_range_goes_to_the_assignment(browser, live_server):
    from tests.annotations.test_browser_annotate import select_text
    from tests.factories import make_assignment, make_seminar

    edition = make_edition()
    ines, sam = make_user("ines", display_name="Ines"), make_user("sam", display_name="Sam")
    seminar = make_seminar(ines, "Close reading", students=[sam])
    assignment = make_assignment(seminar, edition, start="p2", title="Week 1")
    p2 = edition.passages.get(anchor="p2")

    # Sam reads the section page, selects words of the assigned paragraph and saves his
    # note without choosing who can see it: the editor said where it goes.
    page = signed_in(browser, live_server, sam)
    page.goto(live_server.url + p2.section.get_absolute_url())
    expect(page.locator("[data-annotations]")).to_have_attribute("data-loaded", "true")
    words = p2.text.split()
    select_text(page, "p2", words[0], words[2])
    page.locator("[data-anno-toolbar]").get_by_role("button", name="Annotate").click()
    expect(page.locator("[data-editor-route]")).to_have_text("Goes to Close reading: Week 1")
    page.get_by_label("Your note").fill("Sam reads closely on the reading page.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("[data-card]").filter(has_text="Sam reads closely")).to_be_visible()

    # The instructor's dashboard counts it for the assignment.
    teacher = signed_in(browser, live_server, ines)
    teacher.goto(f"{live_server.url}/assignments/{assignment.pk}/dashboard/")
    expect(teacher.locator("tr[data-student=sam] td.num").first).to_have_text("1")
    teacher.locator("tr[data-student=sam] a").click()
    expect(teacher.locator("main")).to_contain_text("Sam reads closely on the reading page.")
