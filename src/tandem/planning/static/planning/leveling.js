// Follows a background leveling run: moves the progress bar, reloads when the preview is ready.
const panel = document.getElementById("leveling-progress");

async function poll() {
  let run;
  try {
    const response = await fetch(panel.dataset.api, { headers: { Accept: "application/json" } });
    if (!response.ok) return;
    run = await response.json();
  } catch {
    return;
  }
  panel.querySelector('[data-field="progress"]').value = run.progress;
  panel.querySelector('[data-field="percent"]').textContent = `${run.progress}%`;
  if (run.status !== "queued" && run.status !== "running") {
    window.location.reload();
    return true;
  }
  return false;
}

if (panel) {
  const timer = window.setInterval(async () => {
    if (await poll()) window.clearInterval(timer);
  }, 1000);
}
