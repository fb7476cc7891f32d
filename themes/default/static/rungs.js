// rungs default theme script: progressive enhancements only; every page works without it.
(function () {
  "use strict";

  // The pair picker on the comparison page: two selects instead of the grid of links. It
  // navigates to the href of the matching grid link, so URLs are decided in one place.
  var form = document.querySelector("form[data-pair-picker]");
  if (form) {
    form.hidden = false;
    var error = form.querySelector(".pair-picker__error");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var lower = form.elements.lower, upper = form.elements.upper;
      if (lower.selectedIndex === upper.selectedIndex) {
        error.hidden = false;
        return;
      }
      error.hidden = true;
      var a = lower.selectedIndex < upper.selectedIndex ? lower.value : upper.value;
      var b = lower.selectedIndex < upper.selectedIndex ? upper.value : lower.value;
      var link = document.querySelector('a[data-pair="' + a + ":" + b + '"]');
      if (link) window.location.href = link.href;
    });
  }
})();
