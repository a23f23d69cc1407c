/* Suggestions while typing in the "How can we help?" box (the search works without it).
 *
 * After a pause in typing, asks the form's data-suggestions-url for what
 * each plugin finds and lists it under the box, built with text nodes
 * only; the region is polite-live, so screen readers hear that it changed.
 */
(function () {
  "use strict";
  var form = document.getElementById("site-search");
  var input = document.getElementById("site-search-q");
  var box = document.getElementById("site-search-suggestions");
  if (!form || !input || !box || !window.fetch) { return; }
  var url = form.getAttribute("data-suggestions-url");
  var timer = null;
  var asked = input.value.trim();
  var latest = 0;

  function clear() { while (box.firstChild) { box.removeChild(box.firstChild); } }

  function show(sections) {
    clear();
    sections.forEach(function (section) {
      var heading = document.createElement("h2");
      heading.textContent = section.title;
      box.appendChild(heading);
      var list = document.createElement("ul");
      section.hits.forEach(function (hit) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = hit.url;
        a.textContent = hit.title;
        li.appendChild(a);
        if (hit.snippet) {
          var span = document.createElement("span");
          span.className = "muted";
          span.textContent = hit.snippet;
          li.appendChild(span);
        }
        list.appendChild(li);
      });
      box.appendChild(list);
    });
    box.hidden = sections.length === 0;
  }

  function ask() {
    var text = input.value.trim();
    if (text === asked) { return; }
    asked = text;
    if (text.length < 2) { show([]); return; }
    var ticket = ++latest;
    fetch(url + "?q=" + encodeURIComponent(text), {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : {sections: []}; })
      .then(function (data) { if (ticket === latest) { show(data.sections || []); } })
      .catch(function () { /* suggestions are a help, not a requirement */ });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(ask, 250);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !box.hidden) { show([]); }
  });
}());
