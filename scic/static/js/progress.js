// Poll a background export's status every 2 seconds and reveal the download link when ready.
(function () {
  "use strict";
  var box = document.getElementById("export-progress");
  if (!box) { return; }
  var bar = document.getElementById("export-bar");
  var state = document.getElementById("export-state");
  var link = document.getElementById("export-download");
  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (status) {
        if (!status) { return; }
        if (status.total) { bar.max = status.total; bar.value = status.done; }
        if (status.state === "done") {
          bar.value = bar.max;
          state.textContent = state.dataset.done;
          if (status.download_url) { link.href = status.download_url; }
          link.hidden = false;
          return;
        }
        if (status.state === "failed") { state.textContent = state.dataset.failed; return; }
        state.textContent = state.dataset.running;
        window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  if (link.hidden) { window.setTimeout(poll, 1000); }
})();
