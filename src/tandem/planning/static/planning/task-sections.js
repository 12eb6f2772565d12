// The task page's edit sections show only the fields that apply: three-point fields in
// three-point mode, a constraint date for constraints that take one, typed dates for manually
// scheduled tasks. The server renders the same choice; this follows the form while it changes.
function valueOf(form, name) {
  const field = form.elements.namedItem(name);
  if (!field) return null;
  if (field.type === "checkbox") return field.checked ? "True" : "False";
  return field.value;
}

function refresh(form) {
  for (const row of form.querySelectorAll("[data-when-field]")) {
    const current = valueOf(form, row.dataset.whenField);
    if (current === null) continue;
    row.hidden = !row.dataset.whenValues.split(" ").includes(current);
  }
}

function watch(root) {
  for (const form of root.querySelectorAll("form[data-task-section]")) {
    if (form.dataset.watched) continue;
    form.dataset.watched = "1";
    form.addEventListener("change", () => refresh(form));
    refresh(form);
  }
}

watch(document);
// After htmx swaps the page's main part in, the new forms need watching too.
document.body.addEventListener("htmx:afterSettle", () => watch(document));
