// The shortlist buttons work as plain forms (the page reloads and says what happened).
// With JavaScript they change in place and the change is announced to screen readers.
document.addEventListener("submit", async (event) => {
  const form = event.target.closest("form[data-shortlist-form]");
  if (!form) return;
  event.preventDefault();
  const action = form.querySelector('input[name="action"]');
  try {
    // Not form.action: the input named "action" shadows that property.
    const response = await fetch(form.getAttribute("action"), {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    const result = await response.json();
    announce(result.message);
    if (!result.ok) return;
    for (const other of document.querySelectorAll(
      `form[data-shortlist-form][data-facility="${form.dataset.facility}"]`,
    )) {
      show(other, result.in_shortlist);
    }
    for (const count of document.querySelectorAll("[data-shortlist-count]")) {
      count.textContent = `（${result.count}件）`;
    }
  } catch {
    // Anything unexpected: send the form the ordinary way.
    action.form.submit();
  }
});

function show(form, listed) {
  const button = form.querySelector("[data-shortlist-button]");
  const label = button.querySelector(".visually-hidden");
  const state = form.querySelector("[data-shortlist-state]");
  form.querySelector('input[name="action"]').value = listed ? "remove" : "add";
  button.firstChild.textContent = listed ? "比較リストから外す" : "比較リストに追加";
  button.append(label);
  state.hidden = !listed;
  state.textContent = listed ? "✓ 比較リストに入っています" : "";
}

function announce(message) {
  const status = document.querySelector("[data-shortlist-status]");
  if (!status) return;
  status.replaceChildren();
  const line = document.createElement("p");
  line.className = "message";
  line.textContent = message;
  status.append(line);
}
