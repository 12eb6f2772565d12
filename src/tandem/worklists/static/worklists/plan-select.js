// The plan list's selection for the bulk edit: "select all" for the tasks shown, and how many
// are selected. A module: the pages run under a Content-Security-Policy.

import { gettext, interpolate, ngettext } from "../tandem/i18n.js";

const all = document.getElementById("select-all-tasks");
const boxes = () => Array.from(document.querySelectorAll("input[name=task][form=bulk-edit]"));
const count = document.querySelector("[data-selected-count]");

function show() {
  const picked = boxes().filter((b) => b.checked).length;
  if (count) {
    count.textContent = picked
      ? interpolate(ngettext("%(count)s task selected", "%(count)s tasks selected", picked), { count: picked }, true)
      : gettext("No task selected");
  }
  if (all) {
    all.checked = picked > 0 && picked === boxes().length;
    all.indeterminate = picked > 0 && picked < boxes().length;
  }
}

if (all) {
  all.addEventListener("change", () => {
    for (const box of boxes()) box.checked = all.checked;
    show();
  });
}
document.addEventListener("change", (event) => {
  if (event.target.matches("input[name=task][form=bulk-edit]")) show();
});
show();
