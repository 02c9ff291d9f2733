/* Progressive enhancement: the theme toggle and the product filters. Every page works without it. */
(function () {
  "use strict";

  var root = document.documentElement;
  var systemDark = window.matchMedia("(prefers-color-scheme: dark)");

  function currentTheme() {
    var chosen = root.getAttribute("data-theme");
    if (chosen === "dark" || chosen === "light") {
      return chosen;
    }
    return systemDark.matches ? "dark" : "light";
  }

  function setUpThemeToggle() {
    var button = document.getElementById("theme-toggle");
    if (!button) {
      return;
    }
    function show() {
      button.setAttribute("aria-pressed", currentTheme() === "dark" ? "true" : "false");
    }
    button.addEventListener("click", function () {
      var next = currentTheme() === "dark" ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try {
        window.localStorage.setItem("theme", next);
      } catch (error) {
        /* The choice then lasts for this page only. */
      }
      show();
    });
    systemDark.addEventListener("change", show);
    show();
    button.hidden = false;
  }

  var FIELDS = ["q", "type", "version", "vendor", "state"];

  function setUpFilters() {
    var form = document.getElementById("filters");
    var table = document.getElementById("products");
    if (!form || !table) {
      return;
    }
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var count = document.getElementById("result-count");
    var empty = document.getElementById("no-results");

    function value(name) {
      return form.elements[name].value.trim();
    }

    function matches(row, terms) {
      var data = row.dataset;
      var version = value("version");
      return (
        (!value("type") || data.type === value("type")) &&
        (!value("vendor") || data.vendor === value("vendor")) &&
        (!value("state") || data.state === value("state")) &&
        (!version || data.versions.split(" ").indexOf(version) !== -1) &&
        terms.every(function (term) {
          return data.search.indexOf(term) !== -1;
        })
      );
    }

    function apply() {
      var terms = value("q").toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row) {
        var visible = matches(row, terms);
        row.hidden = !visible;
        shown += visible ? 1 : 0;
      });
      var noun = rows.length === 1 ? "product" : "products";
      count.textContent =
        shown === rows.length
          ? "Showing all " + rows.length + " " + noun + "."
          : "Showing " + shown + " of " + rows.length + " " + noun + ".";
      empty.hidden = shown !== 0;
    }

    function readUrl() {
      var params = new URLSearchParams(window.location.search);
      FIELDS.forEach(function (name) {
        var field = form.elements[name];
        var wanted = params.get(name) || "";
        if (field.tagName === "SELECT") {
          var known = Array.prototype.some.call(field.options, function (option) {
            return option.value === wanted;
          });
          wanted = known ? wanted : "";
        }
        field.value = wanted;
      });
    }

    function writeUrl() {
      var params = new URLSearchParams();
      FIELDS.forEach(function (name) {
        if (value(name)) {
          params.set(name, value(name));
        }
      });
      var query = params.toString();
      var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
      window.history.replaceState(null, "", url);
    }

    function update() {
      apply();
      writeUrl();
    }

    form.addEventListener("input", update);
    form.addEventListener("change", update);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    form.addEventListener("reset", function () {
      window.setTimeout(update, 0);
    });
    var clear = document.getElementById("no-results-clear");
    if (clear) {
      clear.addEventListener("click", function (event) {
        event.preventDefault();
        form.reset();
        form.elements.q.focus();
      });
    }
    readUrl();
    apply();
    form.hidden = false;
  }

  setUpThemeToggle();
  setUpFilters();
})();
