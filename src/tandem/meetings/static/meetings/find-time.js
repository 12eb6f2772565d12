// The free-time finder of the meeting form. Slots and relaxations arrive later by htmx, so
// clicks are caught on the document.
// - "Use ..." on a slot fills in the meeting's start and end;
// - a relaxation button ("Drop Ben", "45 minutes instead of 60", ...) applies its one change to
//   the form (people, length, limits, days, series) and searches again.

import { gettext, interpolate } from "../tandem/i18n.js";

function setBox(name, value, checked) {
  const box = document.querySelector(`input[name="${name}"][value="${value}"]`);
  if (box) box.checked = checked;
}

function setValue(id, value) {
  const input = document.getElementById(id);
  if (input) input.value = value === null || value === undefined ? "" : String(value);
}

function applyChange(change) {
  if ("make_optional" in change) {
    setBox("required_people", change.make_optional, false);
    setBox("optional_people", change.make_optional, true);
  }
  if ("drop_optional" in change) setBox("optional_people", change.drop_optional, false);
  if ("drop_room" in change) setValue("id_room", "");
  if ("duration_minutes" in change) setValue("id_find-duration_minutes", change.duration_minutes);
  if ("window_days" in change) setValue("id_find-window_days", change.window_days);
  if ("within_working_hours" in change) {
    const box = document.getElementById("id_find-within_working_hours");
    if (box) box.checked = Boolean(change.within_working_hours);
  }
  if ("earliest" in change) setValue("id_find-earliest", change.earliest);
  if ("latest" in change) setValue("id_find-latest", change.latest);
  if ("occurrences" in change) setValue("id_occurrences", change.occurrences);
}

document.addEventListener("click", (event) => {
  const target = event.target instanceof Element ? event.target : null;
  if (!target) return;
  const slot = target.closest("button.slot");
  if (slot && slot.dataset.start) {
    const start = document.getElementById("id_starts_at");
    const end = document.getElementById("id_ends_at");
    if (start) start.value = slot.dataset.start;
    if (end) end.value = slot.dataset.end;
    document.querySelectorAll("button.slot[aria-pressed]").forEach((b) => b.removeAttribute("aria-pressed"));
    slot.setAttribute("aria-pressed", "true");
    const chosen = document.getElementById("chosen-time");
    // The slot's time as written on its button, without the button's verb (data-label).
    const time = slot.dataset.label || slot.textContent.trim();
    if (chosen) chosen.textContent = interpolate(gettext("Chosen: %(time)s"), { time }, true);
    return;
  }
  const relax = target.closest("button.relax");
  if (relax && relax.dataset.change) {
    applyChange(JSON.parse(relax.dataset.change));
    const find = document.getElementById("find-time");
    if (find) find.click();
  }
});
