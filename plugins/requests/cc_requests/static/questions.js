/* A category's extra questions as soon as it is chosen (the form works without this).
 *
 * Without a script, the first post of a category that asks questions comes
 * back with them as the next step.  With it, choosing the category fetches
 * the form for that category (/requests/new?category=ID) and moves its
 * questions into this page, so one post sends everything.  Only the
 * questions' box changes: what is typed and the files chosen stay.
 */
(function () {
  "use strict";
  var form = document.getElementById("new-request");
  var select = document.getElementById("new-request-category");
  var box = document.getElementById("new-request-questions");
  if (!form || !select || !box || !window.fetch || !window.DOMParser) { return; }
  var url = box.getAttribute("data-questions-url");
  var latest = 0;

  function replaceQuestions(html) {
    var fetched = new DOMParser().parseFromString(html, "text/html").getElementById("new-request-questions");
    while (box.firstChild) { box.removeChild(box.firstChild); }
    if (!fetched) { return; }
    Array.prototype.forEach.call(fetched.childNodes, function (node) {
      box.appendChild(document.importNode(node, true));
    });
  }

  select.addEventListener("change", function () {
    var ticket = ++latest;
    var category = select.value;
    if (!category) { replaceQuestions(""); return; }
    box.setAttribute("aria-busy", "true");
    fetch(url + "?category=" + encodeURIComponent(category), {credentials: "same-origin"})
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (ticket === latest && html !== null) { replaceQuestions(html); }
      })
      .catch(function () { /* without the questions here, the server asks for them after the post */ })
      .then(function () { if (ticket === latest) { box.removeAttribute("aria-busy"); } });
  });
}());
