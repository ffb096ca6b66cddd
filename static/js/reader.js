// Section page: note popovers, copy-link buttons, and the per-paragraph OCR toggle.
// Everything here enhances plain links and works without JavaScript as well.

const article = document.querySelector("[data-edition]");

function closePopover(popover, returnFocus = true) {
  const opener = popover.opener;
  popover.remove();
  if (returnFocus && opener) opener.focus();
}

function openNote(link) {
  document.querySelectorAll(".note-popover").forEach((p) => closePopover(p, false));
  const label = link.dataset.noteCall;
  const note = document.getElementById(`n-${label}`);
  if (!note) return false;
  const template = document.getElementById("note-popover-template");
  const popover = template.content.firstElementChild.cloneNode(true);
  const body = popover.querySelector("[data-popover-body]");
  const number = note.querySelector(".note-number");
  const text = note.querySelector(".note-text");
  if (note.classList.contains("note-missing")) {
    body.textContent = `Note ${note.firstChild.textContent.trim()}: the source does not print its text.`;
  } else {
    body.innerHTML = `<strong>${number ? number.textContent : ""}</strong> ${text ? text.innerHTML : ""}`;
  }
  popover.setAttribute("aria-label", `Note ${label}`);
  popover.querySelector("[data-popover-link]").href = `#n-${label}`;
  popover.opener = link;
  const rect = link.getBoundingClientRect();
  const host = article.getBoundingClientRect();
  popover.style.top = `${rect.bottom - host.top + 6}px`;
  popover.style.left = `${Math.max(0, Math.min(rect.left - host.left - 40, host.width - 300))}px`;
  article.appendChild(popover);
  popover.focus();
  return true;
}

document.addEventListener("click", (event) => {
  const call = event.target.closest("[data-note-call]");
  if (call && openNote(call)) {
    event.preventDefault();
    return;
  }
  const close = event.target.closest("[data-popover-close]");
  if (close) closePopover(close.closest(".note-popover"));
  const go = event.target.closest("[data-popover-link]");
  if (go) closePopover(go.closest(".note-popover"), false);
  if (!event.target.closest(".note-popover")) {
    document.querySelectorAll(".note-popover").forEach((p) => closePopover(p, false));
  }
});

document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  document.querySelectorAll(".note-popover").forEach((p) => closePopover(p));
});

document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy-link]");
  if (!button) return;
  const url = button.dataset.copyLink;
  try {
    await navigator.clipboard.writeText(url);
    button.textContent = "Copied";
  } catch {
    window.prompt("Copy this link:", url);
  }
  setTimeout(() => { button.textContent = "Copy link"; }, 2000);
});

document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-toggle-ocr]");
  if (!button) return;
  const passage = button.closest("[data-passage]");
  const target = passage.querySelector("[data-passage-text]");
  const showOcr = button.getAttribute("aria-pressed") !== "true";
  const view = showOcr ? "ocr" : article.dataset.view === "ocr" ? "reading" : article.dataset.view;
  const response = await fetch(`${button.dataset.toggleOcr}?view=${view}`, { headers: { Accept: "text/html" } });
  if (!response.ok) return;
  target.innerHTML = await response.text();
  passage.classList.toggle("ocr-view", showOcr);
  button.setAttribute("aria-pressed", String(showOcr));
  // A toggle button keeps one name; its pressed state says which text is shown.
});

// Cite: copy the paragraph's citation (plain text); without JavaScript the link opens the
// citation page with BibTeX and CSL JSON.
document.addEventListener("click", async (event) => {
  const link = event.target.closest("[data-cite], [data-copy-cite]");
  if (!link) return;
  event.preventDefault();
  let text = link.dataset.copyCite;
  if (!text) {
    const response = await fetch(link.dataset.cite, { headers: { Accept: "text/plain" } });
    if (!response.ok) { window.location.href = link.href; return; }
    text = await response.text();
  }
  const label = link.textContent;
  try {
    await navigator.clipboard.writeText(text);
    link.textContent = "Citation copied";
  } catch {
    window.prompt("Copy this citation:", text);
  }
  link.dataset.citation = text;
  setTimeout(() => { link.textContent = label; }, 2000);
});

// Words of a search (?q= on a link from the search results) are marked in the passages,
// so that the hit is easy to find. Words are compared folded (case, diacritics) and from
// their start, as the search itself matches stems and prefixes.
function fold(text) {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

function searchPattern() {
  const q = new URLSearchParams(window.location.search).get("q") || "";
  const words = (q.match(/[\p{L}\p{N}]+/gu) || []).map((w) => fold(w).replace(/(es|s)$/, ""));
  const stems = words.filter((w) => w.length > 1).map((w) => w.replace(/[^\p{L}\p{N}]/gu, ""));
  if (!stems.length) return null;
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${stems.join("|")})[\\p{L}\\p{N}]*`, "gu");
}

function markSearchWords() {
  const pattern = searchPattern();
  if (!pattern || !article) return;
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  const nodes = [];
  while (walker.nextNode()) {
    if (walker.currentNode.parentElement.closest("[data-passage-text]")) nodes.push(walker.currentNode);
  }
  for (const node of nodes) {
    const text = node.nodeValue;
    // Fold one character at a time, so that offsets in the folded text are the text's.
    const folded = text.replace(/./gsu, (c) => (fold(c).length === c.length ? fold(c) : c));
    const hits = [...folded.matchAll(pattern)];
    if (!hits.length) continue;
    const pieces = document.createDocumentFragment();
    let at = 0;
    for (const hit of hits) {
      pieces.append(text.slice(at, hit.index));
      const mark = document.createElement("mark");
      mark.className = "search-mark";
      mark.textContent = text.slice(hit.index, hit.index + hit[0].length);
      pieces.append(mark);
      at = hit.index + hit[0].length;
    }
    pieces.append(text.slice(at));
    node.replaceWith(pieces);
  }
}

markSearchWords();

// A call whose note the source lacks points into the folded list of such notes: open it.
function openFoldedTarget() {
  const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
  const folded = target && target.closest("details:not([open])");
  if (folded) { folded.open = true; target.scrollIntoView(); }
}
window.addEventListener("hashchange", openFoldedTarget);
openFoldedTarget();
