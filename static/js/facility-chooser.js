// The facility chooser of the admin (facilities/widgets.py): asks the facility search and adds
// the office picked from the results to the chosen ones.
(function () {
  "use strict";

  function setUp(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "1";
    var name = root.dataset.name;
    var multiple = root.dataset.multiple === "1";
    var chosen = root.querySelector("[data-chosen]");
    var query = root.querySelector("[data-query]");
    var results = root.querySelector("[data-results]");
    var status = root.querySelector("[data-status]");

    function choose(item) {
      var existing = chosen.querySelector('input[value="' + item.id + '"]');
      if (existing) {
        existing.checked = true;
      } else {
        var li = document.createElement("li");
        var label = document.createElement("label");
        var input = document.createElement("input");
        input.type = multiple ? "checkbox" : "radio";
        input.name = name;
        input.value = item.id;
        input.checked = true;
        label.appendChild(input);
        label.appendChild(document.createTextNode(" " + item.title + "（" + item.place + "）"));
        li.appendChild(label);
        chosen.insertBefore(li, multiple ? null : chosen.firstChild);
      }
      var empty = root.querySelector("[data-empty]");
      if (empty) empty.remove();
      status.textContent = "「" + item.title + "」を選びました。";
    }

    function search() {
      var url = root.dataset.searchUrl + "?q=" + encodeURIComponent(query.value);
      status.textContent = "探しています…";
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          results.innerHTML = "";
          data.results.forEach(function (item) {
            var li = document.createElement("li");
            var button = document.createElement("button");
            button.type = "button";
            button.className = "button button-small button-secondary";
            button.textContent = "選ぶ";
            button.setAttribute("aria-label", item.title + "を選ぶ");
            button.addEventListener("click", function () { choose(item); });
            li.appendChild(document.createTextNode(item.title + "（" + item.place + "）" + (item.mine ? "・あなたの事業所" : "") + " "));
            li.appendChild(button);
            results.appendChild(li);
          });
          status.textContent = data.message;
        })
        .catch(function () {
          status.textContent = "探せませんでした。時間をおいて、もう一度お試しください。";
        });
    }

    root.querySelector("[data-search]").addEventListener("click", search);
    query.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault(); // searching, not saving the page
        search();
      }
    });
  }

  function setUpAll() {
    document.querySelectorAll("[data-facility-chooser]").forEach(setUp);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
