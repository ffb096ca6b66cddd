"""The MUST checks of the W3C Web Annotation Protocol test page, as a browser client runs
them over real HTTP: from the site's own origin, and from another origin (CORS)."""

import pytest
from rest_framework.authtoken.models import Token

from accounts.models import User
from edition.models import Passage
from tests.annotations.test_browser_annotate import section  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)

# Each check pushes a message when a MUST of the protocol fails; the list is returned.
CHECKS_JS = """async ({ api, token, source }) => {
  const failures = [];
  const must = (ok, what) => { if (!ok) failures.push(what); };
  const LD = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"';
  const auth = { Authorization: `Token ${token}` };
  const isLd = (r) => (r.headers.get("Content-Type") || "").startsWith("application/ld+json")
    && (r.headers.get("Content-Type") || "").includes("anno.jsonld");
  const hasType = (r, type) => (r.headers.get("Link") || "").includes(`<http://www.w3.org/ns/ldp#${type}>`);

  // Container
  let r = await fetch(api, { headers: { Accept: LD } });
  must(r.status === 200, "container: GET answers 200");
  must(isLd(r), "container: Content-Type is JSON-LD with the anno profile");
  must(hasType(r, "BasicContainer"), "container: Link type ldp:BasicContainer");
  must((r.headers.get("Link") || "").includes("constrainedBy"), "container: Link constrainedBy");
  must(!!r.headers.get("ETag"), "container: ETag");
  must((r.headers.get("Allow") || "").includes("POST"), "container: Allow lists POST");
  must((r.headers.get("Allow") || "").includes("GET"), "container: Allow lists GET");
  must((r.headers.get("Accept-Post") || "").includes("application/ld+json"),
    "container: Accept-Post");
  must((r.headers.get("Vary") || "").includes("Accept"), "container: Vary Accept");
  must(!!r.headers.get("Content-Location"), "container: Content-Location");
  let c = await r.json();
  must(JSON.stringify(c["@context"]).includes("http://www.w3.org/ns/anno.jsonld"),
    "container: anno context");
  must([].concat(c.type).includes("BasicContainer") &&
    [].concat(c.type).includes("AnnotationCollection"),
    "container: type BasicContainer and AnnotationCollection");
  must(typeof c.total === "number" && "first" in c && "last" in c, "container: total, first, last");
  r = await fetch(api, { method: "HEAD", headers: { Accept: LD } });
  must(r.status === 200, "container: HEAD answers 200");
  r = await fetch(api, { headers: { Accept: LD,
    Prefer: 'return=representation;include="http://www.w3.org/ns/ldp#PreferMinimalContainer"' } });
  c = await r.json();
  must(typeof c.first === "string", "container: PreferMinimalContainer gives first as an IRI");
  r = await fetch(api, { headers: { Accept: LD,
    Prefer: 'return=representation;include="http://www.w3.org/ns/oa#PreferContainedIRIs"' } });
  c = await r.json();
  must(c.first && c.first.items.every((i) => typeof i === "string"),
    "container: PreferContainedIRIs");

  // Create
  const body = {
    "@context": "http://www.w3.org/ns/anno.jsonld", type: "Annotation",
    id: "urn:uuid:7c6b9e8e-0f0e-4c1e-9d55-1b4a6f1f1a11", canonical: "urn:uuid:canonical-1",
    bodyValue: "A note from another client", target: source,
  };
  r = await fetch(api, { method: "POST", headers: { ...auth, "Content-Type": LD, Accept: LD },
    body: JSON.stringify(body) });
  must(r.status === 201, `create: POST answers 201 (got ${r.status})`);
  if (r.status !== 201) return failures;
  const location = r.headers.get("Location");
  must(!!location, "create: Location");
  must(!!r.headers.get("ETag"), "create: ETag");
  must(isLd(r), "create: Content-Type");
  let a = await r.json();
  must(a.id === location, "create: id equals Location");
  must(a.id !== body.id, "create: the server names the annotation");
  must(a.via === body.id, "create: via is the client's id");
  must(a.canonical === body.canonical, "create: canonical kept");
  must(a.body || a.bodyValue, "create: the body is kept");
  const item = new URL(location).pathname;
  const itemUrl = new URL(item, api).href;

  // Read
  r = await fetch(itemUrl, { headers: { ...auth, Accept: LD } });
  must(r.status === 200, "annotation: GET answers 200");
  must(isLd(r), "annotation: Content-Type");
  must(hasType(r, "Resource"), "annotation: Link type ldp:Resource");
  must(!!r.headers.get("ETag"), "annotation: ETag");
  must((r.headers.get("Allow") || "").includes("PUT"), "annotation: Allow lists PUT");
  must((r.headers.get("Vary") || "").includes("Accept"), "annotation: Vary Accept");
  let etag = r.headers.get("ETag");
  a = await r.json();
  must(JSON.stringify(a["@context"]).includes("http://www.w3.org/ns/anno.jsonld"),
    "annotation: anno context");
  must(a.type === "Annotation" && a.id && a.target, "annotation: id, type, target");
  r = await fetch(itemUrl, { method: "HEAD", headers: { ...auth, Accept: LD } });
  must(r.status === 200, "annotation: HEAD answers 200");
  r = await fetch(itemUrl, { method: "OPTIONS", headers: auth });
  must(r.status === 200, "annotation: OPTIONS answers 200");

  // Update
  const changed = { ...a, bodyValue: "Changed", canonical: body.canonical };
  delete changed.body;
  r = await fetch(itemUrl, { method: "PUT", body: JSON.stringify(changed),
    headers: { ...auth, "Content-Type": LD, Accept: LD, "If-Match": etag } });
  must(r.status === 200, `update: PUT answers 200 (got ${r.status})`);
  must(r.headers.get("ETag") && r.headers.get("ETag") !== etag, "update: a new ETag");
  a = await r.json();
  must(a.canonical === body.canonical, "update: canonical kept");
  r = await fetch(itemUrl, { method: "PUT", body: JSON.stringify({ ...changed,
    canonical: "urn:x" }),
    headers: { ...auth, "Content-Type": LD, "If-Match": a && r.headers.get("ETag") } });
  must(r.status >= 400 && r.status < 500, "update: changing canonical is refused");
  r = await fetch(itemUrl, { method: "PUT", body: JSON.stringify(changed),
    headers: { ...auth, "Content-Type": LD, "If-Match": '"stale"' } });
  must(r.status === 412, "update: a stale If-Match answers 412");

  // Delete
  r = await fetch(itemUrl, { headers: { ...auth, Accept: LD } });
  etag = r.headers.get("ETag");
  r = await fetch(itemUrl, { method: "DELETE", headers: { ...auth, "If-Match": etag } });
  must(r.status === 204, `delete: DELETE answers 204 (got ${r.status})`);
  r = await fetch(itemUrl, { headers: { ...auth, Accept: LD } });
  must(r.status === 404 || r.status === 410, "delete: the annotation is gone");
  return failures;
}"""


@pytest.fixture
def browser_context_args(browser_context_args):
    """The checks run in a Lectio page under the server's other name, standing in for a
    client's own page: that page would carry its client's policy, not Lectio's CSP (whose
    connect-src keeps Lectio's own pages from calling other origins)."""
    return {**browser_context_args, "bypass_csp": True}


@pytest.fixture
def token(db):
    user = User.objects.create_user("cli", "cli@example.org", display_name="A Client")
    return Token.objects.create(user=user).key


def other_origin(url: str) -> str:
    """The live server under its other name: the same server, a different origin."""
    if "localhost" in url:
        return url.replace("localhost", "127.0.0.1")
    return url.replace("127.0.0.1", "localhost")


def run_checks(page, page_url, api_origin, token, passage):
    page.goto(page_url)
    args = {"api": f"{api_origin}/api/annotations/", "token": token, "source": passage.get_iri()}
    return page.evaluate(CHECKS_JS, args)


def test_the_protocol_musts_hold_from_the_sites_own_origin(
    page,
    live_server,
    section,  # noqa: F811
    token,
    settings,
):
    settings.SITE_URL = live_server.url
    passage = Passage.objects.get(anchor="p1")
    assert run_checks(page, live_server.url + "/", live_server.url, token, passage) == []
    assert page.evaluate("location.origin") == live_server.url


def test_the_protocol_musts_hold_from_another_origin_configured_for_writes(
    page,
    live_server,
    section,  # noqa: F811
    token,
    settings,
):
    settings.SITE_URL = live_server.url
    other = other_origin(live_server.url)
    settings.ANNOTATION_WRITE_ORIGINS = [other]
    passage = Passage.objects.get(anchor="p1")
    assert run_checks(page, other + "/", live_server.url, token, passage) == []
    assert page.evaluate("location.origin") == other != live_server.url


def test_another_origin_reads_but_may_not_write_unless_configured(
    page,
    live_server,
    section,  # noqa: F811
    token,
    settings,
):
    settings.SITE_URL = live_server.url
    page.goto(other_origin(live_server.url) + "/")
    failures = run_checks(page, page.url, live_server.url, token, Passage.objects.get(anchor="p1"))
    assert failures == ["create: POST answers 201 (got 403)"]
