"""Other W3C clients on Lectio's pages and API, in a real browser over real HTTP.

Apache Annotator (@apache-annotator/dom 0.2.0, tests/js/, bundled here with esbuild) anchors
the selectors Lectio serves inside the passage element their source IRI names, and must find
exactly the characters Lectio highlights. The protocol checks are the MUST assertions of the
W3C Web Annotation Protocol test page, run from the site's own origin and from another one.
"""

import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import expect

from edition.models import Correction, Passage

# Fixtures of the annotation UI tests: the section with every kind of inline markup, Ana.
from tests.annotations.test_browser_annotate import ana, section, sign_in  # noqa: F401
from tests.edition.helpers import ingest_samples

pytestmark = pytest.mark.django_db(transaction=True)

JS = Path(settings.BASE_DIR) / "tests" / "js"
BUNDLE = JS / "build" / "apache-annotator.js"


@pytest.fixture
def browser_context_args(browser_context_args):
    """The test page injects the client bundle as an inline script, which the site's
    Content-Security-Policy rightly blocks: these contexts bypass it (only here)."""
    return {**browser_context_args, "bypass_csp": True}


@pytest.fixture(scope="session")
def annotator():
    """The bundled Apache Annotator; installs tests/js from its lock file when needed."""
    if not (shutil.which("node") and shutil.which("npm")):
        pytest.fail(
            "node and npm are required for the W3C client tests (apt-get install nodejs npm)"
        )
    if not (JS / "node_modules" / "@apache-annotator" / "dom").exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=JS, check=True)
    subprocess.run(["npm", "run", "--silent", "build"], cwd=JS, check=True)
    return BUNDLE.read_text()


def _target(passage, start, end):
    text = passage.text
    return {
        "source": passage.get_iri(),
        "selector": [
            {"type": "TextQuoteSelector", "exact": text[start:end]},
            {"type": "TextPositionSelector", "start": start, "end": end},
        ],
    }


def create(user, targets) -> dict:
    body = {
        "type": "Annotation",
        "motivation": "highlighting",
        "target": targets,
        "lectio": {"visibility": "private"},
    }
    client = Client()
    client.force_login(user)
    response = client.post(
        "/api/annotations/", json.dumps(body), content_type="application/ld+json"
    )
    assert response.status_code == 201, response.content
    return response.json()


def span(passage, words: str, *, after: str = ""):
    start = passage.text.index(words, passage.text.index(after) if after else 0)
    return _target(passage, start, start + len(words))


# Runs in the page: each target anchored by Apache Annotator, and Lectio's highlight, as
# offsets in the text content of the element the source names.
ANCHOR_JS = """async ({ id, targets }) => {
  const A = window.ApacheAnnotator;
  const all = async (matcher, scope, offsets) => {
    const found = [];
    for await (const r of matcher(scope)) found.push(offsets(r));
    return found;
  };
  const out = [];
  for (const t of targets) {
    const anchor = t.source.replace(/\\/$/, "").split("/").pop();
    const scope = document.getElementById(`p-${anchor}`);
    const at = (node, offset) => {
      const r = document.createRange();
      r.setStart(scope, 0);
      r.setEnd(node, offset);
      return r.toString().length;
    };
    const offsets = (r) => [at(r.startContainer, r.startOffset), at(r.endContainer, r.endOffset)];
    const of = Object.fromEntries(t.selector.map((s) => [s.type, s]));
    const quote = await all(A.createTextQuoteSelectorMatcher(of.TextQuoteSelector), scope, offsets);
    const position = await all(
      A.createTextPositionSelectorMatcher(of.TextPositionSelector), scope, offsets);
    const marks = [...scope.querySelectorAll(`mark[data-annotation="${id}"]`)];
    let lectio = null, again = [];
    if (marks.length) {
      const last = marks[marks.length - 1];
      const hl = document.createRange();
      hl.setStart(marks[0], 0);
      hl.setEnd(last, last.childNodes.length);
      lectio = offsets(hl);
      const described = await A.describeTextQuote(hl, scope);
      again = await all(A.createTextQuoteSelectorMatcher(described), scope, offsets);
    }
    out.push({ anchor, text: scope.textContent, quote, position, lectio, again });
  }
  return out;
}"""


def anchor_all(page, url, made, annotator) -> tuple[int, int]:
    """Anchor every annotation of `made` on the page at `url`; return (anchored, pieces)."""
    page.goto(url)
    page.add_script_tag(content=annotator)
    ok = total = 0
    for a in made:
        pk = a["id"].rstrip("/").rsplit("/", 1)[1]
        expect(page.locator(f'mark[data-annotation="{pk}"]').first).to_be_attached()
        targets = a["target"] if isinstance(a["target"], list) else [a["target"]]
        for t, found in zip(
            targets, page.evaluate(ANCHOR_JS, {"id": pk, "targets": targets}), strict=True
        ):
            position = next(s for s in t["selector"] if s["type"] == "TextPositionSelector")
            stored = [position["start"], position["end"]]
            total += 1
            assert found["text"] == Passage.objects.get(anchor=found["anchor"]).text
            assert found["lectio"] == stored, (t, found)
            assert found["quote"] == [stored], (t, found)
            assert found["position"] == [stored], (t, found)
            assert found["again"] == [stored], (t, found)
            ok += 1
    return ok, total


def test_apache_annotator_anchors_each_kind_of_selection_where_lectio_highlights_it(
    page,
    live_server,
    section,  # noqa: F811
    ana,  # noqa: F811
    annotator,
):
    p = {x.anchor: x for x in Passage.objects.filter(edition__slug="on-reading")}
    made = [
        create(ana, span(p["p1"], "soon learns;")),  # a note call inside
        create(ana, span(p["p1"], "learns; every reading")),  # a note call and a page marker
        create(ana, span(p["p1"], "every reading")),  # the page marker in the prefix
        create(ana, span(p["h1"], "Readers")),  # a numbered heading
        create(ana, span(p["p1"], "Reading is")),  # italics
        create(ana, span(p["p2"], "archive.\nIt keeps")),  # a line break
        create(ana, span(p["n1"], "on innocence")),  # a note's text
        create(ana, [span(p["p2"], "the first one lost."), span(p["p3"], "A third")]),
    ]
    sign_in(page, live_server, ana)
    ok, total = anchor_all(page, live_server.url + section.get_absolute_url(), made, annotator)
    assert (ok, total) == (9, 9)


def test_apache_annotator_anchors_corrected_ocr_words_in_both_corrected_views(
    page,
    live_server,
    ana,  # noqa: F811
    annotator,
):
    ingest_samples("filtzer-sample")
    made, sections = [], set()
    corrections = Correction.objects.current().select_related("passage").order_by("pk")
    for c in corrections.filter(passage__kind="paragraph")[:4]:
        text = c.passage.text
        start = text.rfind(" ", 0, c.start) + 1
        end = text.find(" ", c.end + 1) if text.find(" ", c.end + 1) > 0 else len(text)
        made.append(create(ana, _target(c.passage, start, end)))
        sections.add(c.passage.section)
    assert len(sections) == 1 and len(made) == 4
    sign_in(page, live_server, ana)
    url = live_server.url + sections.pop().get_absolute_url()
    assert anchor_all(page, url, made, annotator) == (4, 4)
    assert anchor_all(page, url + "?view=changes", made, annotator) == (4, 4)


def test_every_annotation_the_demo_creates_names_an_element_holding_its_passage_text(
    page, live_server
):
    """The demo's annotations are whole-passage ones: their target is the passage IRI, whose
    fragment must name an element with the passage text, in the served page."""
    from annotations.models import Annotation
    from annotations.serializers import AnnotationOutputSerializer
    from tests.edition.helpers import ingest_seeds

    ingest_seeds()
    call_command("demo", stdout=io.StringIO())
    roots = Annotation.objects.filter(parent=None).select_related("selection__passage")
    assert roots.count() >= 3
    for a in roots:
        target = AnnotationOutputSerializer(a, context={"user": a.author}).data["target"]
        assert target == {"source": a.passage.get_iri()}
        response = Client().get(a.passage.get_absolute_url())
        page.goto(live_server.url + response["Location"])
        fragment = response["Location"].split("#")[1]
        text = page.evaluate("(id) => document.getElementById(id).textContent", fragment)
        assert text == a.passage.text
