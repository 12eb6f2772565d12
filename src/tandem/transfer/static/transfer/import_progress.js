// Follows a running import: polls the import's API resource, moves the progress bar, and opens
// the project's Gantt when the import is done (or reloads the page to show why it failed).
const box = document.getElementById("import-progress");

async function poll() {
  const response = await fetch(box.dataset.url, { headers: { Accept: "application/json" } });
  if (!response.ok) return;
  const data = await response.json();
  box.querySelector("progress").value = data.progress;
  document.getElementById("import-progress-text").textContent = `${data.progress}%`;
  if (data.status === "done" && data.gantt_url) {
    window.location.assign(data.gantt_url);
  } else if (data.status === "failed") {
    window.location.reload();
  } else {
    window.setTimeout(poll, 1000);
  }
}

if (box) window.setTimeout(poll, 1000);
