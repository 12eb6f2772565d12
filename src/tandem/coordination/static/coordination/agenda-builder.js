// The agenda builder's list: move a candidate up or down (buttons, so the keyboard works too) or
// drag it to its place; the form then sends the ticked keys in the list's order. Listeners sit on
// the document, so the list htmx swaps in after each addition works the same.

import { gettext, interpolate, ngettext } from "../tandem/i18n.js";

const LIST = "#agenda-candidates";

function summarize() {
  const out = document.getElementById("picked-summary");
  if (!out) return;
  const picked = [...document.querySelectorAll(`${LIST} input[name=item]:checked`)];
  const minutes = picked.reduce(
    (sum, box) => sum + Number(box.closest("li").dataset.minutes || 0),
    0,
  );
  const ticked = ngettext("%(count)s ticked, %(minutes)s min", "%(count)s ticked, %(minutes)s min", picked.length);
  out.textContent = picked.length
    ? interpolate(ticked, { count: picked.length, minutes }, true)
    : gettext("Nothing ticked yet");
}

document.addEventListener("click", (event) => {
  const button = event.target.closest(`${LIST} .move-up, ${LIST} .move-down`);
  if (!button) return;
  const row = button.closest("li");
  if (button.classList.contains("move-up") && row.previousElementSibling) {
    row.parentNode.insertBefore(row, row.previousElementSibling);
  } else if (button.classList.contains("move-down") && row.nextElementSibling) {
    row.parentNode.insertBefore(row.nextElementSibling, row);
  }
  button.focus();
});

document.addEventListener("change", (event) => {
  if (event.target.matches(`${LIST} input[name=item]`)) summarize();
});

let dragged = null;

document.addEventListener("dragstart", (event) => {
  const row = event.target.closest && event.target.closest(`${LIST} li`);
  if (!row) return;
  dragged = row;
  row.classList.add("dragging");
  event.dataTransfer.effectAllowed = "move";
  event.dataTransfer.setData("text/plain", row.dataset.key);
});

document.addEventListener("dragover", (event) => {
  const over = event.target.closest && event.target.closest(`${LIST} li`);
  if (!dragged || !over || over === dragged) return;
  event.preventDefault();
  const box = over.getBoundingClientRect();
  const after = event.clientY > box.top + box.height / 2;
  over.parentNode.insertBefore(dragged, after ? over.nextElementSibling : over);
});

document.addEventListener("dragend", () => {
  if (dragged) dragged.classList.remove("dragging");
  dragged = null;
});

document.addEventListener("DOMContentLoaded", summarize);
document.addEventListener("htmx:afterSwap", summarize);
