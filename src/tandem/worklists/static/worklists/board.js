// The board: drag a card to another column, or pick a status in its "Move to" list. Either way
// the card's status is written with PATCH /api/tasks/{id} and the version the card was drawn
// with (If-Match), exactly as the task's form writes it: a card someone else changed meanwhile
// is refused (412), says so, and is reloaded as it is now. A module, not an inline script: the
// pages run under a Content-Security-Policy.

import { gettext, interpolate, ngettext } from "../tandem/i18n.js";

const board = document.getElementById("board");
const status = document.getElementById("board-status");

function csrfToken() {
  try {
    return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
  } catch {
    return "";
  }
}

// In the board's status line, and (for what a move came to, not its progress) as a toast.
function say(text, level = "success", asToast = true) {
  status.textContent = text;
  status.dataset.level = level;
  if (!asToast) return;
  document.body.dispatchEvent(new CustomEvent("tandem:toast", { detail: { messages: [{ level, text }] } }));
}

async function call(method, url, body, version) {
  const headers = { Accept: "application/json", "X-CSRFToken": csrfToken() };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (version !== undefined) headers["If-Match"] = `"${version}"`;
  try {
    const response = await fetch(url, {
      method,
      headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    let payload = null;
    try {
      payload = await response.json();
    } catch {
      payload = null;
    }
    return { ok: response.ok, status: response.status, payload };
  } catch {
    return { ok: false, status: 0, payload: null };
  }
}

function columnOf(value) {
  return board.querySelector(`.board-column[data-status="${CSS.escape(value)}"]`);
}

function labelOf(value) {
  const column = columnOf(value);
  return column ? column.querySelector("h2").firstChild.textContent.trim() : value;
}

function recount() {
  for (const column of board.querySelectorAll(".board-column")) {
    column.querySelector("[data-count]").textContent = column.querySelectorAll(".board-card").length;
  }
}

// Put the card where the task's stored state says, with the version to write against next.
function place(card, task) {
  card.dataset.version = task.version;
  card.dataset.status = task.status;
  const select = card.querySelector("select[data-action=move]");
  if (select) select.value = task.status;
  const percent = card.querySelector("[data-percent]");
  if (percent) percent.textContent = task.percent_complete;
  const column = columnOf(task.status);
  if (column && card.parentElement !== column.querySelector(".board-cards")) {
    column.querySelector(".board-cards").append(card);
  }
  recount();
}

async function reloadCard(card) {
  const answer = await call("GET", `${board.dataset.api}${card.dataset.task}`);
  if (answer.ok) place(card, answer.payload);
  card.classList.add("stale");
}

async function move(card, target) {
  const name = card.dataset.name;
  if (card.dataset.status === target || card.classList.contains("saving")) return;
  card.classList.add("saving");
  card.classList.remove("stale");
  say(interpolate(gettext("Moving “%(task)s”…"), { task: name }, true), "info", false);
  const answer = await call("PATCH", `${board.dataset.api}${card.dataset.task}`, { status: target }, card.dataset.version);
  card.classList.remove("saving");
  if (answer.ok) {
    place(card, answer.payload);
    // The schedule moved these tasks too: their cards write against their new versions.
    const others = (answer.payload.rescheduled || []).filter((t) => String(t.id) !== card.dataset.task);
    for (const task of others) {
      const other = document.getElementById(`card-${task.id}`);
      if (other) other.dataset.version = task.version;
    }
    const moved = others.length;
    const done = interpolate(gettext("Moved “%(task)s” to %(column)s."), { task: name, column: labelOf(target) }, true);
    const more = interpolate(ngettext("%(count)s other task rescheduled.", "%(count)s other tasks rescheduled.", moved), { count: moved }, true);
    say(moved ? `${done} ${more}` : done);
    return;
  }
  if (answer.status === 412) {
    await reloadCard(card);
    const changed = gettext("“%(task)s” was changed by someone else since the board was loaded: the card now shows it as it is (%(column)s). Nothing was moved; move it again if you still want to.");
    say(interpolate(changed, { task: name, column: labelOf(card.dataset.status) }, true), "warning");
    return;
  }
  const select = card.querySelector("select[data-action=move]");
  if (select) select.value = card.dataset.status;
  const given = answer.payload && answer.payload.error && answer.payload.error.message;
  const why =
    answer.status === 0
      ? gettext("the server could not be reached")
      : given || interpolate(gettext("the server answered %(status)s"), { status: answer.status }, true);
  say(interpolate(gettext("“%(task)s” was not moved: %(reason)s."), { task: name, reason: why }, true), "error");
}

let dragged = null;

board.addEventListener("dragstart", (event) => {
  const card = event.target.closest(".board-card[data-movable]");
  if (!card) return;
  dragged = card;
  event.dataTransfer.effectAllowed = "move";
  event.dataTransfer.setData("text/plain", card.dataset.task);
});

board.addEventListener("dragend", () => {
  dragged = null;
  for (const column of board.querySelectorAll(".drop-target")) column.classList.remove("drop-target");
});

board.addEventListener("dragover", (event) => {
  const column = event.target.closest(".board-column");
  if (!column || !dragged) return;
  event.preventDefault();
  event.dataTransfer.dropEffect = "move";
  for (const other of board.querySelectorAll(".drop-target")) if (other !== column) other.classList.remove("drop-target");
  column.classList.add("drop-target");
});

board.addEventListener("drop", (event) => {
  const column = event.target.closest(".board-column");
  if (!column || !dragged) return;
  event.preventDefault();
  column.classList.remove("drop-target");
  const card = dragged;
  dragged = null;
  move(card, column.dataset.status);
});

board.addEventListener("change", (event) => {
  const select = event.target.closest("select[data-action=move]");
  if (!select) return;
  move(select.closest(".board-card"), select.value);
});
