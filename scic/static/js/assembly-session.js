// Assembly session pages: refresh the quorum figures and filter the check-in list as you type.
// Everything works without this file (the search form submits, the page shows the figures).
(function () {
  "use strict";

  var panel = document.querySelector("[data-quorum-url]");
  if (panel && window.fetch) {
    var url = panel.getAttribute("data-quorum-url");
    var refresh = function () {
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (!data) { return; }
          var figures = Object.assign({}, data, data.breakdown || {});
          panel.querySelectorAll("[data-quorum]").forEach(function (node) {
            var key = node.getAttribute("data-quorum");
            if (key === "reached") {
              node.textContent = node.getAttribute(data.reached ? "data-yes" : "data-no");
              node.classList.toggle("ok", data.reached);
              node.classList.toggle("bad", !data.reached);
            } else if (figures[key] !== undefined) {
              node.textContent = figures[key];
            }
          });
          if (data.frozen) { window.clearInterval(timer); }
        })
        .catch(function () { /* keep the last figures; the next tick retries */ });
    };
    var timer = window.setInterval(refresh, 3000);
  }

  var search = document.querySelector("[data-filter-rows]");
  if (search) {
    var body = document.getElementById(search.getAttribute("data-filter-rows"));
    search.addEventListener("input", function () {
      var words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
      if (!body) { return; }
      body.querySelectorAll("tr[data-search]").forEach(function (row) {
        var text = row.getAttribute("data-search");
        row.hidden = !words.every(function (w) { return text.indexOf(w) !== -1; });
      });
    });
  }
})();
