// The free-time finder of the meeting form: clicking a proposed slot fills in the meeting's
// start and end. The slots arrive later by htmx, so the click is caught on the document.

document.addEventListener("click", (event) => {
  const slot = event.target instanceof Element ? event.target.closest("button.slot") : null;
  if (!slot || !slot.dataset.start) return;
  const start = document.getElementById("id_starts_at");
  const end = document.getElementById("id_ends_at");
  if (start) start.value = slot.dataset.start;
  if (end) end.value = slot.dataset.end;
});
