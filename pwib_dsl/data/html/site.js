/* pwib-dsl site: list filters and the overview search. Progressive enhancement: the
   controls are hidden in the HTML and shown here, so without JavaScript every page is
   complete and nothing is broken. Text is only ever written with textContent. */
(function () {
  "use strict";

  function norm(text) {
    // Soft hyphens (Dutch hyphenation of long words) are not part of what anyone types.
    return String(text).replace(/\u00ad/g, "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function terms(value) {
    return norm(value).split(/\s+/).filter(Boolean);
  }

  function matches(haystack, words) {
    for (var i = 0; i < words.length; i++) {
      if (haystack.indexOf(words[i]) === -1) return false;
    }
    return true;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : all;
    });
  }

  /* Filters: <form data-filter="ID"> narrows the [data-filter-item]s inside #ID; a
     [data-filter-group] disappears when none of its items is left. */
  function setupFilter(form) {
    var scope = document.getElementById(form.getAttribute("data-filter"));
    var input = form.querySelector("input");
    var status = form.querySelector(".filter-status");
    if (!scope || !input || !status) return;
    var items = Array.prototype.slice.call(scope.querySelectorAll("[data-filter-item]"));
    var groups = Array.prototype.slice.call(scope.querySelectorAll("[data-filter-group]"));
    var texts = items.map(function (item) { return norm(item.textContent); });

    function apply() {
      var words = terms(input.value);
      var shown = 0;
      items.forEach(function (item, i) {
        var ok = matches(texts[i], words);
        item.hidden = !ok;
        if (ok) shown++;
      });
      groups.forEach(function (group) {
        group.hidden = !group.querySelector("[data-filter-item]:not([hidden])");
      });
      status.textContent = words.length
        ? fill(status.getAttribute("data-template"), { shown: shown, total: items.length })
        : "";
    }

    form.addEventListener("submit", function (event) { event.preventDefault(); });
    input.addEventListener("input", apply);
    form.hidden = false;
    if (input.value) apply();
  }

  /* Overview search over an inline index: rows [kind, title, context, href, text]. */
  function setupSearch(section) {
    var data = document.getElementById("search-data");
    var input = section.querySelector("input");
    var status = section.querySelector(".filter-status");
    var list = section.querySelector(".results");
    var form = section.querySelector("form");
    if (!data || !input || !status || !list || !form) return;
    var rows;
    try {
      rows = JSON.parse(data.textContent);
    } catch (err) {
      return;
    }
    var haystacks = rows.map(function (r) { return norm(r[1] + " " + r[2] + " " + r[4]); });
    var limit = 50;

    function render() {
      var words = terms(input.value);
      while (list.firstChild) list.removeChild(list.firstChild);
      if (norm(input.value).replace(/\s+/g, "").length < 2) {
        status.textContent = "";
        return;
      }
      var hits = [];
      for (var i = 0; i < rows.length; i++) {
        if (matches(haystacks[i], words)) hits.push(rows[i]);
      }
      hits.slice(0, limit).forEach(function (r) {
        var li = document.createElement("li");
        var kind = document.createElement("span");
        kind.className = "r-kind";
        kind.textContent = r[0];
        var link = document.createElement("a");
        link.setAttribute("href", r[3]);
        link.textContent = r[1];
        li.appendChild(kind);
        li.appendChild(link);
        if (r[2]) {
          var context = document.createElement("span");
          context.className = "r-context";
          context.textContent = " \u2014 " + r[2];
          li.appendChild(context);
        }
        list.appendChild(li);
      });
      status.textContent = hits.length
        ? fill(status.getAttribute("data-template"), { shown: Math.min(hits.length, limit), total: hits.length })
        : status.getAttribute("data-empty");
    }

    form.addEventListener("submit", function (event) { event.preventDefault(); });
    input.addEventListener("input", render);
    section.hidden = false;
  }

  /* Presentation mode of a blueprint: one step per screen, built from the grid when it is
     first opened (what the resident does and sees, what the measures change, the legal
     basis, the systems), full screen when the browser allows it; arrows, Page Up/Down,
     space, Home and End move, Escape stops. Content is copied with cloneNode/textContent. */
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function buildSlides(deck, table) {
    var d = deck.dataset;
    var notes = {};
    var store = document.getElementById("measure-notes");
    if (store && store.content) {
      Array.prototype.forEach.call(store.content.querySelectorAll("[data-href]"), function (p) {
        notes[p.getAttribute("data-href")] = p.textContent;
      });
    }
    var heads = table.querySelectorAll("thead tr.nodes th.node");
    var holder = deck.querySelector(".slides");
    function cells(rowClass, i) {
      var row = table.querySelector("tr." + rowClass);
      return row ? row.querySelectorAll("td")[i] : null;
    }
    function section(slide, label, nodes) {
      if (!nodes.length) return;
      slide.appendChild(el("h3", "", label));
      nodes.forEach(function (n) { slide.appendChild(n); });
    }
    function copies(cell, selector) {
      return cell ? Array.prototype.map.call(cell.querySelectorAll(selector), function (n) {
        var p = el("p");
        p.appendChild(n.cloneNode(true));
        return p;
      }) : [];
    }
    Array.prototype.forEach.call(heads, function (th, i) {
      var slide = el("article", "slide");
      slide.setAttribute("data-slide", "");
      slide.setAttribute("tabindex", "-1");
      slide.setAttribute("aria-labelledby", "slide-h-" + (i + 1));
      slide.hidden = true;
      slide.appendChild(el("p", "slide-meta", d.title + " \u00b7 " + d.of.replace("{n}", i + 1).replace("{total}", heads.length)));
      var h = el("h2", "slide-title");
      h.id = "slide-h-" + (i + 1);
      h.appendChild(el("span", "jm-num nl-number-badge", th.querySelector(".node-num").textContent));
      h.appendChild(document.createTextNode(" " + th.querySelector(".node-title").textContent));
      slide.appendChild(h);
      var body = el("div", "slide-body");
      var left = el("div", "slide-col");
      var right = el("div", "slide-col");
      section(left, d.does, copies(cells("lane-customer", i), ".card"));
      section(left, d.sees, copies(cells("lane-evidence", i), ".card"));
      var flow = cells("flow", i);
      var branches = flow && flow.querySelector(".branches");
      if (branches) left.appendChild(branches.cloneNode(true));
      var emo = cells("layer-emotion", i);
      var val = emo && emo.querySelector(".emo-val");
      if (val) left.appendChild(el("p", "slide-emotion", d.emotion + ": " + val.textContent));
      var measures = cells("layer-measures", i);
      section(right, d.changes, measures ? Array.prototype.map.call(measures.querySelectorAll("a.badge"), function (a) {
        var p = el("p");
        p.appendChild(el("strong", "", a.textContent));
        var note = notes[a.getAttribute("href")];
        if (note) p.appendChild(document.createTextNode(": " + note));
        return p;
      }) : []);
      section(right, d.legal, copies(cells("layer-legal", i), "p.cite > *:first-child").map(function (p, k) {
        var cite = cells("layer-legal", i).querySelectorAll("p.cite")[k];
        var title = cite.querySelector(".cite-title");
        var noteEl = cite.querySelector(".cite-note");
        if (title) p.appendChild(document.createTextNode(" " + title.textContent));
        if (noteEl) p.appendChild(el("span", "cite-note", " " + noteEl.textContent));
        return p;
      }));
      section(right, d.systems, copies(cells("lane-systems", i), ".card"));
      body.appendChild(left);
      body.appendChild(right);
      slide.appendChild(body);
      holder.appendChild(slide);
    });
    return Array.prototype.slice.call(holder.querySelectorAll("[data-slide]"));
  }

  function setupPresentation(start) {
    var deck = document.getElementById("present");
    var table = document.querySelector("table.sb");
    var button = start.querySelector("button");
    if (!deck || !button || !table) return;
    var slides = null;
    var status = deck.querySelector(".present-status");
    var current = 0;

    function show(i) {
      current = Math.max(0, Math.min(slides.length - 1, i));
      slides.forEach(function (slide, n) { slide.hidden = n !== current; });
      status.textContent = slides[current].querySelector(".slide-meta").textContent;
      slides[current].focus();
    }
    function open() {
      if (!slides) slides = buildSlides(deck, table);
      if (!slides.length) return;
      deck.hidden = false;
      document.body.classList.add("presenting");
      if (deck.requestFullscreen) deck.requestFullscreen().catch(function () {});
      show(0);
    }
    function close() {
      if (document.fullscreenElement && document.exitFullscreen) document.exitFullscreen().catch(function () {});
      deck.hidden = true;
      document.body.classList.remove("presenting");
      button.focus();
      // leaving full screen (Escape there is the browser's) moves focus after this handler
      setTimeout(function () { if (deck.hidden) button.focus(); }, 100);
    }
    deck.addEventListener("keydown", function (event) {
      var key = event.key;
      if (event.target.tagName === "BUTTON" && (key === " " || key === "Enter")) return;
      if (key === "ArrowRight" || key === "PageDown" || key === " " || key === "Enter" && event.target === slides[current]) {
        show(current + 1);
      } else if (key === "ArrowLeft" || key === "PageUp") {
        show(current - 1);
      } else if (key === "Home") {
        show(0);
      } else if (key === "End") {
        show(slides.length - 1);
      } else if (key === "Escape") {
        close();
      } else {
        return;
      }
      event.preventDefault();
    });
    document.addEventListener("fullscreenchange", function () {
      if (!document.fullscreenElement && !deck.hidden) close();
    });
    deck.querySelector("[data-present-next]").addEventListener("click", function () { show(current + 1); });
    deck.querySelector("[data-present-prev]").addEventListener("click", function () { show(current - 1); });
    deck.querySelector("[data-present-close]").addEventListener("click", close);
    button.addEventListener("click", open);
    start.hidden = false;
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[data-filter]"), setupFilter);
  Array.prototype.forEach.call(document.querySelectorAll("[data-present-start]"), setupPresentation);
  Array.prototype.forEach.call(document.querySelectorAll("[data-search]"), setupSearch);
})();
