// Member picker: suggestions while typing a member's number or name, from the server's search
// (members.member_search). Without JavaScript the same input is a text search the server
// resolves on submit; this fills a native <datalist> (keyboards and screen readers use the
// browser's own suggestion list) and, when a suggestion is picked, puts its member's id in the
// field's hidden input (data-member-picker names it). Typing anything else clears that id.
(function () {
  "use strict";
  var inputs = document.querySelectorAll("input[data-member-picker][data-search-url]");
  Array.prototype.forEach.call(inputs, function (input) {
    var chosen = document.getElementById(input.dataset.memberPicker);
    var list = document.createElement("datalist");
    list.id = input.id + "-suggestions";
    input.parentNode.appendChild(list);
    input.setAttribute("list", list.id);
    var ids = {};
    var timer = null;
    var asked = "";
    input.addEventListener("input", function () {
      var text = input.value.trim();
      if (chosen) { chosen.value = Object.prototype.hasOwnProperty.call(ids, text) ? ids[text] : ""; }
      if (text === asked || (text.length < 2 && !/^\d/.test(text))) { return; }
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        asked = text;
        var url = new URL(input.dataset.searchUrl, window.location.href);
        url.searchParams.set("q", text);
        fetch(url.toString(), { credentials: "same-origin", headers: { "Accept": "application/json" } })
          .then(function (response) { return response.ok ? response.json() : []; })
          .then(function (members) {
            if (input.value.trim() !== text) { return; }  // a later keystroke asks again
            list.textContent = "";
            members.forEach(function (member) {
              ids[member.label] = String(member.id);
              var option = document.createElement("option");
              option.value = member.label;
              list.appendChild(option);
            });
          })
          .catch(function () { /* the text search on submit still works */ });
      }, 200);
    });
  });
})();
