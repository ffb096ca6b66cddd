"""In a browser: an instructor adds a text file for her seminar, watches the progress bar
reach the report, publishes it, and a student of the seminar annotates it; an outsider
gets 404.

The live server's test database is in this process's memory, so the job's body runs here,
in the test's thread, as a worker would (real worker processes: test_upload_jobs)."""

import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from annotations.models import Annotation
from edition.models import Edition, SourceUpload
from edition.uploads import source_upload_run
from tests.edition.test_ingest_file import PROSE
from tests.factories import make_seminar, make_user
from tests.seminars.test_browser_journey import signed_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_instructor_adds_a_reading_and_a_student_annotates_it(browser, live_server):
    ines, stu, otto = (make_user(n, display_name=f"{n.title()} P") for n in ("ines", "stu", "otto"))
    seminar = make_seminar(ines, "Close reading", students=[stu])
    path = Path(tempfile.mkdtemp()) / "mill.txt"
    path.write_text("\n".join(PROSE), encoding="utf-8")

    teacher = signed_in(browser, live_server, ines)
    teacher.goto(live_server.url + "/uploads/new/")
    teacher.get_by_label("File (.txt, .md or .pdf)").set_input_files(str(path))
    teacher.get_by_label("Title").fill("The Mill")
    teacher.get_by_label("Who reads it").select_option(str(seminar.group.pk))
    teacher.get_by_role("button", name="Add the text").click()
    progress = teacher.locator("progress[data-upload-progress]")
    expect(progress).to_have_attribute("value", "0")
    expect(teacher.locator("[data-upload-stage]")).to_have_text("Waiting for a worker")

    source_upload_run(upload_id=SourceUpload.objects.get().pk)  # the worker's part

    expect(teacher.locator("[data-upload-report]")).to_be_visible(timeout=15_000)
    expect(teacher.locator("[data-upload-sections] li").first).to_be_visible()
    teacher.get_by_role("button", name="Publish").click()
    expect(teacher.locator(".message")).to_contain_text("Published")
    edition = Edition.objects.get()
    assert edition.status == Edition.Status.PUBLISHED

    passage = edition.passages.reading().exclude(kind="heading").first()
    student = signed_in(browser, live_server, stu)
    student.goto(f"{live_server.url}/annotations/new/?passage={edition.slug}:{passage.anchor}")
    student.get_by_label("Note (Markdown)").fill("The river sets the pace.")
    student.get_by_role("button", name="Save annotation").click()
    expect(student.locator(".message")).to_contain_text("Annotation saved")
    assert Annotation.objects.get().selection.passage == passage

    outsider = signed_in(browser, live_server, otto)
    response = outsider.goto(live_server.url + edition.get_absolute_url())
    assert response.status == 404
