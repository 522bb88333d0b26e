// Assembly session pages: refresh the quorum figures (and, on the checklist, the figures per
// college) and count the ticked boxes of the check-in checklist.
// Everything works without this file (the filter form submits, the page shows the figures).
(function () {
  "use strict";

  var panel = document.querySelector("[data-quorum-url]");
  var colleges = document.getElementById("college-counts");
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
          if (colleges && data.colleges) {
            data.colleges.forEach(function (college) {
              var row = colleges.querySelector("tr[data-college='" + college.college_id + "']");
              if (!row) { return; }
              row.querySelectorAll("[data-count]").forEach(function (cell) {
                var value = college[cell.getAttribute("data-count")];
                if (value !== undefined) { cell.textContent = value; }
              });
            });
          }
          if (data.frozen) { window.clearInterval(timer); }
        })
        .catch(function () { /* keep the last figures; the next tick retries */ });
    };
    var timer = window.setInterval(refresh, 3000);
  }

  // The checklist: say how many members are ticked before they are recorded.
  var checklist = document.getElementById("checklist");
  var counter = document.querySelector("[data-ticked-count]");
  if (checklist && counter) {
    var template = counter.getAttribute("data-template");
    var update = function () {
      var ticked = checklist.querySelectorAll("input[name=member_id]:checked").length;
      counter.textContent = template.replace("__N__", String(ticked));
      counter.hidden = ticked === 0;
    };
    checklist.addEventListener("change", update);
    update();
  }
})();
