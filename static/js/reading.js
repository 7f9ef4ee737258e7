// The text-size links work as plain links (the server sets a cookie and the page reloads).
// With JavaScript the size changes in place, so nothing typed into a form on the page is lost.
document.addEventListener("click", (event) => {
  const link = event.target.closest(".reading-tools__sizes a[href]");
  if (!link || event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const size = new URL(link.href, location.href).searchParams.get("size");
  if (!size) return;
  event.preventDefault();
  document.cookie = `text_size=${encodeURIComponent(size)}; max-age=31536000; path=/; samesite=lax`;
  const root = document.documentElement;
  for (const name of [...root.classList]) {
    if (name.startsWith("text-")) root.classList.remove(name);
  }
  root.classList.add(`text-${size}`);
  for (const other of link.closest(".reading-tools__sizes").querySelectorAll("a")) {
    if (other === link) other.setAttribute("aria-current", "true");
    else other.removeAttribute("aria-current");
  }
});
