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

// A call whose note the source lacks points into the folded list of such notes: open it.
function openFoldedTarget() {
  const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
  const folded = target && target.closest("details:not([open])");
  if (folded) { folded.open = true; target.scrollIntoView(); }
}
window.addEventListener("hashchange", openFoldedTarget);
openFoldedTarget();
