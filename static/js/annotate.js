// Section page annotations: highlights in the text and cards in a side panel, read from the
// W3C Web Annotation API; signed-in readers also create, reply, edit and delete.
//
// Offsets count characters of the passage's reading text (Passage.text), which is the text
// content of [data-passage-text]: note calls and page markers inside it are empty elements
// whose numbers CSS draws, so any W3C client counts the same characters.
//
// Keyboard (outside form fields): a annotate, h highlight (the selection, or the passage
// holding the focus), n / p next / previous annotation, Enter open it, Esc close.

const root = document.querySelector("[data-annotations]");
const article = document.querySelector("[data-edition]");
const config = root ? readConfig(root) : null;

const SKIP = ".note-call, .page-marker, .heading-number, [data-text-skip]";
const CONTEXT = 32;
const AS_LD = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"';

// Formatters are costly to build: one each, shared by every card.
const DAY = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", year: "numeric" });
const MOMENT = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

const state = {
  items: new Map(), // id -> record (top-level annotations)
  replies: new Map(), // parent id -> [record]
  layer: "all",
  user: "",
  tag: "",
  open: null, // id of the card whose thread is open
  pending: null, // targets awaiting the editor
};

function readConfig(el) {
  const d = el.dataset;
  return {
    api: d.api,
    edition: d.edition,
    section: d.section,
    user: d.user || "",
    signedIn: d.signedIn === "true",
    groups: JSON.parse(d.groups || "[]"),
    // anchor -> {group, assignment, label}: a student's notes there go to the assignment.
    assignments: JSON.parse(d.assignments || "{}"),
    iri: d.passageIri, // ".../passages/__anchor__/"
  };
}

// ---- Small helpers ------------------------------------------------------------------------

const $ = (sel, el = document) => el.querySelector(sel);
const $$ = (sel, el = document) => [...el.querySelectorAll(sel)];

function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  if (match) return decodeURIComponent(match[1]);
  const input = $("[name=csrfmiddlewaretoken]");
  return input ? input.value : "";
}

// IRIs carry the canonical host (SITE_URL); requests go to the host that served the page.
function local(iri) {
  const url = new URL(iri, location.href);
  return `${url.pathname}${url.search}`;
}

async function api(iri, { method = "GET", body, etag } = {}) {
  const url = local(iri);
  const headers = { Accept: AS_LD };
  if (body !== undefined) headers["Content-Type"] = AS_LD;
  if (method !== "GET") headers["X-CSRFToken"] = csrfToken();
  if (etag) headers["If-Match"] = etag;
  const response = await fetch(url, {
    method, headers, credentials: "same-origin",
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  if (!response.ok) throw new ApiError(response.status, json, text);
  return { json, etag: response.headers.get("ETag") };
}

class ApiError extends Error {
  constructor(status, json, text) {
    const detail = json && (json.detail || json.error || json.message || firstError(json));
    super(status === 401 || (status === 403 && !config.signedIn)
      ? "Sign in first: your session may have ended."
      : detail || text.slice(0, 200) || `HTTP ${status}`);
    this.status = status;
  }
}

function firstError(json) {
  const value = Object.values(json)[0];
  return Array.isArray(value) ? String(value[0]) : typeof value === "string" ? value : "";
}

function announce(message) {
  const status = $("[data-anno-status]", root);
  status.textContent = "";
  // A fresh text node makes screen readers repeat an identical message.
  window.setTimeout(() => { status.textContent = message; }, 30);
}

function shortText(text, n = 60) {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > n ? `${flat.slice(0, n - 1)}…` : flat;
}

const templates = {};

function fromTemplate(name) {
  templates[name] ??= $(`template[data-template="${name}"]`, root).content.firstElementChild;
  return templates[name].cloneNode(true);
}

// ---- The passage text model ----------------------------------------------------------------

function passageTexts() {
  return $$("[data-passage] [data-passage-text], [data-passage][data-passage-text]", article)
    .filter((el) => !el.closest(".ocr-view"));
}

function anchorOf(textEl) {
  return textEl.closest("[data-passage]").dataset.passage;
}

function textElFor(anchor, els = null) {
  if (els) return els.get(anchor) || null;
  return passageTexts().find((el) => anchorOf(el) === anchor) || null;
}

// Text nodes of a passage with their offsets in the reading text.
function segments(textEl) {
  const out = [];
  let pos = 0;
  const walker = document.createTreeWalker(textEl, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode(node) {
      if (node.nodeType === Node.TEXT_NODE) return NodeFilter.FILTER_ACCEPT;
      return node.matches(SKIP) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_SKIP;
    },
  });
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    out.push({ node, start: pos, end: pos + node.data.length });
    pos += node.data.length;
  }
  return out;
}

// Painting changes the nodes but never the text, so one render can reuse what it read.
let textCache = null;

function textOf(textEl) {
  if (textCache && textCache.has(textEl)) return textCache.get(textEl);
  const text = readText(textEl);
  if (textCache) textCache.set(textEl, text);
  return text;
}

function readText(textEl) {
  return segments(textEl).map((s) => s.node.data).join("");
}

// The offset in the reading text of a DOM boundary point inside `textEl`.
function offsetAt(textEl, container, offset) {
  const point = document.createRange();
  point.setStart(container, offset);
  let result = 0;
  for (const seg of segments(textEl)) {
    if (seg.node === container) return seg.start + Math.max(0, Math.min(offset, seg.node.length));
    if (!endsBefore(point, seg)) return result;
    result = seg.end;
  }
  return result;
}

function endsBefore(point, seg) {
  return point.comparePoint(seg.node, seg.node.length) <= 0;
}

// A DOM range over reading-text offsets [start, end) of `textEl`.
function rangeFor(textEl, start, end) {
  const segs = segments(textEl);
  const range = document.createRange();
  const first = segs.find((s) => start < s.end) || segs[segs.length - 1];
  const last = [...segs].reverse().find((s) => end > s.start) || first;
  range.setStart(first.node, Math.max(0, start - first.start));
  range.setEnd(last.node, Math.min(last.end, end) - last.start);
  return range;
}

// ---- Selections become targets ----------------------------------------------------------

// One target per passage the range touches, with surrounding whitespace trimmed off.
// The API wants the pieces of a multi-passage selection to run to the end of the first
// passage and from the start of the last, so only the outer ends are trimmed.
function targetsFor(range) {
  const pieces = [];
  for (const el of passageTexts()) {
    if (!range.intersectsNode(el)) continue;
    const text = textOf(el);
    const start = el.contains(range.startContainer) ? offsetAt(el, range.startContainer, range.startOffset) : 0;
    const end = el.contains(range.endContainer) ? offsetAt(el, range.endContainer, range.endOffset) : text.length;
    if (start < end) pieces.push({ el, text, start, end });
  }
  if (!pieces.length) return [];
  const first = pieces[0];
  const last = pieces[pieces.length - 1];
  while (first.start < first.end && /\s/.test(first.text[first.start])) first.start += 1;
  while (last.end > last.start && /\s/.test(last.text[last.end - 1])) last.end -= 1;
  return pieces.filter((p) => p.start < p.end).map((p) => describe(p.el, p.text, p.start, p.end));
}

function wholePassage(el) {
  const text = textOf(el);
  const start = text.length - text.trimStart().length;
  const end = text.trimEnd().length;
  return start < end ? [describe(el, text, start, end)] : [];
}

function describe(el, text, start, end) {
  return {
    anchor: anchorOf(el),
    start, end,
    exact: text.slice(start, end),
    prefix: text.slice(Math.max(0, start - CONTEXT), start),
    suffix: text.slice(end, end + CONTEXT),
  };
}

function selectionRange() {
  const selection = window.getSelection();
  if (!selection.rangeCount || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  return article.contains(range.commonAncestorContainer) ? range : null;
}

// ---- Anchoring: targets back to offsets --------------------------------------------------

// Position first, checked against the quote; else the occurrence of the quote whose
// prefix and suffix match best, nearest to where it used to be.
function resolve(target, els = null) {
  const el = textElFor(target.anchor, els);
  if (!el) return null;
  const text = textOf(el);
  if (target.whole) return { el, start: 0, end: text.length };
  const { exact = "", prefix = "", suffix = "" } = target;
  if (target.start != null && text.slice(target.start, target.end) === exact && exact) {
    return { el, start: target.start, end: target.end };
  }
  if (!exact) return null;
  let best = null;
  for (let at = text.indexOf(exact); at !== -1; at = text.indexOf(exact, at + 1)) {
    const score = commonSuffix(text.slice(0, at), prefix)
      + commonPrefix(text.slice(at + exact.length), suffix)
      - Math.abs(at - (target.start ?? at)) / 1000;
    if (!best || score > best.score) best = { score, at };
  }
  return best ? { el, start: best.at, end: best.at + exact.length } : null;
}

function commonPrefix(a, b) {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i += 1;
  return i;
}

function commonSuffix(a, b) {
  let i = 0;
  while (i < a.length && i < b.length && a[a.length - 1 - i] === b[b.length - 1 - i]) i += 1;
  return i;
}

// ---- The W3C JSON ------------------------------------------------------------------------

function passageIri(anchor) {
  return config.iri.replace("__anchor__", encodeURIComponent(anchor));
}

function anchorFromIri(iri) {
  const match = String(iri).match(/\/passages\/([^/]+)\/?$/);
  return match ? decodeURIComponent(match[1]) : null;
}

function idOf(iri) {
  const match = String(iri).match(/\/(\d+|[\w-]+)\/?$/);
  return match ? match[1] : String(iri);
}

function toW3C({ targets, text = "", tags = [], visibility = "private", group = "", motivation, replacement }) {
  const body = [];
  if (replacement != null) body.push({ type: "TextualBody", value: replacement, purpose: "editing" });
  if (text.trim()) body.push({ type: "TextualBody", value: text, format: "text/markdown", purpose: "commenting" });
  for (const tag of tags) body.push({ type: "TextualBody", value: tag, purpose: "tagging" });
  const json = {
    "@context": "http://www.w3.org/ns/anno.jsonld",
    type: "Annotation",
    motivation: motivation || (text.trim() ? "commenting" : "highlighting"),
    body,
    target: targets.map((t) => ({
      source: passageIri(t.anchor),
      selector: [
        { type: "TextQuoteSelector", exact: t.exact, prefix: t.prefix, suffix: t.suffix },
        { type: "TextPositionSelector", start: t.start, end: t.end },
      ],
    })),
    lectio: { visibility, ...(visibility === "group" ? { group: Number(group) || group } : {}) },
  };
  if (json.target.length === 1) json.target = json.target[0];
  return json;
}

function toReply(parent, text) {
  return {
    "@context": "http://www.w3.org/ns/anno.jsonld",
    type: "Annotation",
    motivation: "replying",
    body: [{ type: "TextualBody", value: text, format: "text/markdown", purpose: "commenting" }],
    target: parent.iri,
  };
}

function fromW3C(json, etag = null) {
  const ext = json.lectio || {};
  const bodies = [].concat(json.body || []);
  const comment = bodies.find((b) => b.purpose !== "tagging" && b.purpose !== "editing" && typeof b.value === "string");
  const creator = json.creator || {};
  const targets = [].concat(json.target || []);
  const replying = json.motivation === "replying";
  const username = typeof creator === "string" ? creator : creator.nickname || creator.id || "";
  return {
    json, etag,
    iri: json.id,
    id: idOf(json.id),
    motivation: json.motivation,
    creator: username,
    creatorName: (typeof creator === "object" && creator.name) || username,
    mine: ext.mine ?? (Boolean(config.user) && username === config.user),
    created: json.created, modified: json.modified,
    text: comment ? comment.value : "",
    html: ext.bodyHtml ?? null,
    tags: ext.tags ?? bodies.filter((b) => b.purpose === "tagging").map((b) => b.value),
    visibility: ext.visibility ?? "public",
    group: groupIdOf(ext.group),
    groupName: ext.group && typeof ext.group === "object" ? ext.group.name : "",
    deleted: Boolean(ext.deleted),
    // Moderation: others get a body-less placeholder; authors the status and reason.
    placeholder: Boolean(ext.placeholder),
    anchorState: ext.anchorState || "ok",
    status: ext.status || "approved",
    moderation: ext.moderation || null,
    myFlag: ext.myFlag || null,
    locked: Boolean(ext.locked),
    discussion: ext.discussion || "",
    rootId: replying ? idOf(ext.root ?? ext.parent ?? targetIri(targets[0])) : null,
    targets: replying ? [] : targets.map(parseTarget).filter(Boolean),
    suggestion: ext.suggestion || null, // a suggested correction (motivation "editing")
    corrections: ext.correctedSince || [], // versions that changed its passage since
  };
}

function groupIdOf(group) {
  if (group == null || group === "") return "";
  return typeof group === "object" ? String(group.id ?? "") : String(group);
}

function targetIri(target) {
  return typeof target === "string" ? target : target && (target.source || target.id);
}

function parseTarget(target) {
  if (typeof target !== "object" || !target.source) return null;
  const anchor = anchorFromIri(target.source);
  if (!anchor) return null;
  const selectors = [].concat(target.selector || []);
  const quote = selectors.find((s) => s.type === "TextQuoteSelector") || {};
  const pos = selectors.find((s) => s.type === "TextPositionSelector") || {};
  return {
    anchor, whole: selectors.length === 0,
    exact: quote.exact, prefix: quote.prefix, suffix: quote.suffix, start: pos.start, end: pos.end,
  };
}

// ---- Loading -------------------------------------------------------------------------

async function loadAll() {
  const params = new URLSearchParams({ edition: config.edition, section: config.section });
  let url = `${config.api}?${params}`;
  const found = [];
  for (let guard = 0; url && guard < 200; guard += 1) {
    const { json } = await api(url);
    const page = json.first && typeof json.first === "object" ? json.first : json;
    if (json.first && typeof json.first === "string" && !json.items) { url = json.first; continue; }
    found.push(...(page.items || []).filter((item) => typeof item === "object"));
    url = page.next ? (typeof page.next === "string" ? page.next : page.next.id) : null;
  }
  for (const json of found) store(fromW3C(json));
}

function store(record) {
  if (!record.rootId) {
    state.items.set(record.id, record);
    return;
  }
  const list = (state.replies.get(record.rootId) || []).filter((r) => r.id !== record.id);
  list.push(record);
  list.sort((a, b) => String(a.created).localeCompare(String(b.created)));
  state.replies.set(record.rootId, list);
}

// ---- Layers and filters ------------------------------------------------------------------

function visible(record) {
  if (state.layer === "none") return false;
  if (state.layer === "mine" && !record.mine) return false;
  if (state.layer === "public" && record.visibility !== "public") return false;
  if (state.layer.startsWith("group:") && `group:${record.group}` !== state.layer) return false;
  if (state.user && record.creator !== state.user) return false;
  if (state.tag && !record.tags.includes(state.tag)) return false;
  return true;
}

function placed() {
  const texts = passageTexts();
  const els = new Map(texts.map((el) => [anchorOf(el), el]));
  const order = new Map(texts.map((el, i) => [anchorOf(el), i]));
  const rows = [];
  for (const record of state.items.values()) {
    // The server knows when an edit removed the annotated words: painting the best match
    // of the quote would then put the note on other words.
    const spots = record.anchorState === "orphaned" ? [] : record.targets.map((t) => resolve(t, els)).filter(Boolean);
    const first = spots[0];
    rows.push({ record, spots, key: first ? [order.get(anchorOf(first.el)), first.start] : [order.size, 0] });
  }
  rows.sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1]
    || String(a.record.created).localeCompare(String(b.record.created)));
  return rows;
}

// ---- Painting highlights ------------------------------------------------------------------

// Each painted passage's nodes as they were before any highlight: restoring them at once
// is far cheaper than unwrapping thousands of nested marks one by one.
const pristine = new Map();

function unpaintAll() {
  for (const [el, nodes] of pristine) el.replaceChildren(nodes.cloneNode(true));
}

// Paint every highlight of one passage in one pass: split its text at all the highlights'
// ends, then wrap each piece in one <mark> per highlight covering it, outermost first, so
// overlaps nest and each level knows its depth. `labelled` holds the annotations whose
// first mark (id, focus, label) is already placed.
function paintPassage(el, spots, labelled) {
  if (!pristine.has(el)) {
    const nodes = document.createDocumentFragment();
    nodes.append(...[...el.childNodes].map((n) => n.cloneNode(true)));
    pristine.set(el, nodes);
  }
  const cuts = [...new Set(spots.flatMap((s) => [s.start, s.end]))].sort((a, b) => a - b);
  const pieces = [];
  for (const seg of segments(el)) {
    if (!spots.some((s) => s.start < seg.end && s.end > seg.start)) continue;
    const starts = [seg.start, ...cuts.filter((c) => c > seg.start && c < seg.end)];
    let node = seg.node;
    starts.forEach((start, i) => {
      if (i > 0) node = node.splitText(start - starts[i - 1]);
      pieces.push({ node, start, end: starts[i + 1] ?? seg.end });
    });
  }
  const outerFirst = (a, b) => a.start - b.start || b.end - a.end || a.rank - b.rank;
  for (const piece of pieces) {
    const covering = spots.filter((s) => s.start <= piece.start && piece.end <= s.end).sort(outerFirst);
    let inner = piece.node;
    for (let depth = covering.length; depth >= 1; depth -= 1) {
      const mark = markFor(covering[depth - 1].record, depth, labelled);
      inner.parentNode.insertBefore(mark, inner);
      mark.appendChild(inner);
      inner = mark;
    }
  }
}

function markFor(record, depth, labelled) {
  const mark = document.createElement("mark");
  mark.className = `anno-hl${record.mine ? " anno-mine" : ""}`;
  mark.dataset.annotation = record.id;
  mark.dataset.depth = String(Math.min(depth, 4));
  if (!labelled.has(record.id)) {
    labelled.add(record.id);
    mark.tabIndex = -1;
    mark.id = `a-${record.id}`;
    mark.dataset.first = "";
    mark.setAttribute("aria-label", highlightLabel(record));
  }
  return mark;
}

function $$ancestors(el, selector) {
  const out = [];
  for (let node = el.parentElement; node && node !== article; node = node.parentElement) {
    if (node.matches(selector)) out.push(node);
  }
  return out;
}

function highlightLabel(record) {
  const who = record.mine ? "your" : `${record.creatorName || record.creator}'s`;
  const what = record.text ? `annotation: ${shortText(record.text, 80)}` : "highlight";
  return `Start of ${who} ${what}. Press Enter to open.`;
}

// ---- The panel ------------------------------------------------------------------------

function render() {
  unpaintAll();
  textCache = new Map();
  const list = document.createDocumentFragment();
  const orphans = [];
  const byPassage = new Map();
  let shown = 0;
  placed().forEach(({ record, spots }, rank) => {
    if (!visible(record)) return;
    shown += 1;
    // A placeholder keeps its card (threads stay readable) but paints no highlight.
    for (const spot of record.placeholder ? [] : spots) {
      if (!byPassage.has(spot.el)) byPassage.set(spot.el, []);
      byPassage.get(spot.el).push({ ...spot, record, rank });
    }
    if (spots.length) list.append(card(record, false));
    else orphans.push(record);
  });
  // Annotations no longer found in the text come after those that are.
  for (const record of orphans) list.append(card(record, true));
  $("[data-cards]", root).replaceChildren(list);
  const labelled = new Set();
  for (const el of passageTexts()) if (byPassage.has(el)) paintPassage(el, byPassage.get(el), labelled);
  $("[data-anno-empty]", root).hidden = shown > 0 || state.layer === "none";
  $("[data-anno-orphans]", root).hidden = orphans.length === 0;
  for (const el of $$("[data-anno-count]")) el.textContent = String(shown);
  fillFilters();
  textCache = null;
  if (state.open) openThread(state.open, { focus: false, scroll: false, reveal: false });
  observer.takeRecords();
}

function card(record, orphan) {
  const el = fromTemplate("card");
  el.dataset.card = record.id;
  el.id = `card-${record.id}`;
  const mine = record.mine;
  el.classList.toggle("anno-card-mine", mine);
  el.classList.toggle("anno-card-orphan", orphan);
  $("[data-card-author]", el).textContent = mine ? "You" : record.creatorName || record.creator || "Someone";
  $("[data-card-visibility]", el).textContent = visibilityLabel(record);
  $("[data-card-visibility]", el).dataset.visibility = record.visibility;
  $("[data-card-quote]", el).textContent = shortText(record.targets.map((t) => t.exact || "").join(" … "), 160);
  fillBody($("[data-card-body]", el), record);
  const tags = $("[data-card-tags]", el);
  for (const tag of record.tags) {
    const li = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "anno-tag";
    button.dataset.filterTag = tag;
    button.textContent = tag;
    button.setAttribute("aria-label", `Show only annotations tagged ${tag}`);
    li.append(button);
    tags.append(li);
  }
  tags.hidden = record.tags.length === 0;
  const time = $("[data-card-time]", el);
  if (record.created) {
    time.dateTime = record.created;
    time.textContent = DAY.format(new Date(record.created));
  }
  $("[data-card-permalink]", el).href = `${location.pathname}${location.search}#a-${record.id}`;
  const discussion = $("[data-card-discussion]", el);
  if (discussion && record.discussion) { discussion.href = record.discussion; discussion.hidden = false; }
  const replies = state.replies.get(record.id) || [];
  $("[data-card-toggle]", el).textContent = replies.length ? `Replies (${replies.length})` : "Discuss";
  $("[data-card-own]", el).hidden = !mine;
  $("[data-reply-form]", el).hidden = !config.signedIn;
  if (orphan) $("[data-card-orphan]", el).hidden = false;
  addVersionNotes(el, record);
  fillModeration(el, record);
  el.setAttribute("aria-label", `${mine ? "Your" : `${record.creatorName || record.creator}'s`} ${record.text ? "annotation" : "highlight"} on “${shortText(record.targets[0]?.exact || "", 50)}”`);
  return el;
}

const STATUS_LABELS = { pending: "Awaiting moderation", hidden: "Hidden by a moderator", spam: "Marked as spam" };

// The status badge and reason (for the author), the flag button or the flag's outcome.
function fillModeration(el, record) {
  el.classList.toggle("anno-card-placeholder", record.placeholder);
  const badge = $("[data-card-status]", el);
  if (record.mine && record.status !== "approved") {
    badge.textContent = STATUS_LABELS[record.status] || record.status;
    badge.dataset.status = record.status;
    badge.hidden = false;
  }
  const m = record.moderation;
  const note = $("[data-card-moderation]", el);
  if (m && record.mine && m.status !== "approved") {
    const reason = m.reasonLabel ? ` Reason: ${m.reasonLabel}.` : "";
    const said = m.note ? ` “${m.note}”` : "";
    $("[data-moderation-text]", note).textContent = m.status === "pending"
      ? "Only you can see this until a moderator approves it."
      : `Others see “hidden by a moderator”.${reason}${said}`;
    const appeal = $("[data-moderation-appeal]", note);
    appeal.hidden = !m.appealable;
    appeal.href = local(m.appealUrl || "#");
    const state = $("[data-moderation-appeal-state]", note);
    state.textContent = m.appeal ? `Your appeal: ${APPEAL_LABELS[m.appeal] || m.appeal}.` : "";
    note.hidden = false;
  }
  fillFlag($("[data-card-flag]", el), $("[data-card-flagged]", el), record);
  if (record.locked) $("[data-reply-form]", el).hidden = true;
}

// Annotations and replies alike: a Flag button for others' published items, or the outcome.
function fillFlag(flagButton, flagged, record) {
  if (record.myFlag) {
    flagged.textContent = record.myFlag.outcome === "open"
      ? "You flagged this; a moderator will look at it."
      : `You flagged this; a moderator decided: ${record.myFlag.outcome}.`;
    flagged.hidden = false;
  } else {
    flagButton.hidden = !config.signedIn || record.mine || record.placeholder || record.status !== "approved";
  }
}

const APPEAL_LABELS = { open: "waiting for a moderator", upheld: "decision upheld", overturned: "decision overturned" };

async function sendFlag(record, form) {
  const reason = $("[name=reason]", form).value;
  const text = $("[name=text]", form).value;
  const error = $("[data-flag-error]", form);
  if (reason === "other" && !text.trim()) {
    error.textContent = "Say why in Details when the reason is “Other”.";
    $("[name=text]", form).focus();
    return;
  }
  try {
    await api(`${local(record.iri)}flags/`, { method: "POST", body: { reason, text } });
    record.myFlag = { reason, outcome: "open" };
    render();
    announce("Flag sent: a moderator will look at it.");
  } catch (e) {
    error.textContent = e.message;
  }
}

function fillBody(el, record) {
  if (record.placeholder) {
    el.textContent = "Hidden by a moderator.";
    el.classList.add("anno-deleted", "anno-placeholder");
    el.hidden = false;
    return;
  }
  if (record.deleted) {
    el.textContent = "Deleted by its author.";
    el.classList.add("anno-deleted");
  } else if (record.html != null) {
    el.innerHTML = record.html; // sanitized by the server (nh3)
  } else {
    el.textContent = record.text;
  }
  el.hidden = !record.text && !record.deleted && !record.html;
}

function visibilityLabel(record) {
  if (record.visibility === "private") return "Only me";
  if (record.visibility === "group") {
    const group = config.groups.find((g) => String(g.id) === record.group);
    return group ? group.name : record.groupName || "Group";
  }
  return "Public";
}

function fillFilters() {
  fillSelect($("[data-filter-user]", root), state.user,
    [...new Map([...state.items.values()].map((r) => [r.creator, r.mine ? "me" : r.creatorName || r.creator])).entries()]);
  fillSelect($("[data-filter-tag]", root), state.tag,
    [...new Set([...state.items.values()].flatMap((r) => r.tags))].sort().map((t) => [t, t]));
}

function fillSelect(select, current, options) {
  const first = select.options[0];
  select.replaceChildren(first);
  for (const [value, label] of options) select.add(new Option(label, value, false, value === current));
  select.value = current;
}

// ---- Threads ----------------------------------------------------------------------------

function openThread(id, { focus = true, scroll = true, reveal = true } = {}) {
  const cardEl = $(`[data-card="${CSS.escape(id)}"]`, root);
  if (!cardEl) return;
  closeThreads(id);
  state.open = id;
  cardEl.classList.add("is-open");
  $("[data-card-thread]", cardEl).hidden = false;
  $("[data-card-toggle]", cardEl).setAttribute("aria-expanded", "true");
  markActive(id);
  if (reveal) showPanel();
  if (scroll) {
    const mark = $(`mark[data-annotation="${CSS.escape(id)}"]`, article);
    if (mark) mark.scrollIntoView({ block: "start", behavior: "smooth" });
    revealInPanel(cardEl);
  }
  if (focus) cardEl.focus({ preventScroll: true });
  renderReplies(cardEl, state.items.get(id));
}

function closeThreads(except = null) {
  for (const el of $$("[data-card].is-open", root)) {
    if (el.dataset.card === except) continue;
    el.classList.remove("is-open");
    $("[data-card-thread]", el).hidden = true;
    $("[data-card-toggle]", el).setAttribute("aria-expanded", "false");
  }
  if (!except) { state.open = null; markActive(null); }
}

function markActive(id) {
  for (const m of $$("mark.is-active", article)) m.classList.remove("is-active");
  if (id) for (const m of $$(`mark[data-annotation="${CSS.escape(id)}"]`, article)) m.classList.add("is-active");
}

function renderReplies(cardEl, record) {
  const list = $("[data-card-replies]", cardEl);
  list.replaceChildren();
  const replies = state.replies.get(record.id) || [];
  for (const reply of replies) {
    const li = fromTemplate("reply");
    li.dataset.reply = reply.id;
    const mine = reply.mine;
    const pending = mine && reply.status !== "approved" ? ` · ${STATUS_LABELS[reply.status] || reply.status}` : "";
    $("[data-reply-author]", li).textContent = (mine ? "You" : reply.creatorName || reply.creator) + pending;
    fillBody($("[data-reply-body]", li), reply);
    const time = $("[data-reply-time]", li);
    if (reply.created) {
      time.dateTime = reply.created;
      time.textContent = MOMENT.format(new Date(reply.created));
    }
    $("[data-reply-own]", li).hidden = !mine || reply.deleted;
    fillFlag($("[data-reply-flag]", li), $("[data-reply-flagged]", li), reply);
    list.append(li);
  }
  list.hidden = replies.length === 0;
  $("[data-card-toggle]", cardEl).textContent = replies.length ? `Replies (${replies.length})` : "Discuss";
}

// ---- Writing ----------------------------------------------------------------------------

async function create(targets, fields) {
  const { json, etag } = await api(config.api, { method: "POST", body: toW3C({ targets, ...fields }) });
  const record = fromW3C(json, etag);
  store(record);
  render();
  return record;
}

async function highlight(targets) {
  if (!targets.length) return;
  try {
    const record = await create(targets, { visibility: "private", motivation: "highlighting" });
    window.getSelection().removeAllRanges();
    hideToolbar();
    announce("Highlight saved (only you can see it).");
    focusMark(record.id);
  } catch (error) {
    announce(`The highlight was not saved: ${error.message}`);
  }
}

// The seminar assignment every selected passage belongs to, if they share one.
function routeFor(targets) {
  const routes = targets.map((t) => config.assignments[t.anchor]);
  const first = routes[0];
  return first && routes.every((r) => r && r.assignment === first.assignment) ? first : null;
}

function startAnnotating(targets) {
  if (!targets.length) return;
  state.pending = targets;
  hideToolbar();
  openEditor({
    quote: targets.map((t) => t.exact).join(" … "),
    route: routeFor(targets),
    onSave: async (fields) => {
      const record = await create(targets, fields);
      state.pending = null;
      window.getSelection().removeAllRanges();
      announce("Annotation saved.");
      openThread(record.id);
    },
  });
}

// One editor at a time, in the panel: new annotations and edits share it.
function openEditor({ quote = "", record = null, onSave, route = null }) {
  closeEditor();
  const form = fromTemplate("editor");
  $("[data-editor-quote]", form).textContent = shortText(quote, 200);
  $("[data-editor-title]", form).textContent = record ? "Edit annotation" : "New annotation";
  const text = $("[data-editor-text]", form);
  const tags = $("[data-editor-tags]", form);
  const visibility = $("[data-editor-visibility]", form);
  if (record) {
    text.value = record.text;
    tags.value = record.tags.join(", ");
    visibility.value = record.visibility === "group" ? `group:${record.group}` : record.visibility;
  }
  if (route) showRoute(form, visibility, route);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const [kind, group = ""] = visibility.value.split(":");
    const fields = {
      text: text.value,
      tags: tags.value.split(",").map((t) => t.trim()).filter(Boolean),
      visibility: kind, group,
    };
    const button = $("[type=submit]", form);
    button.disabled = true;
    try {
      await onSave(fields);
      closeEditor({ restoreFocus: false });
    } catch (error) {
      $("[data-editor-error]", form).textContent = error.message;
      button.disabled = false;
    }
  });
  $("[data-editor-cancel]", form).addEventListener("click", () => closeEditor());
  form.returnFocus = document.activeElement;
  $("[data-editor-slot]", root).append(form);
  showPanel();
  revealInPanel(form);
  text.focus();
}

// A new note in an assignment's range goes to the seminar unless the reader says otherwise.
function showRoute(form, visibility, route) {
  const seminar = `group:${route.group}`;
  if (![...visibility.options].some((o) => o.value === seminar)) return;
  visibility.value = seminar;
  const note = $("[data-editor-route]", form);
  note.textContent = route.label;
  const sync = () => { note.hidden = visibility.value !== seminar; };
  visibility.addEventListener("change", sync);
  sync();
}

function closeEditor({ restoreFocus = true } = {}) {
  const form = $("[data-editor]", root);
  if (!form) return false;
  form.remove();
  state.pending = null;
  if (restoreFocus && form.returnFocus && document.contains(form.returnFocus)) form.returnFocus.focus();
  return true;
}

async function fresh(record) {
  // The ETag comes from the item itself, so a stale card gets a 412 rather than a lost edit.
  const { json, etag } = await api(record.iri);
  return fromW3C(json, etag);
}

function editAnnotation(record) {
  openEditor({
    quote: record.targets.map((t) => t.exact).join(" … "),
    record,
    onSave: async (fields) => {
      const current = await fresh(record);
      const body = toW3C({ targets: record.targets, ...fields, motivation: record.motivation === "highlighting" && !fields.text.trim() ? "highlighting" : undefined });
      body.id = record.iri;
      const { json, etag } = await api(record.iri, { method: "PUT", body, etag: current.etag });
      store(fromW3C(json, etag));
      render();
      announce("Annotation updated.");
      openThread(record.id);
    },
  });
}

async function deleteRecord(record, what) {
  if (!window.confirm(`Delete this ${what}?`)) return false;
  try {
    const current = await fresh(record);
    await api(record.iri, { method: "DELETE", etag: current.etag });
    announce(`${what[0].toUpperCase()}${what.slice(1)} deleted.`);
    return true;
  } catch (error) {
    announce(`Not deleted: ${error.message}`);
    return false;
  }
}

async function reply(record, form) {
  const textarea = $("textarea", form);
  if (!textarea.value.trim()) return;
  const button = $("[type=submit]", form);
  button.disabled = true;
  try {
    const { json } = await api(config.api, { method: "POST", body: toReply(record, textarea.value) });
    const replyRecord = fromW3C(json);
    replyRecord.rootId = record.id;
    store(replyRecord);
    textarea.value = "";
    renderReplies(form.closest("[data-card]"), record);
    announce("Reply posted.");
  } catch (error) {
    announce(`The reply was not posted: ${error.message}`);
  } finally {
    button.disabled = false;
  }
}

// ---- The selection toolbar ----------------------------------------------------------------

function showToolbar(range) {
  const bar = $("[data-anno-toolbar]");
  const rects = range.getClientRects();
  const rect = rects.length ? rects[rects.length - 1] : range.getBoundingClientRect();
  bar.hidden = false;
  const width = bar.offsetWidth;
  const left = Math.max(8, Math.min(window.innerWidth - width - 8, rect.right - width / 2));
  bar.style.left = `${left + window.scrollX}px`;
  bar.style.top = `${rect.bottom + window.scrollY + 8}px`;
}

function hideToolbar() {
  const bar = $("[data-anno-toolbar]");
  if (bar) bar.hidden = true;
}

// What the toolbar was shown for: on touch screens tapping one of its buttons may clear
// the selection before the click arrives.
let toolbarTargets = [];

function onSelectionSettled() {
  const range = selectionRange();
  toolbarTargets = range ? targetsFor(range) : [];
  if (toolbarTargets.length) showToolbar(range);
  else hideToolbar();
}

// Touch screens select with a long press and drag handles, firing no mouseup or keyup:
// follow the selection itself, once it rests. A collapsed selection hides nothing here,
// since a tap on the toolbar collapses it; a tap elsewhere hides the toolbar (mouseup).
let selectionTimer = 0;
function onSelectionChange() {
  window.clearTimeout(selectionTimer);
  selectionTimer = window.setTimeout(() => { if (selectionRange()) onSelectionSettled(); }, 250);
}

// The passage the reader means when nothing is selected: the one holding the focus,
// else the one named in the address.
function currentPassage() {
  const focused = document.activeElement && document.activeElement.closest("[data-passage]");
  const passage = focused || (location.hash.startsWith("#p-") && document.getElementById(location.hash.slice(1)));
  if (!passage || !article.contains(passage)) return null;
  return passage.matches("[data-passage-text]") ? passage : $("[data-passage-text]", passage);
}

function chosenTargets() {
  const range = selectionRange();
  if (range) return targetsFor(range);
  if (toolbarTargets.length && !$("[data-anno-toolbar]").hidden) return toolbarTargets;
  const el = currentPassage();
  return el && !el.closest(".ocr-view") ? wholePassage(el) : [];
}

// ---- Moving between annotations ------------------------------------------------------------

function focusMark(id) {
  const mark = $(`mark[data-annotation="${CSS.escape(id)}"][data-first]`, article);
  if (!mark) return;
  mark.scrollIntoView({ block: "start", behavior: "smooth" });
  mark.focus({ preventScroll: true });
  markActive(id);
}

function step(direction) {
  const marks = $$("mark[data-annotation][data-first]", article);
  if (!marks.length) { announce("No annotations are shown."); return; }
  const from = document.activeElement && document.activeElement.closest("mark[data-annotation]");
  let index = from ? marks.indexOf(from) + direction : direction > 0 ? 0 : marks.length - 1;
  if (!from && state.open) {
    const open = marks.findIndex((m) => m.dataset.annotation === state.open);
    if (open !== -1) index = open + direction;
  }
  index = (index + marks.length) % marks.length;
  focusMark(marks[index].dataset.annotation);
  announce(`Annotation ${index + 1} of ${marks.length}.`);
}

// ---- Panel on phones ----------------------------------------------------------------------

// Scroll the panel only (scrollIntoView would also move the page away from the highlight).
function revealInPanel(el) {
  const box = root.getBoundingClientRect();
  const rect = el.getBoundingClientRect();
  if (rect.top < box.top || rect.bottom > box.bottom) root.scrollTop += rect.top - box.top - 12;
}

function showPanel() {
  root.classList.add("is-shown");
  $("[data-panel-toggle]").setAttribute("aria-expanded", "true");
}

function hidePanel() {
  root.classList.remove("is-shown");
  $("[data-panel-toggle]").setAttribute("aria-expanded", "false");
}

// ---- Permalinks -----------------------------------------------------------------------------

function openFromHash() {
  const match = location.hash.match(/^#a-(.+)$/);
  if (!match) return;
  const id = decodeURIComponent(match[1]);
  if (!state.items.has(id)) return;
  if (!visible(state.items.get(id))) { state.layer = "all"; state.user = ""; state.tag = ""; syncControls(); render(); }
  openThread(id, { focus: true, scroll: true });
}

function syncControls() {
  $("[data-layer]", root).value = state.layer;
  $("[data-filter-user]", root).value = state.user;
  $("[data-filter-tag]", root).value = state.tag;
}

// ---- Events ---------------------------------------------------------------------------

function isTyping(target) {
  return target.closest("input, textarea, select, [contenteditable]") !== null;
}

function onKeydown(event) {
  if (event.key === "Escape") {
    if (closeEditor()) return;
    if ($("[data-anno-toolbar]:not([hidden])")) { hideToolbar(); return; }
    if (state.open) {
      const id = state.open;
      closeThreads();
      focusMark(id);
      return;
    }
    if (root.classList.contains("is-shown")) hidePanel();
    return;
  }
  if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
  const mark = event.target.closest && event.target.closest("mark[data-annotation]");
  if (mark && (event.key === "Enter" || event.key === " ")) {
    event.preventDefault();
    openThread(mark.dataset.annotation);
    return;
  }
  const key = event.key.toLowerCase();
  if (key === "n" || key === "p") { event.preventDefault(); step(key === "n" ? 1 : -1); return; }
  if (!config.signedIn || (key !== "a" && key !== "h")) return;
  const targets = chosenTargets();
  if (!targets.length) { announce("Select some text, or move the focus into a paragraph, first."); return; }
  event.preventDefault();
  if (key === "a") startAnnotating(targets);
  else highlight(targets);
}

function onClick(event) {
  const target = event.target;
  const mark = target.closest("mark[data-annotation]");
  if (mark && selectionRange() === null) {
    const ids = [mark, ...$$ancestors(mark, "mark[data-annotation]")].map((m) => m.dataset.annotation);
    // Clicking again on nested highlights cycles through them, innermost first.
    const next = ids.includes(state.open) ? ids[(ids.indexOf(state.open) + 1) % ids.length] : ids[0];
    openThread(next, { focus: false });
    return;
  }
  const action = target.closest("[data-anno-action]");
  if (action) {
    const targets = chosenTargets();
    if (action.dataset.annoAction === "suggest") { startSuggesting(targets); return; }
    if (action.dataset.annoAction === "annotate") startAnnotating(targets);
    else highlight(targets);
    return;
  }
  const passageButton = target.closest("[data-annotate-passage]");
  if (passageButton && config.signedIn) {
    event.preventDefault();
    startAnnotating(wholePassage($("[data-passage-text]", passageButton.closest("[data-passage]"))));
    return;
  }
  onPanelClick(event);
}

function onPanelClick(event) {
  const target = event.target;
  if (target.closest("[data-panel-toggle]")) {
    if (root.classList.contains("is-shown")) hidePanel();
    else { showPanel(); $("[data-panel-title]", root).focus(); }
    return;
  }
  if (target.closest("[data-panel-close]")) { hidePanel(); $("[data-panel-toggle]").focus(); return; }
  const tag = target.closest("[data-filter-tag]");
  if (tag && tag.tagName === "BUTTON") { state.tag = tag.dataset.filterTag; syncControls(); render(); announce(`Showing annotations tagged ${state.tag}.`); return; }
  const cardEl = target.closest("[data-card]");
  if (!cardEl) return;
  const record = state.items.get(cardEl.dataset.card);
  if (target.closest("[data-card-toggle]")) {
    if (cardEl.classList.contains("is-open")) closeThreads();
    else openThread(record.id);
  } else if (target.closest("[data-card-quote]")) {
    openThread(record.id, { focus: false });
  } else if (target.closest("[data-card-edit]")) {
    editAnnotation(record);
  } else if (target.closest("[data-card-delete]")) {
    removeAnnotation(record);
  } else if (target.closest("[data-card-flag]") || target.closest("[data-reply-flag]")) {
    const item = target.closest("[data-reply]") || cardEl;
    const form = $(":scope > [data-flag-form]", item);
    form.hidden = !form.hidden;
    if (!form.hidden) $("[name=reason]", form).focus();
  } else if (target.closest("[data-reply-delete]")) {
    removeReply(record, target.closest("[data-reply]").dataset.reply, cardEl);
  } else if (target.closest("[data-card-permalink]")) {
    event.preventDefault();
    history.replaceState(null, "", `#a-${record.id}`);
    openThread(record.id);
  }
}

async function removeAnnotation(record) {
  const hasReplies = (state.replies.get(record.id) || []).length > 0;
  if (!(await deleteRecord(record, record.text ? "annotation" : "highlight"))) return;
  if (hasReplies) {
    record.deleted = true;
    record.text = "";
    record.html = null;
  } else {
    state.items.delete(record.id);
    state.open = null;
  }
  render();
}

async function removeReply(record, replyId, cardEl) {
  const replies = state.replies.get(record.id) || [];
  const replyRecord = replies.find((r) => r.id === replyId);
  if (!replyRecord || !(await deleteRecord(replyRecord, "reply"))) return;
  state.replies.set(record.id, replies.filter((r) => r.id !== replyId));
  renderReplies(cardEl, record);
}

function onSubmit(event) {
  const flagForm = event.target.closest("[data-flag-form]");
  if (flagForm) {
    event.preventDefault();
    const record = state.items.get(flagForm.closest("[data-card]").dataset.card);
    const replyEl = flagForm.closest("[data-reply]");
    const replies = state.replies.get(record.id) || [];
    sendFlag(replyEl ? replies.find((r) => r.id === replyEl.dataset.reply) : record, flagForm);
    return;
  }
  const form = event.target.closest("[data-reply-form]");
  if (!form) return;
  event.preventDefault();
  reply(state.items.get(form.closest("[data-card]").dataset.card), form);
}

function onControlChange(event) {
  const t = event.target;
  if (t.matches("[data-layer]")) state.layer = t.value;
  else if (t.matches("[data-filter-user]")) state.user = t.value;
  else if (t.matches("[data-filter-tag]")) state.tag = t.value;
  else return;
  render();
  const count = $("[data-anno-count]", root).textContent;
  announce(state.layer === "none" ? "Annotations hidden." : `${count} annotations shown.`);
}

// Reader.js swaps a passage's HTML for its OCR reading and back; repaint when it does.
// Painting mutates the same elements, so render() drops the records it caused.
const observer = new MutationObserver((records) => {
  for (const record of records) pristine.delete(record.target.closest("[data-passage-text]") || record.target);
  render();
});

function watchPassages() {
  for (const el of $$("[data-passage-text]", article)) observer.observe(el, { childList: true });
}

// Each passage's tools hold a plain link to the no-JS form for the whole paragraph; it
// opens the in-page editor instead. Without that link, a button does the same.
function addPassageButtons() {
  if (!config.signedIn) return;
  for (const tools of $$("[data-passage] .passage-tools", article)) {
    const link = $("[data-annotate-passage], a.annotate-link", tools);
    if (link) { link.dataset.annotatePassage = ""; continue; }
    const button = document.createElement("button");
    button.type = "button";
    button.className = "tool";
    button.dataset.annotatePassage = "";
    button.textContent = "Annotate";
    button.setAttribute("aria-label", "Annotate this whole paragraph");
    tools.append(button);
  }
}

// ---- Suggested corrections and corrected passages (issue 7) ---------------------------

function addSuggestButton() {
  const bar = $("[data-anno-toolbar]");
  if (!bar || $("[data-anno-action=suggest]", bar)) return;
  const button = document.createElement("button");
  button.type = "button";
  button.dataset.annoAction = "suggest";
  button.textContent = "Suggest a correction";
  bar.append(button);
}

function startSuggesting(targets) {
  if (targets.length !== 1) {
    announce("Select words inside one paragraph to suggest a correction.");
    return;
  }
  hideToolbar();
  let replacement = null;
  openEditor({
    quote: targets[0].exact,
    onSave: async (fields) => {
      const record = await create(targets, {
        ...fields, visibility: "public", group: "", motivation: "editing", replacement: replacement.value,
      });
      window.getSelection().removeAllRanges();
      announce("Suggestion sent: an editor of this edition will review it.");
      openThread(record.id);
    },
  });
  const form = $("[data-editor]", root);
  $("[data-editor-title]", form).textContent = "Suggest a correction";
  $("[data-editor-visibility]", form).closest("p").hidden = true;
  const p = document.createElement("p");
  const label = document.createElement("label");
  label.htmlFor = "anno-replacement";
  label.textContent = "Corrected text";
  replacement = document.createElement("textarea");
  replacement.id = "anno-replacement";
  replacement.rows = 2;
  replacement.maxLength = 2000;
  replacement.dataset.editorReplacement = "";
  replacement.value = targets[0].exact;
  p.append(label, replacement);
  $("[data-editor-text]", form).closest("p").before(p);
  $("[data-editor-text]", form).placeholder = "Why? (the printed source, a reference…)";
  replacement.focus();
}

function diffNode(ops) {
  const p = document.createElement("p");
  p.className = "anno-diff";
  for (const [op, text] of ops) {
    if (op === "=") { p.append(text); continue; }
    const el = document.createElement(op === "+" ? "ins" : "del");
    el.textContent = text;
    p.append(el);
  }
  return p;
}

function addVersionNotes(el, record) {
  const body = $("[data-card-body]", el);
  const s = record.suggestion;
  if (s) {
    const p = document.createElement("p");
    p.className = "anno-suggestion";
    p.dataset.cardSuggestion = s.status;
    const status = { pending: "waiting for an editor", accepted: `accepted in version ${s.version}`,
      rejected: "rejected", reverted: "reverted" }[s.status] || s.status;
    p.append("Suggests ", diffNode([["-", s.exact], ["+", s.replacement]]), ` (${status})`);
    body.before(p);
  }
  if (record.corrections.length) {
    const box = document.createElement("div");
    box.className = "anno-corrected";
    box.dataset.cardCorrected = "";
    const last = record.corrections[record.corrections.length - 1];
    const head = document.createElement("p");
    head.textContent = `The passage was corrected since this was written (now version ${last.version}):`;
    box.append(head, ...record.corrections.map((c) => diffNode(c.diff)));
    body.before(box);
  }
}

async function init() {
  if (!root || !article) return;
  root.hidden = false;
  $("[data-panel-toggle]").hidden = false;
  document.body.classList.add("has-annotations");
  if (article.dataset.view === "ocr") {
    $("[data-anno-ocr]", root).hidden = false;
    $("[data-anno-empty]", root).hidden = true;
    return;
  }
  addPassageButtons();
  document.addEventListener("keydown", onKeydown);
  document.addEventListener("click", onClick);
  root.addEventListener("submit", onSubmit);
  root.addEventListener("change", onControlChange);
  if (config.signedIn) {
    document.addEventListener("mouseup", (e) => {
      if (!e.target.closest("[data-anno-toolbar]")) window.setTimeout(onSelectionSettled, 0);
    });
    document.addEventListener("selectionchange", onSelectionChange);
    document.addEventListener("keyup", (e) => { if (e.shiftKey || e.key === "Shift") onSelectionSettled(); });
    $("[data-anno-toolbar]").addEventListener("mousedown", (e) => e.preventDefault());
    addSuggestButton();
  }
  try {
    await loadAll();
    root.dataset.loaded = "true";
  } catch (error) {
    announce(`Annotations could not be loaded: ${error.message}`);
    root.dataset.loaded = "error";
  }
  render();
  watchPassages();
  openFromHash();
  window.addEventListener("hashchange", openFromHash);
}

init();
