"""The strict Content-Security-Policy in a real browser: no page trips over it."""

import pytest
from django.test import Client

from tests.factories import (
    make_annotation,
    make_assignment,
    make_edition,
    make_seminar,
    make_user,
)

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(context, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = {"name": "sessionid", "value": client.cookies["sessionid"].value}
    context.add_cookies([cookie | {"url": live_server.url}])


def test_pages_with_scripts_styles_and_progress_bars_raise_no_policy_violation(
    browser, live_server
):
    ines, sam = make_user("ines"), make_user("sam")
    staff = make_user("sofia", staff=True)
    staff.is_superuser = True
    staff.save(update_fields=["is_superuser"])
    edition = make_edition()
    passage = edition.passages.order_by("order").first()
    seminar = make_seminar(ines, students=[sam])
    assignment = make_assignment(seminar, edition)
    make_annotation(ines, passage, body="*Look* here.", visibility="public", start=4, end=10)
    pages = {
        None: ["/", passage.section.get_absolute_url()],
        ines: [passage.section.get_absolute_url(), f"/assignments/{assignment.pk}/dashboard/"],
        sam: [assignment.get_absolute_url()],
        staff: ["/admin/", "/admin/annotations/annotation/"],
    }
    violations = []
    for user, urls in pages.items():
        context = browser.new_context()
        if user is not None:
            sign_in(context, live_server, user)
        page = context.new_page()
        page.on(
            "console",
            lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
        )
        for url in urls:
            response = page.goto(live_server.url + url)
            assert response.status == 200, url
            assert "script-src 'self'" in response.headers["content-security-policy"]
            page.wait_for_load_state("networkidle")
        context.close()
    assert violations == []
