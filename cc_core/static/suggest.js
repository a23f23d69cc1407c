/* Suggestions while typing into a field (every page works without them).
 *
 * The element that shows them opts in with data attributes, so the home
 * page's "How can we help?" box and any plugin's form share this script:
 *
 *   data-suggest-for   id of the input being typed into
 *   data-suggest-url   JSON endpoint, asked with ?q= after a pause in typing
 *   data-suggest-min   fewest characters worth asking about (default 2)
 *   data-suggest-list  optional: id of a list inside the element to fill;
 *                      without it, the element gets a heading and a list
 *                      for each section
 *
 * The endpoint answers {"sections": [{"title", "hits": [...]}]} or
 * {"suggestions": [...]}, each hit {"title", "url", "snippet"}.  Only text
 * nodes are built; the element is hidden while there is nothing to show,
 * and Escape hides it.  Make it aria-live="polite" so screen readers hear
 * that it changed.
 */
(function () {
  "use strict";
  if (!window.fetch) { return; }

  function sectionsOf(data) {
    if (Array.isArray(data.sections)) { return data.sections; }
    var hits = Array.isArray(data.suggestions) ? data.suggestions : [];
    return hits.length ? [{title: "", hits: hits}] : [];
  }

  function clear(element) { while (element.firstChild) { element.removeChild(element.firstChild); } }

  function hitItem(hit) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = hit.url;
    a.textContent = hit.title;
    li.appendChild(a);
    if (hit.snippet) {
      var span = document.createElement("span");
      span.className = "muted";
      span.textContent = hit.snippet;
      li.appendChild(document.createTextNode(" "));
      li.appendChild(span);
    }
    return li;
  }

  function attach(box) {
    var input = document.getElementById(box.getAttribute("data-suggest-for"));
    var url = box.getAttribute("data-suggest-url");
    var fixedList = document.getElementById(box.getAttribute("data-suggest-list") || "");
    var minimum = parseInt(box.getAttribute("data-suggest-min"), 10) || 2;
    if (!input || !url) { return; }
    var timer = null;
    var asked = input.value.trim();
    var latest = 0;

    function show(sections) {
      clear(fixedList || box);
      sections.forEach(function (section) {
        var list = fixedList || document.createElement("ul");
        if (!fixedList && section.title) {
          var heading = document.createElement("h2");
          heading.textContent = section.title;
          box.appendChild(heading);
        }
        (section.hits || []).forEach(function (hit) { list.appendChild(hitItem(hit)); });
        if (!fixedList) { box.appendChild(list); }
      });
      box.hidden = sections.length === 0;
    }

    function ask() {
      var text = input.value.trim();
      if (text === asked) { return; }
      asked = text;
      if (text.length < minimum) { show([]); return; }
      var ticket = ++latest;
      fetch(url + "?q=" + encodeURIComponent(text), {credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (response) { return response.ok ? response.json() : {}; })
        .then(function (data) { if (ticket === latest) { show(sectionsOf(data || {})); } })
        .catch(function () { /* suggestions are a help, not a requirement */ });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, 250);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !box.hidden) { show([]); }
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-suggest-for]"), attach);
}());
