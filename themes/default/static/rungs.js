// rungs default theme script: progressive enhancements only; every page works without it.
// Strings from the search index are only ever inserted with textContent, never as HTML.
// Every message shown comes from the site's labels, in data- attributes of the search form
// (`data-no-results`, …), with `{name}` placeholders filled here.
(function () {
  "use strict";

  // Opened from disk (file://), a link to a folder shows the folder's listing, not its
  // index.html as a web server would: every relative link to a folder (`../levels/senior/`,
  // `./#areas`) is pointed at its index.html. Links with a scheme are left alone.
  if (window.location.protocol === "file:") {
    Array.prototype.forEach.call(document.querySelectorAll("a[href]"), function (a) {
      var href = a.getAttribute("href");
      if (/^([a-z][a-z0-9+.-]*:|\/\/|#)/i.test(href)) return;
      var parts = /^([^?#]*\/)([?#].*)?$/.exec(href);
      if (parts) a.setAttribute("href", parts[1] + "index.html" + (parts[2] || ""));
    });
  }

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

  // Permalinks (an item's `#`, a pair row's status): following one is a plain link to the
  // item (highlighted by :target); with a clipboard, clicking one also copies its full URL.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.permalink, .pair-row > a.badge");
    if (!link || !navigator.clipboard) return;
    navigator.clipboard.writeText(link.href).catch(function () {});
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
    var id = window.location.hash.slice(1);
    // A fragment that is not percent-encoded UTF-8 (`#%E0`) is an id as written.
    try { id = decodeURIComponent(id); } catch (e) { /* keep it */ }
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

// Self-assessment (assess/<level>/): the page is a complete checklist without this script.
// Here the ratings and notes are kept in localStorage (keyed by the site's root URL, the
// ladder's version and the level), restored from a share link that carries them in the URL
// fragment (never sent to a server), summarised as they change, and exported as Markdown.
// Nothing is fetched; every text from the page is inserted with textContent.
(function () {
  "use strict";
  var form = document.querySelector("form[data-assess]");
  if (!form) return;
  var tools = document.querySelector("[data-assess-tools]");
  var PREFIX = "rungs-assess|";
  var LINK = "assess=";
  var FORMAT = "1";
  var RATINGS = ["0", "1", "2"];
  var B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  function data(name) { return form.getAttribute("data-" + name) || ""; }
  function fill(text, values) {
    return text.replace(/\{([A-Za-z0-9_]+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : all;
    });
  }
  var root = new URL(data("root"), window.location.href).href;
  var site = PREFIX + root + "|";
  var pageKey = data("key");
  var storageKey = site + data("version") + "|" + pageKey;
  var items = Array.prototype.slice.call(form.querySelectorAll(".assess-item[data-id]"));
  var byId = {};
  items.forEach(function (el) { byId[el.getAttribute("data-id")] = el; });
  var ratingNames = RATINGS.map(function (r) {
    var input = items.length ? items[0].querySelector('input[value="' + r + '"]') : null;
    return input ? input.parentNode.textContent.trim() : r;
  });

  // localStorage may be missing or refuse (a private window, file://): then nothing is kept.
  function storage() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  // The state of the form: {r: {id: "0"|"1"|"2"}, n: {id: note}}.
  function read() {
    var state = { r: {}, n: {} };
    items.forEach(function (el) {
      var id = el.getAttribute("data-id");
      var checked = el.querySelector("input[type=radio]:checked");
      if (checked) state.r[id] = checked.value;
      var note = el.querySelector("textarea").value;
      if (note.trim()) state.n[id] = note;
    });
    return state;
  }

  // Puts `state` into the form; returns the entries that match no item on this page.
  function apply(state) {
    var unmatched = [];
    items.forEach(function (el) {
      Array.prototype.forEach.call(el.querySelectorAll("input[type=radio]"), function (i) { i.checked = false; });
      el.querySelector("textarea").value = "";
    });
    var ids = {};
    Object.keys(state.r || {}).concat(Object.keys(state.n || {})).forEach(function (id) { ids[id] = true; });
    Object.keys(ids).sort().forEach(function (id) {
      var rating = (state.r || {})[id], note = (state.n || {})[id];
      var el = Object.prototype.hasOwnProperty.call(byId, id) ? byId[id] : null;
      if (!el) {
        unmatched.push({ id: id, rating: rating, note: note });
        return;
      }
      if (RATINGS.indexOf(rating) !== -1) el.querySelector('input[value="' + rating + '"]').checked = true;
      if (typeof note === "string") el.querySelector("textarea").value = note;
    });
    return unmatched;
  }

  // Share links: "#assess=1:<k>:<ratings>:<notes>". Each item is named by the first k
  // characters of a code of its id (FNV-1a 32 in base64url), k the shortest from 2 to 6
  // that tells this page's items apart. <ratings> is <code><0|1|2> per rated item; <notes>
  // is <code><note> per note, joined by ";", each note percent-encoded with + for spaces.
  function fnv(text) {
    var bytes = unescape(encodeURIComponent(text)), h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      h ^= bytes.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h;
  }
  function code(id) {
    var h = fnv(id), out = "";
    // 32 bits: five characters of 6 bits from the top, then the last 2 bits shifted left by 4.
    for (var i = 0; i < 5; i++) out += B64.charAt((h >>> (26 - 6 * i)) & 63);
    out += B64.charAt((h << 4) & 63);
    return out;
  }
  var codes = items.map(function (el) { return code(el.getAttribute("data-id")); });
  function distinctAt(k) {
    var seen = {};
    return codes.every(function (c) {
      var p = c.slice(0, k);
      if (seen[p]) return false;
      seen[p] = true;
      return true;
    });
  }
  var width = 2;
  while (width < 6 && !distinctAt(width)) width++;
  function encodeNote(note) { return encodeURIComponent(note).replace(/%20/g, "+"); }
  function decodeNote(text) { return decodeURIComponent(text.replace(/\+/g, "%20")); }
  function encode(state) {
    var r = "", n = [];
    items.forEach(function (el, i) {
      var id = el.getAttribute("data-id"), c = codes[i].slice(0, width);
      if (state.r[id]) r += c + state.r[id];
      if (state.n[id]) n.push(c + encodeNote(state.n[id]));
    });
    return LINK + [FORMAT, width, r, n.join(";")].join(":");
  }
  // The state a link carries, with the codes that match no item of this page (kept under
  // "?<code>" so that they are reported); null when the fragment is no share link.
  function decode(fragment) {
    if (fragment.indexOf(LINK) !== 0) return null;
    var parts = fragment.slice(LINK.length).split(":");
    var k = parseInt(parts[1], 10);
    if (parts[0] !== FORMAT || parts.length !== 4 || !(k >= 1 && k <= 6)) return null;
    var index = {}, clash = {};
    items.forEach(function (el, i) {
      var c = codes[i].slice(0, k);
      if (index[c]) clash[c] = true;
      index[c] = el.getAttribute("data-id");
    });
    function idOf(c) { return index[c] && !clash[c] ? index[c] : "?" + c; }
    var state = { r: {}, n: {} };
    for (var i = 0; i + k < parts[2].length + 1; i += k + 1) {
      var entry = parts[2].slice(i, i + k + 1);
      if (entry.length === k + 1) state.r[idOf(entry.slice(0, k))] = entry.charAt(k);
    }
    (parts[3] ? parts[3].split(";") : []).forEach(function (entry) {
      try { state.n[idOf(entry.slice(0, k))] = decodeNote(entry.slice(k)); } catch (e) { /* a broken note is left out */ }
    });
    return state;
  }

  function save(state) {
    var s = storage();
    if (!s) return;
    try {
      if (Object.keys(state.r).length || Object.keys(state.n).length) s.setItem(storageKey, JSON.stringify(state));
      else s.removeItem(storageKey);
    } catch (e) { /* full or refused: the page still works */ }
  }

  // The saved state of this page: this ladder version's, or else the newest of another
  // version (whose items are matched by id, and which then moves to this version).
  function load() {
    var s = storage();
    if (!s) return null;
    try {
      var own = s.getItem(storageKey);
      if (own) return JSON.parse(own);
      for (var i = 0; i < s.length; i++) {
        var key = s.key(i);
        if (key && key.indexOf(site) === 0 && key.slice(key.lastIndexOf("|") + 1) === pageKey && key !== storageKey) {
          var old = JSON.parse(s.getItem(key));
          s.removeItem(key);
          return old;
        }
      }
    } catch (e) { /* unreadable: start empty */ }
    return null;
  }

  function clearSite() {
    var s = storage();
    if (!s) return;
    var doomed = [];
    for (var i = 0; i < s.length; i++) {
      var key = s.key(i);
      if (key && key.indexOf(site) === 0) doomed.push(key);
    }
    doomed.forEach(function (key) { s.removeItem(key); });
  }

  var status = tools.querySelector("[data-status]");
  var unmatchedBox = tools.querySelector("[data-unmatched-box]");
  function report(unmatched) {
    var list = tools.querySelector("[data-unmatched-list]");
    while (list.firstChild) list.removeChild(list.firstChild);
    unmatchedBox.hidden = unmatched.length === 0;
    tools.querySelector("[data-unmatched-text]").textContent = fill(data("unmatched"), { count: unmatched.length });
    unmatched.forEach(function (u) {
      var li = document.createElement("li");
      var rating = RATINGS.indexOf(u.rating) !== -1 ? ratingNames[+u.rating] : data("not-rated");
      li.textContent = u.id + ": " + rating + (u.note ? " — " + u.note : "");
      list.appendChild(li);
    });
  }

  function absolute(rel) { return new URL(rel, root).href; }
  // An expectation's text, without its mark (the permalink is the level page at its id).
  function words(el) { return el.querySelector(".assess-item__words").textContent.replace(/\s+/g, " ").trim(); }
  function groupsOf(part) {
    return Array.prototype.slice.call(part.querySelectorAll("[data-group]"));
  }
  function itemsOf(group) {
    return Array.prototype.slice.call(group.querySelectorAll(".assess-item[data-id]"));
  }
  function counts(list, state) {
    var c = { met: 0, sometimes: 0, notYet: 0, unrated: 0 };
    list.forEach(function (el) {
      var r = state.r[el.getAttribute("data-id")];
      if (r === "2") c.met++; else if (r === "1") c.sometimes++; else if (r === "0") c.notYet++; else c.unrated++;
    });
    return c;
  }
  function fillRow(row, c, total) {
    var cells = row.querySelectorAll("td");
    cells[0].textContent = c.met + " / " + total;
    cells[1].textContent = c.sometimes;
    cells[2].textContent = c.notYet;
    cells[3].textContent = c.unrated;
  }

  var body = tools.querySelector("[data-summary-rows]");
  var rows = [];
  Array.prototype.forEach.call(form.querySelectorAll("[data-group]"), function (group) {
    var tr = document.createElement("tr");
    var th = document.createElement("th");
    th.scope = "row";
    th.textContent = group.getAttribute("data-group");
    tr.appendChild(th);
    for (var i = 0; i < 4; i++) tr.appendChild(document.createElement("td"));
    body.appendChild(tr);
    rows.push([tr, itemsOf(group)]);
  });

  function packet(state) {
    var lines = ["# " + data("page-title"), "", window.location.href.split("#")[0], ""];
    var all = counts(items, state);
    lines.push(ratingNames[2] + ": " + all.met + " · " + ratingNames[1] + ": " + all.sometimes + " · " +
      ratingNames[0] + ": " + all.notYet + " · " + data("not-rated") + ": " + all.unrated);
    Array.prototype.forEach.call(form.querySelectorAll("[data-part]"), function (part) {
      lines.push("", "## " + part.getAttribute("data-part"));
      groupsOf(part).forEach(function (group) {
        lines.push("", "### " + group.getAttribute("data-group"), "");
        itemsOf(group).forEach(function (el) {
          var id = el.getAttribute("data-id"), r = state.r[id], note = state.n[id];
          lines.push("- " + words(el) + " (" + absolute(data("level-url") + "#" + id) + ")");
          lines.push("  - " + data("rating") + ": " + (r ? ratingNames[+r] : data("not-rated")));
          lines.push("  - " + data("evidence") + ":" + (note ? " " + note.trim().replace(/\s*\n\s*/g, " ") : ""));
        });
      });
    });
    return lines.join("\n") + "\n";
  }

  var gap = tools.querySelector("[data-gap]");
  var share = tools.querySelector("[data-share]");
  var packetBox = tools.querySelector("[data-packet]");
  function render() {
    var state = read();
    rows.forEach(function (row) { fillRow(row[0], counts(row[1], state), row[1].length); });
    fillRow(tools.querySelector("[data-summary-all]"), counts(items, state), items.length);
    while (gap.firstChild) gap.removeChild(gap.firstChild);
    items.forEach(function (el) {
      var id = el.getAttribute("data-id"), r = state.r[id];
      if (r !== "0" && r !== "1") return;
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "#" + el.id;
      a.textContent = words(el);
      li.appendChild(a);
      var mark = el.querySelector(".assess-item__text > .badge");
      li.appendChild(document.createTextNode(" — " + ratingNames[+r] + (mark ? " (" + mark.textContent + ")" : "")));
      gap.appendChild(li);
    });
    tools.querySelector("[data-gap-none]").hidden = gap.children.length > 0;
    var base = window.location.href.split("#")[0];
    share.value = base + "#" + encode(state);
    packetBox.value = packet(state);
    return state;
  }

  // A link replaces what this browser saved for the level only when asked to. Returns the
  // entries it could not match, or null when the fragment is no share link (or declined).
  function empty(state) {
    return !state || (!Object.keys(state.r || {}).length && !Object.keys(state.n || {}).length);
  }
  function dropFragment() {
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", window.location.href.split("#")[0]);
    }
  }
  function fromLink(saved) {
    var linked = decode(window.location.hash.slice(1));
    if (!linked) return null;
    // The link's state becomes this browser's; the fragment would go stale as ratings change.
    dropFragment();
    if (!empty(saved) && JSON.stringify(saved) !== JSON.stringify(linked) &&
        !window.confirm(data("replace-confirm"))) {
      return null;
    }
    return apply(linked);
  }

  var saved = load();
  var unmatched = fromLink(saved);
  if (!unmatched) unmatched = saved ? apply(saved) : [];
  tools.hidden = false;
  report(unmatched);
  save(render());
  // A link pasted into the address bar of this very page changes only the fragment.
  window.addEventListener("hashchange", function () {
    var found = fromLink(read());
    if (!found) return;
    report(found);
    save(render());
  });

  function changed() { save(render()); status.textContent = ""; }
  form.addEventListener("change", changed);
  form.addEventListener("input", changed);
  form.addEventListener("submit", function (event) { event.preventDefault(); });

  Array.prototype.forEach.call(tools.querySelectorAll("[data-copy]"), function (button) {
    button.addEventListener("click", function () {
      var field = document.getElementById(button.getAttribute("data-copy"));
      field.select();
      var done = function () { status.textContent = data("copied"); };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, function () {
          if (document.execCommand("copy")) done();
        });
      } else if (document.execCommand("copy")) {
        done();
      }
    });
  });
  tools.querySelector("[data-download]").addEventListener("click", function () {
    var blob = new Blob([packet(read())], { type: "text/markdown;charset=utf-8" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "self-assessment-" + pageKey.replace(/\//g, "-") + ".md";
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
  });
  tools.querySelector("[data-print]").addEventListener("click", function () { window.print(); });
  tools.querySelector("[data-clear]").addEventListener("click", function () {
    if (!window.confirm(data("clear-confirm"))) return;
    clearSite();
    apply({ r: {}, n: {} });
    report([]);
    render();
    status.textContent = data("cleared");
  });
})();
