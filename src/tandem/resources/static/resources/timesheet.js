// The weekly timesheet: recompute the row, day and week totals as hours are typed. The server
// computes the same totals on save; this only keeps the page honest while typing.
const table = document.getElementById("timesheet");

function hoursOf(input) {
  const value = Number.parseFloat((input.value || "").replace(",", "."));
  return Number.isFinite(value) && value > 0 ? value : 0;
}

function shown(value) {
  return String(Math.round(value * 100) / 100);
}

function cellHours(cell) {
  const input = cell.querySelector("input");
  if (input) return hoursOf(input);
  const value = Number.parseFloat(cell.textContent.trim());
  return Number.isFinite(value) ? value : 0;
}

function recompute() {
  const dayTotals = new Array(7).fill(0);
  for (const row of table.tBodies[0].rows) {
    const cells = [...row.cells].slice(1, 8);
    if (cells.length < 7) continue;
    let rowTotal = 0;
    cells.forEach((cell, day) => {
      const hours = cellHours(cell);
      rowTotal += hours;
      dayTotals[day] += hours;
    });
    const total = row.querySelector("[data-row-total]");
    if (total) total.textContent = shown(rowTotal);
  }
  dayTotals.forEach((value, day) => {
    const cell = table.querySelector(`[data-day-total="${day}"]`);
    if (cell) cell.textContent = shown(value);
  });
  const week = document.getElementById("week-total");
  const strong = week && week.querySelector("strong");
  if (strong) strong.textContent = shown(dayTotals.reduce((a, b) => a + b, 0));
}

if (table) table.addEventListener("input", recompute);
