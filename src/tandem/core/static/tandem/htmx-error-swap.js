// htmx swaps only 2xx answers by default. A form marked data-swap-statuses="409 412 422"
// shows the server's answer for those statuses too (the form again, with its errors), which
// the page would otherwise drop. A module, not an hx-on attribute: pages run under a
// Content-Security-Policy without eval, and htmx's hx-on needs eval.

document.addEventListener("htmx:beforeSwap", (event) => {
  const source = event.detail.requestConfig && event.detail.requestConfig.elt;
  const marked = source instanceof Element ? source.closest("[data-swap-statuses]") : null;
  if (!marked) return;
  const statuses = marked.dataset.swapStatuses.split(/\s+/).map(Number);
  if (statuses.includes(event.detail.xhr.status)) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
