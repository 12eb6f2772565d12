// Texts of the static scripts in the reader's language. base.html loads Django's catalog
// (/jsi18n/) as a classic script before the modules, which defines window.gettext and its
// companions; where a page does not load it, the texts stay English with the same semantics.
// Modules import these rather than reading the globals, so no script depends on the catalog.

export function gettext(text) {
  const own = window.gettext;
  return typeof own === "function" ? own(text) : text;
}

export function ngettext(singular, plural, count) {
  const own = window.ngettext;
  return typeof own === "function" ? own(singular, plural, count) : count === 1 ? singular : plural;
}

export function pgettext(context, text) {
  const own = window.pgettext;
  return typeof own === "function" ? own(context, text) : text;
}

// interpolate("%(name)s moved", { name }, true) fills named places; interpolate("%s of %s",
// [a, b]) fills places in order. The same rules as Django's catalog.
export function interpolate(format, values, named = false) {
  const own = window.interpolate;
  if (typeof own === "function") return own(format, values, named);
  if (named) return format.replace(/%\(\w+\)s/g, (match) => String(values[match.slice(2, -2)]));
  const queue = [...values];
  return format.replace(/%s/g, () => String(queue.shift()));
}
