/* Suggestions while a new request's title is typed (the page works without it).
 *
 * Asks /requests/suggestions?q= after a pause in typing and shows the
 * answers in the "Check the FAQ first" box, built with text nodes only.
 */
(function () {
  "use strict";
  var form = document.getElementById("new-request");
  var title = document.getElementById("new-request-title");
  var box = document.getElementById("request-suggestions");
  var list = document.getElementById("request-suggestions-list");
  if (!form || !title || !box || !list || !window.fetch) { return; }
  var url = form.getAttribute("data-suggestions-url");
  var timer = null;
  var asked = "";
  var latest = 0;

  function show(items) {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    items.forEach(function (item) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = item.url;
      a.textContent = item.title;
      li.appendChild(a);
      if (item.snippet) {
        var span = document.createElement("span");
        span.className = "muted";
        span.textContent = item.snippet;
        li.appendChild(document.createTextNode(" "));
        li.appendChild(span);
      }
      list.appendChild(li);
    });
    box.hidden = items.length === 0;
  }

  function ask() {
    var text = title.value.trim();
    if (text === asked) { return; }
    asked = text;
    if (text.length < 3) { show([]); return; }
    var ticket = ++latest;
    fetch(url + "?q=" + encodeURIComponent(text), {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : {suggestions: []}; })
      .then(function (data) { if (ticket === latest) { show(data.suggestions || []); } })
      .catch(function () { /* suggestions are a help, not a requirement */ });
  }

  title.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(ask, 300);
  });
}());
