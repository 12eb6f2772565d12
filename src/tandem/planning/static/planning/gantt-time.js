// Dates on the Gantt's time axis: whole days counted from 1970-01-01 (UTC), the project's
// working calendar, and the header's units per zoom level. Month and weekday names come from
// the browser's Intl in the page's language.

import { interpolate, pgettext } from "../tandem/i18n.js";

const DAY_MS = 86400000;

const formats = new Map();

// A date format in the page's language, in UTC like the day numbers (kept: making one is slow).
function dateFormat(options) {
  const key = JSON.stringify(options);
  if (!formats.has(key)) {
    const language = document.documentElement.lang || undefined;
    let format;
    try {
      format = new Intl.DateTimeFormat(language, { ...options, timeZone: "UTC" });
    } catch {
      format = new Intl.DateTimeFormat(undefined, { ...options, timeZone: "UTC" });
    }
    formats.set(key, format);
  }
  return formats.get(key);
}

const written = (day, options) => dateFormat(options).format(new Date(day * DAY_MS));

// Pixels per day at each zoom level.
export const ZOOMS = { day: 30, week: 11, month: 3.2, quarter: 1.1 };

export function dayNum(iso) {
  return Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY_MS;
}

export function isoOf(day) {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function parts(day) {
  const d = new Date(day * DAY_MS);
  return { y: d.getUTCFullYear(), m: d.getUTCMonth(), d: d.getUTCDate(), wd: (d.getUTCDay() + 6) % 7 };
}

// A readable date: "Tue, Mar 3, 2026" in English.
export function longDate(iso) {
  return written(dayNum(iso), { weekday: "short", day: "numeric", month: "short", year: "numeric" });
}

export class WorkCalendar {
  constructor(nonworking) {
    this.weekdays = new Set(nonworking.weekdays); // ISO 1..7
    this.holidays = new Set(nonworking.holidays.map(dayNum));
    this.working = new Set((nonworking.working || []).map(dayNum));
  }

  isWorking(day) {
    if (this.holidays.has(day)) return false;
    return this.working.has(day) || !this.weekdays.has(parts(day).wd + 1);
  }

  // Working days from a to b, both inclusive (0 when b < a).
  workingDays(a, b) {
    let n = 0;
    for (let d = a; d <= b; d++) n += this.isWorking(d) ? 1 : 0;
    return n;
  }
}

function monthStart(day) {
  const p = parts(day);
  return Date.UTC(p.y, p.m, 1) / DAY_MS;
}

function addMonths(day, n) {
  const p = parts(day);
  return Date.UTC(p.y, p.m + n, 1) / DAY_MS;
}

function spans(from, to, first, next, label) {
  const out = [];
  for (let s = first(from); s <= to; ) {
    const e = next(s);
    out.push({ start: s, end: e, label: label(s, e - s) });
    s = e;
  }
  return out;
}

const month = (from, to, long) =>
  spans(from, to, monthStart, (s) => addMonths(s, 1), (s, n) => {
    return written(s, long && n > 6 ? { month: "short", year: "numeric" } : { month: "short" });
  });
const year = (from, to) =>
  spans(from, to, (d) => Date.UTC(parts(d).y, 0, 1) / DAY_MS, (s) => addMonths(s, 12), (s) => String(parts(s).y));

// The header's two rows of units that cover [from, to] at a zoom level.
export function headerUnits(zoom, from, to) {
  if (zoom === "day") {
    // Day numbers only: a weekday letter does not fit a day's width, and the shading of
    // non-working days already marks the weeks.
    const days = spans(from, to, (d) => d, (s) => s + 1, (s) => String(parts(s).d));
    return [month(from, to, true), days];
  }
  if (zoom === "week") {
    const weeks = spans(from, to, (d) => d - parts(d).wd, (s) => s + 7, (s) => written(s, { day: "numeric", month: "short" }));
    return [month(from, to, true), weeks];
  }
  if (zoom === "month") return [year(from, to), month(from, to, false)];
  const quarters = spans(from, to, (d) => addMonths(monthStart(d), -(parts(d).m % 3)), (s) => addMonths(s, 3), (s) =>
    interpolate(pgettext("quarter of a year", "Q%(number)s"), { number: Math.floor(parts(s).m / 3) + 1 }, true),
  );
  return [year(from, to), quarters];
}
