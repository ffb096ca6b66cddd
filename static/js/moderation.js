// Moderation queue: select-all for bulk decisions, and a confirmation before a bulk action.
// The page works without this script (plain forms).

const bulk = document.querySelector("[data-bulk-form]");
const queue = document.querySelector("[data-queue]");

if (bulk && queue) {
  const fieldset = bulk.querySelector("fieldset");
  const label = document.createElement("label");
  const all = document.createElement("input");
  all.type = "checkbox";
  all.dataset.selectAll = "";
  label.append(all, " Select all on this page");
  fieldset.prepend(label);
  all.addEventListener("change", () => {
    for (const box of queue.querySelectorAll("input[name=items]")) box.checked = all.checked;
  });
  bulk.addEventListener("submit", (event) => {
    const count = queue.querySelectorAll("input[name=items]:checked").length;
    const action = bulk.querySelector("[name=action]");
    const verb = action.options[action.selectedIndex].text.toLowerCase();
    if (!window.confirm(`${verb} ${count} item(s)?`)) event.preventDefault();
  });
}
