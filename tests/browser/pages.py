"""Every page type, as the persona who meets it, on the demo data (`manage.py ingest` and
`manage.py demo`). Shared by the page gates (test_browser_pages.py) and `make screenshots`."""

from dataclasses import dataclass
from pathlib import Path

AXE = Path(__file__).resolve().parent.parent / "js" / "node_modules" / "axe-core" / "axe.min.js"
DEMO_PASSWORD = "lectio-demo"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


@dataclass
class PageType:
    name: str
    persona: str  # a demo username, or "" for an anonymous visitor
    path: str
    panel: bool = False  # open the annotation panel (a drawer on phones)


def page_types() -> list[PageType]:
    """Reads the demo rows: call inside a database connection (tests or a script)."""
    from accounts.models import User
    from annotations.models import Annotation
    from edition.models import Edition, Passage
    from seminars.models import Assignment

    russell = Edition.objects.get(slug__startswith="russell")
    filtzer = Edition.objects.get(slug__startswith="filtzer")
    # The Russell footnote with the longest URL: the text must wrap, not scroll.
    url_note = (
        Passage.objects.filter(edition=russell, kind="note", text__contains="http")
        .select_related("section")
        .first()
    )
    corrected = Passage.objects.filter(edition=filtzer, kind="paragraph").order_by("order")[20]
    assignment = Assignment.objects.order_by("pk").first()
    seminar = assignment.seminar
    sam = User.objects.get(username="sam")
    note = Annotation.objects.order_by("pk").first()
    reader = url_note.section.get_absolute_url()
    return [
        PageType("library", "", "/"),
        PageType("edition", "", russell.get_absolute_url()),
        PageType("reader", "", reader),
        PageType("reader-ocr-book", "", filtzer.sections.order_by("order")[2].get_absolute_url()),
        PageType("reader-panel", "rita", reader, panel=True),
        PageType("cite", "", f"{url_note.get_absolute_url()}cite/"),
        PageType("signup", "", "/accounts/signup/"),
        PageType("login", "", "/accounts/login/"),
        PageType("seminar", "ines", f"/seminars/{seminar.pk}/"),
        PageType("roster", "ines", f"/seminars/{seminar.pk}/roster/"),
        PageType("assignment-instructor", "ines", assignment.get_absolute_url()),
        PageType("dashboard", "ines", f"/assignments/{assignment.pk}/dashboard/"),
        PageType("student-view", "ines", f"/assignments/{assignment.pk}/students/{sam.pk}/"),
        PageType("assignment-student", "sam", assignment.get_absolute_url()),
        PageType("my-assignments", "sam", "/assignments/"),
        PageType("annotation", "sam", note.get_absolute_url()),
        PageType("annotation-cite", "sam", f"/cite/annotations/{note.pk}/"),
        PageType("my-annotations", "sam", "/annotations/mine/"),
        PageType("notifications", "sol", "/notifications/"),
        PageType("profile", "sam", "/accounts/profile/"),
        PageType("moderation-queue", "ada", "/moderation/"),
        PageType("moderation-log", "ada", "/moderation/log/"),
        PageType("moderation-stats", "ada", "/moderation/stats/"),
        PageType("sanctions", "ada", "/moderation/sanctions/"),
        PageType("correction-queue", "ada", "/suggestions/"),
        PageType("ocr-review", "ada", f"{filtzer.get_absolute_url()}review/"),
        PageType("corrections", "", f"{filtzer.get_absolute_url()}corrections/"),
        PageType("versions", "", f"{filtzer.get_absolute_url()}versions/"),
        PageType("diff", "", f"{corrected.get_absolute_url()}diff/"),
        PageType("about", "", f"{filtzer.get_absolute_url()}about/"),
    ]


def sign_in(page, base_url: str, username: str) -> None:
    """Through the sign-in form, as a person would (works on any server)."""
    page.context.clear_cookies()
    if not username:
        return
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("User name").or_(page.get_by_label("Username")).fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.locator("main form [type=submit]").click()
    page.wait_for_load_state()


def show(page, base_url: str, page_type: PageType) -> None:
    page.goto(base_url + page_type.path)
    page.wait_for_load_state("networkidle")
    if page_type.panel:
        toggle = page.locator("[data-panel-toggle]")
        if toggle.is_visible():
            toggle.click()
            page.wait_for_timeout(300)


def overflow(page) -> int:
    """How far the document is wider than the viewport, in CSS pixels."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def too_wide(page) -> list[str]:
    """The outermost elements reaching past the viewport's right edge (for messages)."""
    return page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          const wide = [...document.body.querySelectorAll("*")].filter(
            (el) => el.getBoundingClientRect().right > width + 1);
          const outer = wide.filter((el) => !wide.includes(el.parentElement)
            || getComputedStyle(el.parentElement).overflowX !== "visible");
          const name = (el) => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")}`;
          return outer.slice(0, 5).map((el) =>
            `${name(el)} ${el.getBoundingClientRect().right | 0}px`);
        }"""
    )


def axe_violations(page, impacts=("serious", "critical")) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + ", ".join(str(n["target"][0]) for n in v["nodes"][:3])
        for v in result["violations"]
        if v["impact"] in impacts
    ]
