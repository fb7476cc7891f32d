// rungs default theme script: progressive enhancements only; every page works without it.
(function () {
  "use strict";
})();
