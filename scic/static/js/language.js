// The language menu submits itself when changed, so phones need no extra button (without
// JavaScript the button stays and does the same).
(function () {
  "use strict";
  var form = document.querySelector(".lang-form");
  if (!form) { return; }
  document.documentElement.classList.add("js-submits");
  var select = form.querySelector("select");
  select.addEventListener("change", function () { form.submit(); });
}());
