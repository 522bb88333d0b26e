// Live counts on the secretary's screen: poll the JSON endpoint every 2 seconds and update
// the cells of the results table (no inline script: the Content-Security-Policy forbids it).
(function () {
  "use strict";
  var box = document.getElementById("live-results");
  if (!box || !box.dataset.liveUrl) { return; }
  var url = box.dataset.liveUrl;

  function setField(scope, field, value) {
    var cell = scope.querySelector('[data-field="' + field + '"]');
    if (cell && value !== undefined) { cell.textContent = value === null ? "—" : String(value); }
  }

  function update(data) {
    data.colleges.forEach(function (college) {
      var row = box.querySelector('tr[data-college="' + college.code + '"]');
      if (!row) { return; }
      ["entitled", "voted", "for", "against", "abstain", "effective_weight"].forEach(function (f) {
        setField(row, f, college[f]);
      });
    });
    setField(box, "total-entitled", data.entitled);
    setField(box, "total-voted", data.voted);
    setField(box, "share", data.for_percent);
    var status = document.getElementById("vote-status");
    if (status) { status.textContent = data.status_label || data.status; }
    box.dataset.updated = String(Date.now());
    return data.status !== "closed";
  }

  function poll() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data === null || update(data)) { window.setTimeout(poll, 2000); }
      })
      .catch(function () { window.setTimeout(poll, 2000); });
  }

  window.setTimeout(poll, 2000);
}());
