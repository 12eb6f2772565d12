// The Gantt chart: a WBS table and a time axis in one scrolling pane. Only the rows and days in
// view are drawn, so a plan of thousands of tasks stays fast. People with the right to edit the
// plan drag bars, ends and links; every change goes through the REST API with the version the
// chart was drawn from, and the chart redraws from the server's answer.

import { call, outcome } from "./gantt-api.js";
import { el, lagText, openLinkDialog, openTaskDialog } from "./gantt-dialog.js";
import { WorkCalendar, ZOOMS, dayNum, headerUnits, isoOf, longDate } from "./gantt-time.js";
import { gettext, interpolate } from "../tandem/i18n.js";

const ROW = 28;
const HEAD = 44;
const CHUNK = 10; // rows drawn beyond the view on each side, and the step of redrawing
const SVG = "http://www.w3.org/2000/svg";
const COLUMNS_FULL = [
  ["wbs", gettext("WBS"), 46],
  ["name", gettext("Task"), 250],
  ["duration", gettext("Duration"), 64],
  ["start", gettext("Start"), 96],
  ["finish", gettext("Finish"), 96],
  ["float", gettext("Float"), 50],
  ["resources", gettext("Resources"), 130],
];
const COLUMNS_MILESTONES = [
  ["name", gettext("Milestone"), 260],
  ["finish", gettext("Date"), 96],
  ["deadline", gettext("Deadline"), 96],
];
// What a write did, for the status line: the task's name and the changes go in the places.
const CHANGED_FIELDS = {
  start_date: gettext("start date"),
  estimate: gettext("estimate"),
  percent_complete: gettext("percent complete"),
};

function svg(tag, attrs) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

function place(node, left, top, width, height) {
  node.style.left = `${left}px`;
  node.style.top = `${top}px`;
  if (width !== undefined) node.style.width = `${width}px`;
  if (height !== undefined) node.style.height = `${height}px`;
  return node;
}

class Gantt {
  constructor(root, data) {
    this.root = root;
    this.api = root.dataset.api;
    this.taskUrl = root.dataset.taskUrl;
    this.scroll = root.querySelector("[data-field=scroll]");
    this.inner = root.querySelector("[data-field=inner]");
    this.tip = root.querySelector("[data-field=tip]");
    this.dialog = root.querySelector("[data-field=dialog]");
    this.status = root.querySelector("[data-field=status]");
    this.collapsed = new Set();
    this.focusId = null;
    this.linkFrom = null;
    this.drawn = { first: -1, last: -1, from: NaN, to: NaN };
    this.load(data);
    const saved = window.localStorage.getItem(`gantt-zoom-${data.project.id}`);
    this.zoom = ZOOMS[saved] ? saved : this.fittingZoom();
    this.build();
    this.bind();
    this.scrollToDay(this.startDay(), 0.15);
  }

  // --- data ------------------------------------------------------------------------------
  load(data) {
    // Tasks arrive as rows in the order of task_fields; the chart reads them as objects.
    const fields = data.task_fields;
    data.tasks = data.tasks.map((row) => {
      const task = {};
      for (let i = 0; i < fields.length; i++) task[fields[i]] = row[i];
      return task;
    });
    this.data = data;
    this.byId = new Map(data.tasks.map((t) => [t.id, t]));
    this.calendar = new WorkCalendar(data.nonworking);
    this.origin = dayNum(data.axis.first);
    this.span = dayNum(data.axis.last) - this.origin + 1;
    this.columns = data.mode === "full" ? COLUMNS_FULL : COLUMNS_MILESTONES;
    this.gridWidth = this.columns.reduce((sum, c) => sum + c[2], 0);
    this.flatten();
  }

  flatten() {
    this.rows = [];
    let hideBelow = Infinity;
    for (const task of this.data.tasks) {
      if (task.level > hideBelow) continue;
      hideBelow = task.summary && this.collapsed.has(task.id) ? task.level : Infinity;
      this.rows.push(task);
    }
    this.rowOf = new Map(this.rows.map((t, i) => [t.id, i]));
    if (this.focusId === null || !this.rowOf.has(this.focusId)) {
      this.focusId = this.rows.length ? this.rows[0].id : null;
    }
  }

  fittingZoom() {
    const days = dayNum(this.data.project.finish) - dayNum(this.data.project.start);
    if (days <= 45) return "day";
    if (days <= 300) return "week";
    if (days <= 1200) return "month";
    return "quarter";
  }

  startDay() {
    const today = dayNum(this.data.today);
    const inPlan = today >= dayNum(this.data.project.start) && today <= dayNum(this.data.project.finish);
    return inPlan ? today : dayNum(this.data.project.start);
  }

  x(day) {
    return (day - this.origin) * this.px;
  }

  // --- the frame: columns, heads, layers ----------------------------------------------------
  build() {
    this.px = ZOOMS[this.zoom];
    for (const b of this.root.querySelectorAll("[data-zoom]")) {
      b.setAttribute("aria-pressed", String(b.dataset.zoom === this.zoom));
    }
    const height = this.rows.length * ROW;
    const timeWidth = Math.ceil(this.span * this.px);
    this.inner.replaceChildren();
    this.inner.style.width = `${this.gridWidth + timeWidth}px`;
    this.left = el("div", "g-left");
    this.left.setAttribute("role", "table");
    this.left.setAttribute("aria-label", gettext("Tasks"));
    this.left.style.width = `${this.gridWidth}px`;
    this.left.style.height = `${HEAD + height}px`;
    const lhead = el("div", "g-lhead");
    lhead.setAttribute("role", "row");
    lhead.style.height = `${HEAD}px`;
    for (const [, label, width] of this.columns) {
      const cell = el("div", "g-th", label);
      cell.setAttribute("role", "columnheader");
      cell.style.width = `${width}px`;
      lhead.append(cell);
    }
    this.lrows = el("div", "g-lrows");
    this.lrows.setAttribute("role", "rowgroup");
    this.lrows.style.height = `${height}px`;
    this.left.append(lhead, this.lrows);
    this.right = el("div", "g-right");
    this.right.style.width = `${timeWidth}px`;
    this.right.style.height = `${HEAD + height}px`;
    this.rhead = el("div", "g-rhead");
    this.rhead.style.height = `${HEAD}px`;
    this.body = el("div", "g-body");
    this.body.style.height = `${height}px`;
    this.shade = el("div", "g-shade");
    this.lines = el("div", "g-lines");
    this.bars = el("div", "g-bars");
    this.arrows = svg("svg", { class: "g-arrows", width: timeWidth, height: 1 });
    this.arrows.append(this.markers());
    this.temp = svg("svg", { class: "g-temp", width: timeWidth, height: Math.max(height, 1) });
    this.body.append(this.shade, this.lines, this.arrows, this.bars, this.temp);
    this.right.append(this.rhead, this.body);
    this.inner.append(this.left, this.right);
    this.drawLines();
    this.drawn = { first: -1, last: -1, from: NaN, to: NaN };
    this.update(true);
  }

  markers() {
    const defs = svg("defs", {});
    for (const [id, cls] of [["g-arrow", "g-arrowhead"], ["g-arrow-crit", "g-arrowhead crit"]]) {
      const marker = svg("marker", { id, viewBox: "0 0 8 8", refX: 7, refY: 4, markerWidth: 7, markerHeight: 7, orient: "auto" });
      marker.append(svg("path", { d: "M0,0 L8,4 L0,8 z", class: cls }));
      defs.append(marker);
    }
    return defs;
  }

  drawLines() {
    const height = this.rows.length * ROW;
    const marks = [
      ["today", this.data.today, gettext("Today %(date)s")],
      ["status", this.data.project.status_date, gettext("Status date %(date)s")],
    ];
    for (const [cls, iso, label] of marks) {
      if (!iso) continue;
      const line = place(el("div", `g-line g-line-${cls}`), this.x(dayNum(iso) + (cls === "status" ? 1 : 0.5)), 0, undefined, height);
      line.title = interpolate(label, { date: iso }, true);
      this.lines.append(line);
    }
  }

  // Redraw what the view shows; cheap when the view has not moved a chunk.
  update(force = false) {
    const top = this.scroll.scrollTop;
    const rowsInView = Math.ceil(this.scroll.clientHeight / ROW) + 1;
    const first = Math.max(0, Math.floor(top / ROW / CHUNK) * CHUNK - CHUNK);
    const last = Math.min(this.rows.length - 1, first + rowsInView + 3 * CHUNK);
    const dayWidth = Math.max(1, (this.scroll.clientWidth - this.gridWidth) / this.px);
    const leftDay = this.origin + Math.floor(this.scroll.scrollLeft / this.px);
    const step = Math.max(7, Math.ceil(dayWidth));
    const from = Math.floor((leftDay - this.origin) / step) * step + this.origin - step;
    const to = from + 3 * step;
    if (force || first !== this.drawn.first || last !== this.drawn.last) {
      this.drawRows(first, last);
    }
    if (force || from !== this.drawn.from) {
      this.drawHeader(from, to);
      this.drawShade(from, to);
    }
    this.drawn = { first, last, from, to };
  }

  drawHeader(from, to) {
    this.rhead.replaceChildren();
    headerUnits(this.zoom, from, to).forEach((units, tier) => {
      for (const unit of units) {
        // A unit that begins before the axis is cut at the axis so its label stays readable.
        const start = Math.max(unit.start, this.origin);
        if (unit.end <= start) continue;
        const cell = el("div", `g-unit g-tier${tier}`, unit.label);
        place(cell, this.x(start), tier * (HEAD / 2), (unit.end - start) * this.px, HEAD / 2);
        this.rhead.append(cell);
      }
    });
  }

  drawShade(from, to) {
    this.shade.replaceChildren();
    if (this.zoom !== "day" && this.zoom !== "week") return;
    const height = this.rows.length * ROW;
    let run = null;
    for (let d = Math.max(from, this.origin); d <= to + 1; d++) {
      const off = d <= to && !this.calendar.isWorking(d);
      if (off && run === null) run = d;
      if (!off && run !== null) {
        const band = place(el("div", "g-off"), this.x(run), 0, (d - run) * this.px, height);
        band.title = this.data.nonworking.holidays.includes(isoOf(run)) ? gettext("Holiday") : gettext("Non-working");
        this.shade.append(band);
        run = null;
      }
    }
  }

  // --- rows: grid cells and bars -------------------------------------------------------------
  drawRows(first, last) {
    const focused = document.activeElement && this.root.contains(document.activeElement);
    this.lrows.replaceChildren();
    this.bars.replaceChildren();
    for (let i = first; i <= last; i++) {
      const task = this.rows[i];
      this.lrows.append(this.gridRow(task, i));
      this.bars.append(...this.taskShapes(task, i));
    }
    this.drawArrows(first, last);
    if (focused && this.focusId !== null && this.root.querySelector(".g-bar:focus") === null) {
      const bar = this.barOf(this.focusId);
      if (bar && this.keyboardActive) bar.focus({ preventScroll: true });
    }
  }

  cell(task, key) {
    switch (key) {
      case "wbs":
        return task.wbs;
      case "duration":
        if (task.milestone) return interpolate(gettext("%(days)s d"), { days: 0 }, true);
        if (task.summary || task.estimate === null) {
          const days = this.calendar.workingDays(dayNum(task.start), dayNum(task.finish));
          return interpolate(gettext("%(days)s d"), { days }, true);
        }
        if (task.duration_unit === "days") return interpolate(gettext("%(days)s d"), { days: task.estimate }, true);
        return interpolate(gettext("%(hours)s h"), { hours: task.estimate }, true);
      case "start":
        return task.start;
      case "finish":
        return task.finish;
      case "float":
        return task.summary ? "" : `${task.total_float_days}`;
      case "resources":
        return task.resources.join(", ");
      case "deadline":
        return task.deadline || "";
      default:
        return "";
    }
  }

  gridRow(task, i) {
    const row = place(el("div", "g-row"), 0, i * ROW, this.gridWidth, ROW);
    row.setAttribute("role", "row");
    row.dataset.id = task.id;
    if (task.summary) row.classList.add("summary");
    if (task.critical && this.data.mode === "full") row.classList.add("critical");
    if (task.warnings.length) row.classList.add("warned");
    for (const [key, , width] of this.columns) {
      const cell = el("div", `g-td g-c-${key}`);
      cell.setAttribute("role", "cell");
      cell.style.width = `${width}px`;
      if (key === "name") {
        cell.style.paddingLeft = `${4 + task.level * 14}px`;
        if (task.summary) {
          const open = !this.collapsed.has(task.id);
          const toggle = el("button", "g-toggle", open ? "▾" : "▸");
          toggle.type = "button";
          toggle.dataset.toggle = task.id;
          toggle.setAttribute("aria-expanded", String(open));
          toggle.setAttribute("aria-label", interpolate(open ? gettext("Collapse %(task)s") : gettext("Expand %(task)s"), { task: task.name }, true));
          cell.append(toggle);
        }
        // Stakeholders see milestones, not the task pages behind them.
        const full = this.data.mode === "full";
        const name = el(full ? "a" : "span", "g-name", task.name);
        if (full) {
          name.href = `${this.taskUrl}${task.id}/`;
          name.tabIndex = -1;
        }
        cell.append(name);
        if (task.warnings.length) cell.append(el("span", "g-warn", "⚠"));
      } else {
        cell.textContent = this.cell(task, key);
      }
      row.append(cell);
    }
    return row;
  }

  taskShapes(task, i) {
    const shapes = [];
    const top = i * ROW;
    const s = dayNum(task.start);
    const f = dayNum(task.finish);
    if (task.baseline_start && task.baseline_finish) {
      const bs = dayNum(task.baseline_start);
      const bf = dayNum(task.baseline_finish);
      const base = place(el("div", "g-baseline"), this.x(bs), top + ROW - 8, Math.max(2, (bf - bs + 1) * this.px), 4);
      base.title = interpolate(gettext("Baseline %(start)s → %(finish)s"), { start: task.baseline_start, finish: task.baseline_finish }, true);
      shapes.push(base);
    }
    if (task.leveled_from) {
      // Leveling delay: a thin line from the unleveled start to the bar.
      const ls = dayNum(task.leveled_from);
      const delay = place(el("div", "g-leveling"), this.x(ls), top + ROW / 2 - 1, Math.max(2, (s - ls) * this.px), 2);
      delay.title = interpolate(gettext("Leveling delay %(days)s d (from %(date)s)"), { days: task.leveling_delay_days, date: task.leveled_from }, true);
      delay.dataset.leveling = task.id;
      shapes.push(delay);
    }
    const bar = el("div", "g-bar");
    bar.dataset.id = task.id;
    bar.tabIndex = task.id === this.focusId ? 0 : -1;
    bar.setAttribute("role", "button");
    bar.setAttribute("aria-label", interpolate(gettext("%(wbs)s %(task)s, %(start)s to %(finish)s"), {
      wbs: task.wbs,
      task: task.name,
      start: longDate(task.start),
      finish: longDate(task.finish),
    }, true));
    if (task.milestone) {
      bar.classList.add("milestone");
      place(bar, this.x(f + 1) - 8, top + 6, 16, 16);
    } else if (task.summary) {
      bar.classList.add("summary");
      place(bar, this.x(s), top + 8, Math.max(3, (f - s + 1) * this.px), 8);
    } else {
      place(bar, this.x(s), top + 6, Math.max(3, (f - s + 1) * this.px), ROW - 14);
      const done = el("div", "g-progress");
      done.style.width = `${task.percent_complete}%`;
      bar.append(done);
    }
    if (task.critical && this.data.mode === "full") bar.classList.add("critical");
    if (task.manual) bar.classList.add("manual");
    if (task.editable) {
      bar.classList.add("editable");
      if (!task.milestone) bar.append(el("div", "g-resize"));
      const dot = el("div", "g-dot");
      dot.title = gettext("Drag onto another bar to link");
      bar.append(dot);
    }
    if (this.linkFrom === task.id) bar.classList.add("linking");
    shapes.push(bar);
    if (task.deadline) {
      const d = dayNum(task.deadline);
      const mark = place(el("div", "g-deadline", "▼"), this.x(d + 1) - 6, top - 1);
      mark.title = interpolate(gettext("Deadline %(date)s"), { date: task.deadline }, true);
      if (f > d) mark.classList.add("missed");
      shapes.push(mark);
    }
    const label = task.milestone ? `${task.name} ${task.finish}` : task.resources.join(", ");
    if (label) shapes.push(place(el("div", "g-label", label), this.x(f + 1) + 12, top + 6));
    return shapes;
  }

  barOf(id) {
    return this.bars.querySelector(`.g-bar[data-id="${id}"]`);
  }

  // --- arrows ---------------------------------------------------------------------------------
  anchor(task, atFinish) {
    const s = dayNum(task.start);
    const f = dayNum(task.finish);
    if (task.milestone) return this.x(f + 1) + (atFinish ? 8 : -8);
    return atFinish ? this.x(f + 1) : this.x(s);
  }

  drawArrows(first, last) {
    for (const old of this.arrows.querySelectorAll("g.g-link")) old.remove();
    const top = first * ROW;
    this.arrows.setAttribute("height", String(Math.max(1, (last - first + 1) * ROW)));
    this.arrows.style.top = `${top}px`;
    for (const link of this.data.links) {
      const a = this.rowOf.get(link.pred);
      const b = this.rowOf.get(link.succ);
      if (a === undefined || b === undefined) continue;
      if (Math.max(a, b) < first || Math.min(a, b) > last) continue;
      this.arrows.append(this.arrow(link, a, b, top));
    }
  }

  arrow(link, a, b, top) {
    const pred = this.byId.get(link.pred);
    const succ = this.byId.get(link.succ);
    const fromFinish = link.type === "FS" || link.type === "FF";
    const toStart = link.type === "FS" || link.type === "SS";
    const x1 = this.anchor(pred, fromFinish);
    const x2 = this.anchor(succ, !toStart);
    const y1 = a * ROW + ROW / 2 - top;
    const y2 = b * ROW + ROW / 2 - top;
    const out = x1 + (fromFinish ? 8 : -8);
    const into = x2 + (toStart ? -8 : 8);
    const mid = y2 + (y2 > y1 ? -ROW / 2 : ROW / 2);
    const straight = toStart ? out <= into : out >= into;
    const d = straight
      ? `M${x1},${y1} H${out} V${y2} H${x2}`
      : `M${x1},${y1} H${out} V${mid} H${into} V${y2} H${x2}`;
    const group = svg("g", { class: `g-link${link.critical ? " crit" : ""}`, "data-link": link.id });
    group.append(svg("path", { d, class: "g-hit" }));
    group.append(svg("path", { d, class: "g-path", "marker-end": `url(#${link.critical ? "g-arrow-crit" : "g-arrow"})` }));
    const title = svg("title", {});
    title.textContent = `${pred.name} → ${succ.name} (${link.type}${link.lag ? ` ${lagText(link, this)}` : ""})`;
    group.append(title);
    return group;
  }

  // --- feedback --------------------------------------------------------------------------------
  say(message, isError = false) {
    this.status.textContent = message;
    this.status.classList.toggle("error", isError);
  }

  showTip(task, x, y) {
    const lines = [
      [`${task.wbs} ${task.name}`, "strong"],
      [`${longDate(task.start)} → ${longDate(task.finish)}`],
    ];
    if (this.data.mode === "full") {
      if (!task.summary) {
        const floats = task.critical
          ? gettext("Total float %(total)s d · free float %(free)s d · critical")
          : gettext("Total float %(total)s d · free float %(free)s d");
        lines.push([interpolate(floats, { total: task.total_float_days, free: task.free_float_days }, true)]);
      }
      if (task.percent_complete) lines.push([interpolate(gettext("%(percent)s% complete"), { percent: task.percent_complete }, true)]);
      for (const d of task.drivers) lines.push([interpolate(gettext("Driven by: %(driver)s"), { driver: d }, true)]);
      if (task.baseline_start) {
        lines.push([interpolate(gettext("Baseline %(start)s → %(finish)s"), { start: task.baseline_start, finish: task.baseline_finish }, true)]);
      }
      if (task.leveling_delay_days) {
        lines.push([interpolate(gettext("Leveling delay %(days)s d (unleveled start %(date)s)"), { days: task.leveling_delay_days, date: longDate(task.leveled_from) }, true)]);
      }
    }
    if (task.deadline) lines.push([interpolate(gettext("Deadline %(date)s"), { date: task.deadline }, true)]);
    for (const w of task.warnings) lines.push([w, "warn"]);
    this.tip.replaceChildren(...lines.map(([text, cls]) => el("div", cls, text)));
    this.tip.hidden = false;
    const box = this.root.getBoundingClientRect();
    this.tip.style.left = `${Math.min(x - box.left + 12, box.width - 320)}px`;
    this.tip.style.top = `${y - box.top + 16}px`;
  }

  // --- writes ------------------------------------------------------------------------------------
  async reload() {
    const baseline = this.root.querySelector("[data-action=baseline]");
    // The page's task filter (assignee, team, ...) applies to the reloaded data too.
    const params = new URLSearchParams(window.location.search);
    params.delete("baseline");
    if (baseline && baseline.value) params.set("baseline", baseline.value);
    const query = params.size ? `?${params}` : "";
    const answer = await call("GET", `${this.api}${query}`);
    if (!answer.ok) {
      this.say(answer.message, true);
      return;
    }
    const { scrollTop, scrollLeft } = this.scroll;
    this.load(answer.payload);
    this.build();
    this.scroll.scrollTop = scrollTop;
    this.scroll.scrollLeft = scrollLeft;
    this.update(true);
    const finish = this.root.querySelector("[data-field=finish]");
    if (finish) finish.textContent = this.data.project.finish;
  }

  async write(method, url, body, version, done) {
    this.say(gettext("Saving…"));
    const answer = await call(method, url, body, version);
    await this.reload();
    if (answer.ok) {
      this.say([done, outcome(answer.payload)].filter(Boolean).join(" "));
      if (this.dialog.open) this.dialog.close();
    } else {
      this.say(answer.message, true);
    }
    return answer;
  }

  // done: the status line's text afterwards, with places for %(task)s and %(changes)s.
  updateTask(task, changes, done) {
    const words = Object.entries(changes).map(([k, v]) =>
      interpolate(gettext("%(field)s %(value)s"), { field: CHANGED_FIELDS[k] || k.replace("_", " "), value: v }, true),
    );
    return this.write("PATCH", `/api/tasks/${task.id}`, changes, task.version, interpolate(done, { task: task.name, changes: words.join(", ") }, true));
  }

  moveTask(task, days) {
    const start = isoOf(dayNum(task.start) + days);
    return this.updateTask(task, { start_date: start }, gettext("Moved “%(task)s”: %(changes)s."));
  }

  resizeTask(task, days) {
    if (task.estimate_mode !== "single") {
      this.say(interpolate(gettext("“%(task)s” has a three-point estimate: change it in the task's form."), { task: task.name }, true), true);
      return null;
    }
    const finish = Math.max(dayNum(task.start), dayNum(task.finish) + days);
    const working = Math.max(1, this.calendar.workingDays(dayNum(task.start), finish));
    const estimate = task.duration_unit === "days" ? working : working * this.data.project.hours_per_day;
    return this.updateTask(task, { estimate: String(estimate) }, gettext("Changed the duration of “%(task)s”: %(changes)s."));
  }

  addLink(predId, succId, type = "FS", lag = "0") {
    const pred = this.byId.get(predId);
    const succ = this.byId.get(succId);
    const body = { predecessor_id: predId, successor_id: succId, type, lag: String(lag), lag_unit: "days" };
    const done = interpolate(gettext("Linked “%(predecessor)s” → “%(successor)s” (%(type)s)."), { predecessor: pred.name, successor: succ.name, type }, true);
    return this.write("POST", `/api/projects/${this.data.project.id}/dependencies`, body, undefined, done);
  }

  updateLink(link, changes) {
    return this.write("PATCH", `/api/dependencies/${link.id}`, changes, link.version, gettext("Link saved."));
  }

  removeLink(link) {
    const pred = this.byId.get(link.pred);
    const succ = this.byId.get(link.succ);
    const done = interpolate(gettext("Removed the link “%(predecessor)s” → “%(successor)s”."), { predecessor: pred.name, successor: succ.name }, true);
    return this.write("DELETE", `/api/dependencies/${link.id}`, undefined, link.version, done);
  }

  // --- navigation ----------------------------------------------------------------------------------
  scrollToDay(day, at = 0.5) {
    const width = this.scroll.clientWidth - this.gridWidth;
    this.scroll.scrollLeft = Math.max(0, this.x(day) - width * at);
    this.update();
  }

  setZoom(zoom) {
    const width = this.scroll.clientWidth - this.gridWidth;
    const center = this.origin + (this.scroll.scrollLeft + width / 2) / this.px;
    this.zoom = zoom;
    window.localStorage.setItem(`gantt-zoom-${this.data.project.id}`, zoom);
    this.build();
    this.scrollToDay(center);
  }

  toggle(id, open) {
    if (open) this.collapsed.delete(id);
    else this.collapsed.add(id);
    this.flatten();
    this.build();
  }

  focusRow(index) {
    const i = Math.max(0, Math.min(this.rows.length - 1, index));
    const task = this.rows[i];
    if (!task) return;
    this.focusId = task.id;
    const top = i * ROW;
    const view = this.scroll.clientHeight - HEAD;
    if (top < this.scroll.scrollTop) this.scroll.scrollTop = top;
    else if (top + ROW > this.scroll.scrollTop + view) this.scroll.scrollTop = top + ROW - view;
    this.update(true);
    const bar = this.barOf(task.id);
    if (bar) {
      bar.focus({ preventScroll: true });
      const left = parseFloat(bar.style.left);
      const width = this.scroll.clientWidth - this.gridWidth;
      if (left < this.scroll.scrollLeft || left > this.scroll.scrollLeft + width - 40) this.scrollToDay(dayNum(task.start), 0.2);
    }
  }

  // --- events ------------------------------------------------------------------------------------------
  bind() {
    let pending = false;
    this.scroll.addEventListener("scroll", () => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        this.update();
      });
    });
    window.addEventListener("resize", () => this.update(true));
    this.root.addEventListener("click", (event) => this.onClick(event));
    this.root.addEventListener("change", (event) => {
      if (event.target.matches("[data-action=baseline]")) this.reload();
    });
    this.inner.addEventListener("pointerdown", (event) => this.onPointerDown(event));
    this.inner.addEventListener("pointerover", (event) => {
      const bar = event.target.closest(".g-bar");
      if (bar && !this.drag) this.showTip(this.byId.get(Number(bar.dataset.id)), event.clientX, event.clientY);
    });
    this.inner.addEventListener("pointerout", (event) => {
      if (event.target.closest(".g-bar")) this.tip.hidden = true;
    });
    this.inner.addEventListener("focusin", (event) => {
      const bar = event.target.closest(".g-bar");
      if (!bar) return;
      this.focusId = Number(bar.dataset.id);
      for (const other of this.bars.querySelectorAll(".g-bar[tabindex='0']")) other.tabIndex = -1;
      bar.tabIndex = 0;
      const box = bar.getBoundingClientRect();
      this.showTip(this.byId.get(this.focusId), box.left, box.bottom);
    });
    this.inner.addEventListener("focusout", () => {
      this.tip.hidden = true;
    });
    this.inner.addEventListener("keydown", (event) => this.onKey(event));
    this.inner.addEventListener("dblclick", (event) => {
      const bar = event.target.closest(".g-bar");
      if (bar && this.data.mode === "full") openTaskDialog(this, this.byId.get(Number(bar.dataset.id)));
    });
  }

  onClick(event) {
    const zoom = event.target.closest("[data-zoom]");
    if (zoom) return this.setZoom(zoom.dataset.zoom);
    const action = event.target.closest("button[data-action]");
    if (action && action.dataset.action === "today") return this.scrollToDay(dayNum(this.data.today));
    if (action && action.dataset.action === "collapse") {
      for (const t of this.data.tasks) if (t.summary) this.collapsed.add(t.id);
      this.flatten();
      return this.build();
    }
    if (action && action.dataset.action === "expand") {
      this.collapsed.clear();
      this.flatten();
      return this.build();
    }
    const toggle = event.target.closest("[data-toggle]");
    if (toggle) return this.toggle(Number(toggle.dataset.toggle), toggle.getAttribute("aria-expanded") !== "true");
    const link = event.target.closest("g.g-link");
    if (link && this.data.mode === "full") {
      const found = this.data.links.find((l) => l.id === Number(link.dataset.link));
      if (found) openLinkDialog(this, found);
    }
    return undefined;
  }

  onKey(event) {
    const bar = event.target.closest(".g-bar");
    if (!bar) return;
    this.keyboardActive = true;
    const task = this.byId.get(Number(bar.dataset.id));
    const index = this.rowOf.get(task.id);
    const key = event.key;
    const step = key === "ArrowRight" ? 1 : key === "ArrowLeft" ? -1 : 0;
    if (key === "ArrowDown" || key === "ArrowUp") {
      event.preventDefault();
      this.focusRow(index + (key === "ArrowDown" ? 1 : -1));
    } else if (step && event.altKey && task.editable) {
      event.preventDefault();
      this.moveTask(task, step);
    } else if (step && event.shiftKey && task.editable && !task.milestone) {
      event.preventDefault();
      this.resizeTask(task, step);
    } else if ((key === "l" || key === "L") && this.data.can_edit) {
      event.preventDefault();
      this.linkFrom = task.id;
      bar.classList.add("linking");
      this.say(interpolate(gettext("Linking from “%(task)s”: move to the successor with ↑/↓ and press Enter (Escape cancels)."), { task: task.name }, true));
    } else if (key === "Enter" && this.data.mode === "full") {
      event.preventDefault();
      if (this.linkFrom !== null && this.linkFrom !== task.id) {
        const from = this.linkFrom;
        this.linkFrom = null;
        this.addLink(from, task.id);
      } else {
        openTaskDialog(this, task);
      }
    } else if (key === "Escape" && this.linkFrom !== null) {
      this.linkFrom = null;
      this.update(true);
      this.say(gettext("Linking cancelled."));
    }
  }

  onPointerDown(event) {
    const bar = event.target.closest(".g-bar");
    if (!bar || event.button !== 0) return;
    const task = this.byId.get(Number(bar.dataset.id));
    if (!task.editable) return;
    const mode = event.target.closest(".g-dot") ? "link" : event.target.closest(".g-resize") ? "resize" : "move";
    event.preventDefault();
    bar.setPointerCapture(event.pointerId);
    this.tip.hidden = true;
    const startWidth = parseFloat(bar.style.width);
    this.drag = { task, bar, mode, x0: event.clientX, days: 0 };
    const move = (e) => this.onDragMove(e, startWidth);
    const up = (e) => {
      bar.removeEventListener("pointermove", move);
      bar.removeEventListener("pointerup", up);
      bar.removeEventListener("pointercancel", up);
      this.onDragEnd(e);
    };
    bar.addEventListener("pointermove", move);
    bar.addEventListener("pointerup", up);
    bar.addEventListener("pointercancel", up);
  }

  onDragMove(event, startWidth) {
    const drag = this.drag;
    const dx = event.clientX - drag.x0;
    drag.days = Math.round(dx / this.px);
    if (drag.mode === "move") {
      drag.bar.style.transform = `translateX(${drag.days * this.px}px)`;
      const start = isoOf(dayNum(drag.task.start) + drag.days);
      this.say(interpolate(gettext("Move “%(task)s” to start %(date)s"), { task: drag.task.name, date: start }, true));
    } else if (drag.mode === "resize") {
      drag.bar.style.width = `${Math.max(this.px, startWidth + drag.days * this.px)}px`;
      const finish = isoOf(Math.max(dayNum(drag.task.start), dayNum(drag.task.finish) + drag.days));
      this.say(interpolate(gettext("“%(task)s” to finish %(date)s"), { task: drag.task.name, date: finish }, true));
    } else {
      const box = this.body.getBoundingClientRect();
      const barBox = drag.bar.getBoundingClientRect();
      this.temp.replaceChildren(
        svg("line", {
          x1: barBox.right - box.left,
          y1: barBox.top + barBox.height / 2 - box.top,
          x2: event.clientX - box.left,
          y2: event.clientY - box.top,
          class: "g-templine",
        }),
      );
    }
  }

  onDragEnd(event) {
    const drag = this.drag;
    this.drag = null;
    this.temp.replaceChildren();
    if (drag.mode === "link") {
      const target = document.elementFromPoint(event.clientX, event.clientY);
      const other = target && target.closest(".g-bar");
      if (other && Number(other.dataset.id) !== drag.task.id) this.addLink(drag.task.id, Number(other.dataset.id));
      else this.say(gettext("Drop the link on another task's bar to link them."));
      return;
    }
    if (!drag.days) {
      drag.bar.style.transform = "";
      this.say("");
      return;
    }
    if (drag.mode === "move") this.moveTask(drag.task, drag.days);
    else this.resizeTask(drag.task, drag.days);
  }
}

const root = document.getElementById("gantt");
const source = document.getElementById("gantt-data");
if (root && source) {
  window.tandemGantt = new Gantt(root, JSON.parse(source.textContent));
  // Benchmarks and tests read this mark: the chart is drawn and takes input from here on.
  performance.mark("gantt-ready");
}
