// The document pages (texts/<doc_id>.html): arriving at #fig-<id>, highlight that figure's whole quote.
// The quote's offsets in the document are in the page's JSON (#cd-quotes); each line element carries
// the offset it starts at (data-o). Nothing is loaded; on other pages this does nothing.
(function () {
  function highlight() {
    var doc = document.getElementById("cd-doc");
    var data = document.getElementById("cd-quotes");
    if (!doc || !data || !location.hash.startsWith("#fig-")) return;
    var id = decodeURIComponent(location.hash.slice(5));
    var span = JSON.parse(data.textContent)[id];
    document.querySelectorAll(".cd-hit").forEach(function (e) { e.classList.remove("cd-hit"); });
    if (!span) return;
    var range = document.createRange(), started = false, first = null;
    doc.querySelectorAll(".cd-line").forEach(function (line) {
      var begin = +line.dataset.o, walker = document.createTreeWalker(line.querySelector(".cd-t"), NodeFilter.SHOW_TEXT);
      var at = begin, node;
      while ((node = walker.nextNode())) {
        var end = at + node.length;
        if (!started && span[0] >= at && span[0] <= end) { range.setStart(node, span[0] - at); started = true; first = line; }
        if (started && span[1] >= at && span[1] <= end) { range.setEnd(node, span[1] - at); }
        at = end;
      }
      var stop = begin + line.querySelector(".cd-t").textContent.length;
      if (begin <= span[1] && stop >= span[0]) line.classList.add("cd-hit");
    });
    if (window.CSS && CSS.highlights && window.Highlight) CSS.highlights.set("cd-quote", new Highlight(range));
    var target = document.getElementById("fig-" + id) || first;
    if (target) target.scrollIntoView({block: "center"});
  }
  document.addEventListener("DOMContentLoaded", highlight);
  window.addEventListener("hashchange", highlight);
})();

// Every chart: clicking a point opens the Sources entry of its figure (the first figure id among the
// point's customdata: each point carries the ids of the figures it draws).
(function () {
  var ID = /^[A-Z]{2}-[A-Z0-9][A-Za-z0-9-]*$/;
  function root() { return document.documentElement.dataset.content_root || ""; }
  function wire() {
    document.querySelectorAll(".plotly-graph-div").forEach(function (gd) {
      if (!gd.on || gd.dataset.citydipLinked) return;
      gd.dataset.citydipLinked = "1";
      gd.on("plotly_click", function (event) {
        var point = event && event.points && event.points[0];
        var data = point ? [].concat(point.customdata || []) : [];
        var id = data.find(function (v) { return typeof v === "string" && ID.test(v); });
        if (id) location.href = root() + "sources.html#fig-" + id;
      });
    });
  }
  window.addEventListener("load", wire);
})();
