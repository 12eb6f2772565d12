// Calls to Tandem's REST API from the Gantt: the session's CSRF token, If-Match versions, and
// messages in words for every answer.

import { gettext, interpolate, ngettext } from "../tandem/i18n.js";

function csrfToken() {
  try {
    return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
  } catch {
    return "";
  }
}

export async function call(method, url, body, version) {
  const headers = { Accept: "application/json", "X-CSRFToken": csrfToken() };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (version !== undefined && version !== null) headers["If-Match"] = `"${version}"`;
  let response;
  try {
    response = await fetch(url, {
      method,
      headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { ok: false, status: 0, payload: null, message: gettext("The server could not be reached; nothing was changed.") };
  }
  let payload = null;
  try {
    payload = await response.json();
  } catch {
    payload = null;
  }
  return { ok: response.ok, status: response.status, payload, message: errorMessage(response.status, payload) };
}

function errorMessage(status, payload) {
  if (status >= 200 && status < 300) return "";
  const given = payload && payload.error && payload.error.message;
  if (status === 412) {
    return gettext("Someone else changed this since the chart was loaded. The chart now shows the newer plan; your change was not applied.");
  }
  if (status === 403) return given || gettext("Your role does not allow this change.");
  return given || interpolate(gettext("The change failed (HTTP %(status)s); nothing was changed."), { status }, true);
}

// What moved, from a write's answer: its notices and the number of tasks rescheduled.
export function outcome(payload) {
  const words = [];
  if (payload && Array.isArray(payload.notices)) words.push(...payload.notices);
  const moved = payload && Array.isArray(payload.rescheduled) ? payload.rescheduled.length : null;
  if (moved) words.push(interpolate(ngettext("%(count)s task rescheduled.", "%(count)s tasks rescheduled.", moved), { count: moved }, true));
  return words.join(" ");
}
