// Without JavaScript the whole form shows and works; with it, two small helps.
document.addEventListener("DOMContentLoaded", () => {
  // 1. The error summary gets focus (autofocus does this too; this covers browsers that
  //    ignore it on a non-field element), so a screen reader reads what to fix first.
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();

  // 2. Questions for family members and supporters only show once that is chosen, so a
  //    person writing for themselves sees fewer fields. Nothing typed is ever cleared.
  const radios = document.querySelectorAll('input[name="writer"]');
  const parts = document.querySelectorAll("[data-for-writer]");
  const show = () => {
    const chosen = document.querySelector('input[name="writer"]:checked');
    for (const part of parts) {
      const hasErrors = part.querySelector(".form-field__error");
      part.hidden =
        !hasErrors && !(chosen && part.dataset.forWriter.split(" ").includes(chosen.value));
    }
  };
  for (const radio of radios) radio.addEventListener("change", show);
  show();
});
