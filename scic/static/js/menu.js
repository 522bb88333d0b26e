// On a phone the cooperative menu starts folded, so that the page's own action is in the first
// screen; on a wider screen it is always open (its "Menu" button is hidden there by the CSS).
(function () {
  "use strict";
  var menu = document.querySelector(".coop-menu");
  if (!menu || !window.matchMedia) { return; }
  var narrow = window.matchMedia("(max-width: 40rem)");
  function fit() { menu.open = !narrow.matches; }
  fit();
  narrow.addEventListener("change", fit);
}());
