// The error summary gets focus (autofocus does this too; this covers browsers that ignore it
// on a non-field element), so a screen reader reads what to fix first.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();
});
