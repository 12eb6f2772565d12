// The Gantt's forms: a task's dates, duration, progress and predecessors, and one link's type
// and lag. They are the keyboard and form alternative to every drag on the chart.

import { gettext, interpolate } from "../tandem/i18n.js";

const LINK_TYPES = [
  ["FS", gettext("Finish to start")],
  ["SS", gettext("Start to start")],
  ["FF", gettext("Finish to finish")],
  ["SF", gettext("Start to finish")],
];

export function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

function field(labelText, input) {
  const label = el("label", "gantt-field", labelText);
  label.append(input);
  return label;
}

function input(type, name, value, attrs = {}) {
  const node = el("input");
  node.type = type;
  node.name = name;
  node.value = value === null || value === undefined ? "" : String(value);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

function select(name, options, value) {
  const node = el("select");
  node.name = name;
  for (const [v, label] of options) {
    const opt = el("option", null, label);
    opt.value = v;
    if (String(v) === String(value)) opt.selected = true;
    node.append(opt);
  }
  return node;
}

function button(text, cls, type = "button") {
  const node = el("button", cls, text);
  node.type = type;
  return node;
}

function linkRow(link, chart, label) {
  const row = el("div", "gantt-linkrow");
  row.append(el("span", "gantt-linkname", label));
  if (!chart.data.can_edit) {
    row.append(el("span", "muted", `${link.type} ${lagText(link, chart)}`));
    return row;
  }
  const type = select("type", LINK_TYPES, link.type);
  type.setAttribute("aria-label", interpolate(gettext("Type of the link %(link)s"), { link: label }, true));
  const lag = input("number", "lag", link.lag, { step: "any", "aria-label": interpolate(gettext("Lag of the link %(link)s"), { link: label }, true) });
  const unit = select("lag_unit", chart.data.lag_units, link.lag_unit);
  unit.setAttribute("aria-label", interpolate(gettext("Lag unit of the link %(link)s"), { link: label }, true));
  const save = button(gettext("Save link"), "small");
  save.addEventListener("click", () =>
    chart.updateLink(link, { type: type.value, lag: lag.value || "0", lag_unit: unit.value }),
  );
  const remove = button(gettext("Remove"), "small danger");
  remove.addEventListener("click", () => {
    if (remove.dataset.armed) {
      chart.removeLink(link);
      return;
    }
    remove.dataset.armed = "1";
    remove.textContent = gettext("Click again to remove");
  });
  row.append(type, lag, unit, save, remove);
  return row;
}

export function lagText(link, chart) {
  if (!link.lag) return "";
  const unit = (chart.data.lag_units.find(([v]) => v === link.lag_unit) || [null, link.lag_unit])[1];
  return `${link.lag > 0 ? "+" : ""}${link.lag} ${unit.toLowerCase()}`;
}

function taskFields(task, chart, form) {
  if (task.editable) {
    form.append(field(gettext("Start"), input("date", "start_date", task.start)));
    if (!task.milestone && task.estimate_mode === "single") {
      const label = task.duration_unit === "days" ? gettext("Duration (working days)") : gettext("Duration (working hours)");
      form.append(field(label, input("number", "estimate", task.estimate, { min: "0", step: "any" })));
    }
    form.append(el("p", "muted small", gettext("A start typed on an automatically scheduled task becomes a “start no earlier than” constraint.")));
  }
  if (task.progress_editable) {
    // The percent sign here is a sign, not a place for a value.
    // xgettext:no-javascript-format
    form.append(field(gettext("% complete"), input("number", "percent_complete", task.percent_complete, { min: "0", max: "100", step: "1" })));
  }
}

function predecessorSection(task, chart) {
  const box = el("section", "gantt-preds");
  box.append(el("h3", null, gettext("Predecessors")));
  const preds = chart.data.links.filter((l) => l.succ === task.id);
  if (!preds.length) box.append(el("p", "muted", gettext("None.")));
  for (const link of preds) {
    const pred = chart.byId.get(link.pred);
    box.append(linkRow(link, chart, pred ? `${pred.wbs} ${pred.name}` : "?"));
  }
  if (!chart.data.can_edit) return box;
  const others = chart.data.tasks
    .filter((t) => t.id !== task.id && !t.summary)
    .map((t) => [t.id, `${t.wbs} ${t.name}`]);
  const pick = select("predecessor", [["", gettext("Choose a task…")], ...others], "");
  pick.setAttribute("aria-label", gettext("New predecessor"));
  const type = select("new_type", LINK_TYPES, "FS");
  type.setAttribute("aria-label", gettext("Type of the new link"));
  const lag = input("number", "new_lag", "0", { step: "any", "aria-label": gettext("Lag of the new link (working days)") });
  const add = button(gettext("Add predecessor"), "small");
  add.addEventListener("click", () => {
    if (!pick.value) {
      chart.say(gettext("Choose the predecessor first."), true);
      return;
    }
    chart.addLink(Number(pick.value), task.id, type.value, lag.value || "0");
  });
  const row = el("div", "gantt-linkrow");
  row.append(pick, type, lag, add);
  box.append(row);
  return box;
}

export function openTaskDialog(chart, task) {
  const dialog = chart.dialog;
  dialog.replaceChildren();
  const head = el("div", "gantt-dialog-head");
  head.append(el("h2", null, `${task.wbs} ${task.name}`));
  const open = el("a", null, gettext("Open the task's page"));
  open.href = `${chart.taskUrl}${task.id}/`;
  head.append(open);
  dialog.append(head);
  const facts = el("p", "muted", interpolate(
    gettext("%(start)s → %(finish)s · total float %(float)s d"),
    { start: task.start, finish: task.finish, float: task.total_float_days },
    true,
  ));
  dialog.append(facts);
  const form = el("form", "gantt-form");
  form.method = "dialog";
  taskFields(task, chart, form);
  const buttons = el("div", "actions");
  if (task.editable || task.progress_editable) buttons.append(button(gettext("Save"), "primary", "submit"));
  const close = button(gettext("Close"));
  close.addEventListener("click", () => dialog.close());
  buttons.append(close);
  form.append(buttons);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const changes = {};
    const data = new FormData(form);
    if (data.has("start_date") && data.get("start_date") && data.get("start_date") !== task.start) {
      changes.start_date = data.get("start_date");
    }
    if (data.has("estimate") && data.get("estimate") !== String(task.estimate ?? "")) {
      changes.estimate = data.get("estimate") || null;
    }
    if (data.has("percent_complete") && Number(data.get("percent_complete")) !== task.percent_complete) {
      changes.percent_complete = Number(data.get("percent_complete"));
    }
    if (!Object.keys(changes).length) {
      chart.say(gettext("Nothing changed."));
      dialog.close();
      return;
    }
    chart.updateTask(task, changes, gettext("Saved “%(task)s”: %(changes)s."));
  });
  dialog.append(form);
  dialog.append(predecessorSection(task, chart));
  if (!dialog.open) dialog.showModal();
}

export function openLinkDialog(chart, link) {
  const dialog = chart.dialog;
  dialog.replaceChildren();
  const pred = chart.byId.get(link.pred);
  const succ = chart.byId.get(link.succ);
  dialog.append(el("h2", null, gettext("Link")));
  dialog.append(el("p", null, `${pred.wbs} ${pred.name} → ${succ.wbs} ${succ.name}`));
  dialog.append(linkRow(link, chart, `${pred.name} → ${succ.name}`));
  const close = button(gettext("Close"));
  close.addEventListener("click", () => dialog.close());
  dialog.append(close);
  if (!dialog.open) dialog.showModal();
}
