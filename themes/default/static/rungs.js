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

  // Permalinks (an item's `#`, a pair row's status): following one is a plain link to the
  // item (highlighted by :target); with a clipboard, clicking one also copies its full URL.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.permalink, .pair-row > a.badge");
    if (!link || !navigator.clipboard) return;
    navigator.clipboard.writeText(link.href).catch(function () {});
  });

  // A search result's page: its matched words (`?highlight=…`) marked in the item it links
  // to (or the whole page), with DOM text nodes only.
  var wanted = new URLSearchParams(window.location.search).get("highlight");
  if (wanted) {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var scope = (id && document.getElementById(id)) || document.querySelector("main");
    var terms = wanted.toLowerCase().split(/\s+/).filter(Boolean);
    if (scope && terms.length) {
      var walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
      var nodes = [];
      while (walker.nextNode()) nodes.push(walker.currentNode);
      nodes.forEach(function (node) {
        var text = node.nodeValue, lower = text.toLowerCase(), at = 0, parts = [];
        while (at < text.length) {
          var best = -1, len = 0;
          terms.forEach(function (t) {
            var i = lower.indexOf(t, at);
            if (i !== -1 && (best === -1 || i < best)) { best = i; len = t.length; }
          });
          if (best === -1) break;
          parts.push([at, best, len]);
          at = best + len;
        }
        if (!parts.length) return;
        var frag = document.createDocumentFragment(), last = 0;
        parts.forEach(function (p) {
          frag.appendChild(document.createTextNode(text.slice(last, p[1])));
          var mark = document.createElement("mark");
          mark.className = "search-hit";
          mark.textContent = text.slice(p[1], p[1] + p[2]);
          frag.appendChild(mark);
          last = p[1] + p[2];
        });
        frag.appendChild(document.createTextNode(text.slice(last)));
        node.parentNode.replaceChild(frag, node);
      });
    }
  }

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

  function show(query) {
    var words = query.toLowerCase().split(/\s+/).filter(Boolean);
    clear();
    if (!words.length) return close();
    var phrase = words.join(" ");
    var hits = [];
    for (var i = 0; i < haystacks.length; i++) {
      var h = haystacks[i], ok = true;
      for (var w = 0; w < words.length && ok; w++) ok = h.indexOf(words[w]) !== -1;
      if (!ok) continue;
      var e = index.entries[i];
      var score = (e[3].toLowerCase().indexOf(phrase) !== -1 ? 4 : 0) +
        (index.pages[e[0]].title.toLowerCase().indexOf(phrase) !== -1 ? 2 : 0);
      hits.push([score, i]);
    }
    hits.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; });
    hits.slice(0, LIMIT).forEach(function (hit) {
      var e = index.entries[hit[1]], page = index.pages[e[0]];
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + page.url + "?highlight=" + encodeURIComponent(words.join(" ")) + (e[2] ? "#" + e[2] : "");
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
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    status.textContent = hits.length === 0 ? label("no-results") :
      hits.length === 1 ? label("one-result") :
      hits.length > LIMIT ? label("results-limited", { count: hits.length, shown: LIMIT }) :
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
  function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }
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
  var initial = new URLSearchParams(window.location.search).get("search");
  if (initial) {
    input.value = initial;
    run();
  }
})();
