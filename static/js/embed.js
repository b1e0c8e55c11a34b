// One chart in an iframe (/embed/{chart}): the core makes the chart, slider and numbers follow the
// threshold; this file tells the parent page how tall the embed is, on load and on every resize,
// in two dialects: ours ({type: "explainer:height", height}) and Datawrapper's, which many
// newsroom CMSs already listen for ({"datawrapper-height": {"<chart id>": height}}).
(function (root) {
  "use strict";
  var core = root.explainerCore, doc = root.document;
  var data = core && core.readData(doc);
  if (!data) return;
  // the server renders ?theme= itself; a static copy has one file per chart, so read it here
  if (data.static) {
    var q = null;
    try { q = new URL(root.location.href).searchParams.get("theme"); } catch (e) { q = null; }
    if (q === "light" || q === "dark" || q === "auto") {
      data.theme = q;
      doc.documentElement.setAttribute("data-theme", q);
    }
  }
  var live = core.start({data: data, theme: data.theme || "light"});
  root.explainer = live;

  var chartId = data.chart, posted = -1, timer = 0;
  var framed = root.parent && root.parent !== root;

  // the <html> box is as tall as its content (never the frame), so a taller frame cannot feed back
  function height() { return Math.ceil(doc.documentElement.getBoundingClientRect().height); }

  function post() {
    timer = 0;
    var h = height();
    doc.documentElement.setAttribute("data-height", String(h));
    if (!framed || h === posted) return;
    posted = h;
    var dw = {};
    dw[chartId] = h;
    // "*": the height of a public chart is no secret, and the embedding origin is unknown
    root.parent.postMessage({type: "explainer:height", height: h, chart: chartId}, "*");
    root.parent.postMessage({"datawrapper-height": dw}, "*");
  }

  // a timer, not requestAnimationFrame: browsers pause animation frames in cross-origin frames that
  // are off screen, and an embed far down an article must still size itself before it is reached
  function schedule() { if (!timer) timer = setTimeout(post, 30); }

  if (root.ResizeObserver) new root.ResizeObserver(schedule).observe(doc.documentElement);
  root.addEventListener("load", schedule);
  live.ready.then(schedule);
  // a parent that (re)attaches its listener late may ask again
  root.addEventListener("message", function (e) {
    if (e.data && e.data.type === "explainer:ask-height") { posted = -1; schedule(); }
  });
})(typeof self !== "undefined" ? self : this);
