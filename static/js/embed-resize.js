// For pages that embed explainer charts: add once,
//   <script src="[the explainer's address]/static/js/embed-resize.js" async></script>
// Each embed posts {type: "explainer:height", height}; this sets the height of the iframe that sent
// it. Only messages from this script's own origin count, so no other frame can resize anything.
(function () {
  "use strict";
  if (window.explainerEmbedResize) return;  // included twice
  var script = document.currentScript;
  var origin = null;
  try { origin = script && script.src ? new URL(script.src, location.href).origin : null; } catch (e) { origin = null; }
  var MAX = 20000;  // px: a runaway height is a bug, not a chart

  function onMessage(e) {
    var d = e.data;
    if (!d || d.type !== "explainer:height" || typeof d.height !== "number" || !isFinite(d.height)) return;
    // copies opened from disk have the opaque origin "null": nothing to compare, so accept
    if (origin && origin !== "null" && e.origin !== origin) return;
    var frames = document.getElementsByTagName("iframe");
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === e.source) {
        var h = Math.min(MAX, Math.max(0, Math.ceil(d.height)));
        frames[i].style.height = h + "px";
        frames[i].setAttribute("height", String(h));
      }
    }
  }

  window.addEventListener("message", onMessage);
  window.explainerEmbedResize = {origin: origin};
  // embeds that loaded before this script post again when asked
  var frames = document.querySelectorAll("iframe[data-explainer-embed]");
  for (var i = 0; i < frames.length; i++) {
    // "*": a frame still loading is at about:blank, whose origin is not the embed's yet
    try { frames[i].contentWindow.postMessage({type: "explainer:ask-height"}, "*"); } catch (e) { /* gone */ }
  }
})();
