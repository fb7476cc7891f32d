// rungs default theme script: progressive enhancements only; every page works without it.
// Strings from the search index are only ever inserted with textContent, never as HTML.
// Every message shown comes from the site's labels, in data- attributes of the search form
// (`data-no-results`, …), with `{name}` placeholders filled here.
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

  // The light/dark toggle: the choice is kept in localStorage; the inline script in <head>
  // applies it before the page is drawn (no flash of the other theme).
  var toggle = document.querySelector("button[data-theme-toggle]");
  if (toggle) {
    var html = document.documentElement;
    var isDark = function () {
      var set = html.getAttribute("data-theme");
      return set ? set === "dark" : window.matchMedia("(prefers-color-scheme: dark)").matches;
    };
    toggle.hidden = false;
    toggle.setAttribute("aria-pressed", String(isDark()));
    toggle.addEventListener("click", function () {
      var next = isDark() ? "light" : "dark";
      html.setAttribute("data-theme", next);
      try { localStorage.setItem("rungs-theme", next); } catch (e) { /* private mode: this page only */ }
      toggle.setAttribute("aria-pressed", String(next === "dark"));
    });
  }

  // The level chooser on the comparison page: which level columns the matrices show. The
  // choice is kept in the URL (`?levels=junior,senior`), so a link shows the same columns.
  var chooser = document.querySelector("form[data-level-chooser]");
  if (chooser) {
    chooser.hidden = false;
    var boxes = Array.prototype.slice.call(chooser.querySelectorAll("input[name=level]"));
    var ids = boxes.map(function (b) { return b.value; });
    var showLevels = function (shown) {
      boxes.forEach(function (b) { b.checked = shown.indexOf(b.value) !== -1; });
      var hidden = ids.map(function (id) { return shown.indexOf(id) === -1; });
      Array.prototype.forEach.call(document.querySelectorAll("table[data-levels]"), function (table) {
        Array.prototype.forEach.call(table.rows, function (row) {
          var cells = row.cells;
          if (cells.length === 1) {
            // A group's heading row spans the label column and every level.
            if (!cells[0].hasAttribute("data-span")) cells[0].setAttribute("data-span", cells[0].colSpan);
            cells[0].colSpan = 1 + hidden.filter(function (h) { return !h; }).length;
            return;
          }
          var col = 0;
          for (var c = 1; c < cells.length; c++) {
            var cell = cells[c];
            if (!cell.hasAttribute("data-span")) cell.setAttribute("data-span", cell.colSpan);
            var span = Number(cell.getAttribute("data-span")), seen = 0;
            for (var k = col; k < col + span; k++) if (!hidden[k]) seen++;
            col += span;
            cell.style.display = seen ? "" : "none";
            if (seen) cell.colSpan = seen;
          }
        });
      });
      chooser.querySelector("[data-level-count]").textContent = "(" + shown.length + "/" + ids.length + ")";
      var url = new URL(window.location.href);
      if (shown.length === ids.length) url.searchParams.delete("levels");
      else url.searchParams.set("levels", shown.join(","));
      if (url.href !== window.location.href) history.replaceState(null, "", url.href);
    };
    var checked = function () {
      return boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
    };
    chooser.addEventListener("change", function (event) {
      var shown = checked();
      // At least one level stays: unchecking the last one is undone.
      if (!shown.length) { event.target.checked = true; shown = checked(); }
      showLevels(shown);
    });
    chooser.querySelector("[data-show-all]").addEventListener("click", function () { showLevels(ids.slice()); });
    var wanted = (new URLSearchParams(window.location.search).get("levels") || "").split(",")
      .filter(function (id) { return ids.indexOf(id) !== -1; });
    showLevels(wanted.length ? wanted : ids.slice());
  }

  // The printable ladder's button: print what the page holds (examples opened first).
  var printButton = document.querySelector("button[data-print]");
  if (printButton) {
    printButton.hidden = false;
    printButton.addEventListener("click", function () { window.print(); });
  }
  window.addEventListener("beforeprint", function () {
    if (!document.body.classList.contains("page--print")) return;
    Array.prototype.forEach.call(document.querySelectorAll("details"), function (d) { d.open = true; });
  });

  // Search: the index is fetched on the first search, then matched in memory.
  var search = document.querySelector("form[data-search]");
  if (!search) return;
  search.hidden = false;
  var input = search.querySelector("input");
  var list = search.querySelector("ol");
  var status = search.querySelector("[aria-live]");
  var root = search.getAttribute("data-root");
  // The label in data-<name>, its {placeholders} replaced by values[placeholder].
  function label(name, values) {
    return (search.getAttribute("data-" + name) || "").replace(/\{([A-Za-z0-9_]+)\}/g, function (all, key) {
      return values && Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : all;
    });
  }
  var loading = null, index = null, haystacks = null, timer = null;
  var LIMIT = 30;

  function load() {
    if (!loading) {
      loading = fetch(search.getAttribute("data-index"))
        .then(function (r) {
          if (!r.ok) throw new Error("HTTP " + r.status);
          return r.json();
        })
        .then(function (data) {
          index = data;
          haystacks = data.entries.map(function (e) {
            return (e[3] + " " + e[1] + " " + data.pages[e[0]].title).toLowerCase();
          });
        });
    }
    return loading;
  }

  function clear() {
    while (list.firstChild) list.removeChild(list.firstChild);
  }

  function close() {
    clear();
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
  }

  // Letters and digits of `s`, lower-cased, each run of anything else one space, padded
  // with spaces: `has(words(h), " staff")` finds "staff" at the start of a word.
  function words(s) {
    return " " + s.toLowerCase().replace(/[^0-9a-z\u00c0-\uffff]+/g, " ").trim() + " ";
  }
  // How well entry `e` answers `phrase`: exact titles and aliases first, then titles and
  // texts where it starts a word, then texts that contain it anywhere. A page's title counts
  // for its own entry only, so a page whose title matches does not bury the others under
  // every one of its items.
  function score(e, phrase) {
    var page = index.pages[e[0]], w = words(phrase), s = 0;
    var title = words(page.title), text = words(e[3]);
    if (!e[2]) {
      if (title === w) s += 64;
      else if (title.indexOf(w.slice(0, -1)) !== -1) s += 32;
      else if (title.indexOf(w.trim()) !== -1) s += 16;
    }
    if (e[3].split(" · ").some(function (a) { return words(a) === w; })) s += 48;
    if (text.indexOf(w.slice(0, -1)) !== -1) s += 8;
    else if (e[3].toLowerCase().indexOf(phrase) !== -1) s += 4;
    if (e[1] && e[1].toLowerCase().indexOf(phrase) !== -1) s += 2;
    return s;
  }

  function show(query, all) {
    var terms = query.toLowerCase().split(/\s+/).filter(Boolean);
    clear();
    if (!terms.length) return close();
    var phrase = terms.join(" ");
    var hits = [];
    for (var i = 0; i < haystacks.length; i++) {
      var h = haystacks[i], ok = true;
      for (var w = 0; w < terms.length && ok; w++) ok = h.indexOf(terms[w]) !== -1;
      if (!ok) continue;
      hits.push([score(index.entries[i], phrase), i]);
    }
    hits.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; });
    var shown = all ? hits.length : Math.min(hits.length, LIMIT);
    hits.slice(0, shown).forEach(function (hit) {
      var e = index.entries[hit[1]], page = index.pages[e[0]];
      var li = document.createElement("li");
      var a = document.createElement("a");
      // `hl` tells the page what to highlight; the fragment is the matched item's id or
      // its nearest heading.
      a.href = root + page.url + "?hl=" + encodeURIComponent(phrase) + (e[2] ? "#" + e[2] : "");
      var title = document.createElement("strong");
      title.textContent = page.title + (e[1] ? " › " + e[1] : "");
      a.appendChild(title);
      if (e[3]) {
        var text = document.createElement("span");
        text.textContent = e[3];
        a.appendChild(text);
      }
      li.appendChild(a);
      list.appendChild(li);
    });
    if (shown < hits.length) {
      var more = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "site-search__all";
      button.textContent = label("show-all", { count: hits.length });
      button.addEventListener("click", function (event) {
        // The button is gone once the list is redrawn: a click outside would close it.
        event.stopPropagation();
        show(query, true);
        var links = list.querySelectorAll("a");
        if (links[shown]) links[shown].focus();
      });
      more.appendChild(button);
      list.appendChild(more);
    }
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    status.textContent = hits.length === 0 ? label("no-results") :
      hits.length === 1 ? label("one-result") :
      shown < hits.length ? label("results-limited", { count: hits.length, shown: shown }) :
      label("results", { count: hits.length });
    if (hits.length === 0) {
      var none = document.createElement("li");
      none.className = "site-search__none";
      none.textContent = label("no-results-for", { query: query });
      list.appendChild(none);
    }
  }

  function run() {
    var query = input.value.trim();
    load().then(function () { show(query); }, function () {
      clear();
      var li = document.createElement("li");
      li.className = "site-search__none";
      li.textContent = label("unavailable");
      list.appendChild(li);
      list.hidden = false;
    });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 60);
  });
  search.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector("a");
    if (first) window.location.href = first.href;
  });
  function links() { return Array.prototype.slice.call(list.querySelectorAll("a, button")); }
  search.addEventListener("keydown", function (event) {
    var all = links(), at = all.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && all.length) {
      event.preventDefault();
      all[Math.min(at + 1, all.length - 1)].focus();
    } else if (event.key === "ArrowUp" && all.length) {
      event.preventDefault();
      if (at <= 0) input.focus(); else all[at - 1].focus();
    } else if (event.key === "Escape") {
      close();
      input.focus();
    }
  });
  document.addEventListener("keydown", function (event) {
    var t = event.target;
    var typing = t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable);
    if (event.key === "/" && !typing) {
      event.preventDefault();
      input.focus();
    }
  });
  document.addEventListener("click", function (event) {
    if (!search.contains(event.target)) close();
  });
  var params = new URLSearchParams(window.location.search);
  var highlight = params.get("hl");
  if (highlight) land(highlight);
  var initial = params.get("search");
  if (initial) {
    input.value = initial;
    run();
  }

  // Arriving from a search result (`?hl=words#id`): find the element the fragment names (an
  // item, a row, or the nearest heading), the part of it that holds the words, mark the
  // words and bring that part into view.
  function land(query) {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id ? document.getElementById(id) : document.querySelector("main");
    if (!target) return;
    var terms = query.toLowerCase().split(/\s+/).filter(Boolean);
    if (!terms.length) return;
    var scope = target;
    if (/^H[1-6]$/.test(target.tagName)) {
      var section = target.closest("section");
      scope = section && section.querySelector("h1, h2, h3, h4, h5, h6") === target ? section : target.parentElement;
    }
    var best = null, bestScore = 0;
    Array.prototype.forEach.call(scope.querySelectorAll("li, td, th, p, dd, h2, h3, h4, h5, h6"), function (el) {
      var text = el.textContent.toLowerCase(), n = 0;
      terms.forEach(function (t) { if (text.indexOf(t) !== -1) n++; });
      if (!n) return;
      var value = (text.indexOf(terms.join(" ")) !== -1 ? 100 : 0) + n * 10 - text.length / 1000;
      if (value > bestScore) { best = el; bestScore = value; }
    });
    best = best || target;
    var walker = document.createTreeWalker(best, NodeFilter.SHOW_TEXT), nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (node) {
      var rest = node;
      while (rest) {
        var lower = rest.nodeValue.toLowerCase(), at = -1, len = 0;
        terms.forEach(function (t) {
          var i = lower.indexOf(t);
          if (i !== -1 && (at === -1 || i < at)) { at = i; len = t.length; }
        });
        if (at === -1) break;
        var hit = rest.splitText(at);
        rest = hit.splitText(len);
        var mark = document.createElement("mark");
        mark.className = "search-hit";
        hit.parentNode.replaceChild(mark, hit);
        mark.appendChild(hit);
      }
    });
    best.classList.add("search-target");
    best.scrollIntoView({ block: "center" });
  }
})();
