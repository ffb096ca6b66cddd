// The upload page: follows the job through its JSON status and reloads for the report.
const root = document.querySelector("[data-upload]");
const POLL_MS = 1000;

async function poll() {
  const response = await fetch(root.dataset.statusUrl, { headers: { Accept: "application/json" } });
  if (!response.ok) return;
  const state = await response.json();
  root.querySelector("[data-upload-progress]").value = state.percent;
  root.querySelector("[data-upload-percent]").textContent = `${state.percent}%`;
  root.querySelector("[data-upload-stage]").textContent = state.stage_label;
  if (state.finished) {
    window.location.reload();
    return;
  }
  window.setTimeout(poll, POLL_MS);
}

if (root && ["queued", "running"].includes(root.dataset.status)) {
  window.setTimeout(poll, POLL_MS);
}
