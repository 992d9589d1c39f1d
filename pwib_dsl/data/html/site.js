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

  /* Presentation mode of a blueprint: one step per screen, full screen when the browser
     allows it; arrows, Page Up/Down, space, Home and End move, Escape stops. */
  function setupPresentation(start) {
    var deck = document.getElementById("present");
    var button = start.querySelector("button");
    if (!deck || !button) return;
    var slides = Array.prototype.slice.call(deck.querySelectorAll("[data-slide]"));
    var status = deck.querySelector(".present-status");
    var current = 0;
    if (!slides.length) return;

    function show(i) {
      current = Math.max(0, Math.min(slides.length - 1, i));
      slides.forEach(function (slide, n) { slide.hidden = n !== current; });
      status.textContent = slides[current].querySelector(".slide-meta").textContent;
      slides[current].focus();
    }
    function open() {
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
