/* Applies the reader's saved theme before the page is painted (loaded in <head>, no defer). */
(function () {
  "use strict";
  try {
    var saved = window.localStorage.getItem("theme");
    if (saved === "dark" || saved === "light") {
      document.documentElement.setAttribute("data-theme", saved);
    }
  } catch (error) {
    /* Storage can be disabled; the system setting then decides. */
  }
})();
