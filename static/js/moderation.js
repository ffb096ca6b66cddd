// Moderation queue: select-all for bulk decisions, the bulk button naming what it will do,
// and the filters folded away on phones. The page works without this script (plain forms).

const bulk = document.querySelector("[data-bulk-form]");
const queue = document.querySelector("[data-queue]");
const filters = document.querySelector("[data-queue-filters]");

// On a phone the filters would fill the first screen: fold them unless some are in use.
if (filters && window.matchMedia("(max-width: 36rem)").matches && !window.location.search) {
  filters.open = false;
}

if (bulk && queue) {
  const fieldset = bulk.querySelector("fieldset");
  const label = document.createElement("label");
  const all = document.createElement("input");
  all.type = "checkbox";
  all.dataset.selectAll = "";
  label.append(all, " Select all on this page");
  fieldset.prepend(label);
  const action = bulk.querySelector("[name=action]");
  const submit = bulk.querySelector("[data-bulk-submit]");
  // Instead of a confirmation dialog, the button says what it will do, to how many.
  const describe = () => {
    const count = queue.querySelectorAll("input[name=items]:checked").length;
    const verb = action.value ? action.options[action.selectedIndex].text : "Apply";
    submit.textContent = `${verb}: ${count} selected item${count === 1 ? "" : "s"}`;
    submit.disabled = count === 0;
  };
  all.addEventListener("change", () => {
    for (const box of queue.querySelectorAll("input[name=items]")) box.checked = all.checked;
    describe();
  });
  queue.addEventListener("change", describe);
  action.addEventListener("change", describe);
  describe();
}
