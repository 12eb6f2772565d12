// Feedback on every page: toasts for the messages an htmx answer carries (the "tandem:toast"
// event of its HX-Trigger header, see tandem.core.feedback) or a page script sends, and a
// confirm step before destructive forms (marked data-confirm="question"). A module, not inline
// code: the pages run under a Content-Security-Policy without inline scripts or eval.

import { gettext } from "./i18n.js";

const LEVELS = new Set(["success", "info", "warning", "error", "debug"]);

function region() {
  let found = document.getElementById("toasts");
  if (!found) {
    found = document.createElement("div");
    found.id = "toasts";
    found.className = "toasts";
    found.setAttribute("role", "status");
    found.setAttribute("aria-live", "polite");
    document.body.append(found);
  }
  return found;
}

export function toast(text, level = "success") {
  const item = document.createElement("div");
  item.className = `toast toast-${LEVELS.has(level) ? level : "info"}`;
  const words = document.createElement("span");
  words.textContent = text;
  const close = document.createElement("button");
  close.type = "button";
  close.className = "toast-close";
  close.setAttribute("aria-label", gettext("Dismiss"));
  close.textContent = "×";
  close.addEventListener("click", () => item.remove());
  item.append(words, close);
  region().append(item);
  // Errors stay until dismissed; the rest fade after a while.
  if (level !== "error") window.setTimeout(() => item.remove(), 8000);
  return item;
}

document.body.addEventListener("tandem:toast", (event) => {
  const found = (event.detail && event.detail.messages) || [];
  for (const message of found) toast(message.text, message.level);
});

// --- confirm before destroying --------------------------------------------------------------

let dialog = null;

function confirmDialog() {
  if (dialog) return dialog;
  dialog = document.createElement("dialog");
  dialog.className = "confirm-dialog";
  dialog.setAttribute("aria-labelledby", "confirm-question");
  const question = document.createElement("p");
  question.id = "confirm-question";
  const buttons = document.createElement("div");
  buttons.className = "actions";
  const yes = document.createElement("button");
  yes.type = "button";
  yes.className = "danger";
  yes.dataset.answer = "yes";
  const no = document.createElement("button");
  no.type = "button";
  no.dataset.answer = "no";
  no.textContent = gettext("Keep it");
  buttons.append(yes, no);
  dialog.append(question, buttons);
  document.body.append(dialog);
  return dialog;
}

function ask(questionText, yesText) {
  const box = confirmDialog();
  box.querySelector("#confirm-question").textContent = questionText;
  box.querySelector("[data-answer=yes]").textContent = yesText;
  return new Promise((resolve) => {
    const answer = (event) => {
      const button = event.target.closest("[data-answer]");
      if (!button) return;
      box.removeEventListener("click", answer);
      box.close();
      resolve(button.dataset.answer === "yes");
    };
    box.addEventListener("click", answer);
    box.addEventListener("cancel", () => {
      box.removeEventListener("click", answer);
      resolve(false);
    }, { once: true });
    box.showModal();
    box.querySelector("[data-answer=no]").focus();
  });
}

// Capture phase: runs before htmx's own submit handler on the form, which it then never sees
// unless the person confirms.
document.addEventListener("submit", async (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.dataset.confirm) return;
  if (form.dataset.confirmed === "yes") {
    delete form.dataset.confirmed;
    return;
  }
  event.preventDefault();
  event.stopImmediatePropagation();
  const submitter = event.submitter;
  const yesText = form.dataset.confirmButton || (submitter && submitter.textContent.trim()) || gettext("Yes");
  if (await ask(form.dataset.confirm, yesText)) {
    form.dataset.confirmed = "yes";
    form.requestSubmit(submitter && submitter.form === form ? submitter : undefined);
  }
}, true);
