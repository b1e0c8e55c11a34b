// The scenegraph walk of tests/browser/layout.py, evaluated in the page with [tolerance, label gap].
([tol, LABEL_GAP]) => {
  const out = [];
  const ctx = document.createElement("canvas").getContext("2d");
  const doc = document.documentElement;
  if (doc.scrollWidth > window.innerWidth + tol) {
    out.push({chart: "(page)", problem: "page scrolls sideways: " + doc.scrollWidth + " > " + window.innerWidth});
  }
  for (const v of window.explainer.views) {
    const view = v.view, el = view.container();
    if (!el) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;  // not on show
    const drawn = el.querySelector("canvas, svg");
    if (!drawn) { out.push({chart: v.id, problem: "nothing drawn"}); continue; }
    const W = parseFloat(drawn.style.width || drawn.getAttribute("width"));
    const H = parseFloat(drawn.style.height || drawn.getAttribute("height"));
    const shown = drawn.getBoundingClientRect();
    if (shown.width + tol < W) out.push({chart: v.id, problem: "shrunk by CSS: drawn " + W + " px, shown " + Math.round(shown.width) + " px"});
    if (shown.right > box.right + tol) out.push({chart: v.id, problem: "wider than its box: " + Math.round(shown.right - box.left) + " > " + Math.round(box.width)});
    const texts = [];
    const origin = view.origin();
    (function walk(mark, ox, oy, role) {
      for (const item of mark.items || []) {
        if (mark.marktype === "group") {
          const gx = ox + (item.x || 0), gy = oy + (item.y || 0);
          for (const child of item.items || []) walk(child, gx, gy, child.role || role);
        } else if (mark.marktype === "text") {
          const t = Array.isArray(item.text) ? item.text.join(" ") : item.text;
          if (t === undefined || t === null || String(t).trim() === "") continue;
          if (item.opacity === 0 || item.fillOpacity === 0) continue;
          const b = item.bounds;
          if (!b || !isFinite(b.x1) || b.x2 - b.x1 <= 0) continue;
          const r = {text: String(t), role: mark.role || role, x1: ox + b.x1, y1: oy + b.y1, x2: ox + b.x2, y2: oy + b.y2};
          texts.push(r);
          // cut short with an ellipsis by a limit (labelLimit, a mark's limit): the whole text does not fit
          if (!item.angle && item.limit > 0) {
            ctx.font = [item.fontStyle, item.fontWeight, (item.fontSize || 11) + "px", item.font || "sans-serif"]
              .filter(Boolean).join(" ");
            const lines = Array.isArray(item.text) ? item.text : String(t).split(item.lineBreak || "\u0000");
            const widest = Math.max.apply(null, lines.map((l) => ctx.measureText(String(l)).width));
            if (widest > item.limit + tol) out.push({chart: v.id, problem: "truncated: " + JSON.stringify(r.text) +
              " (" + Math.round(widest) + " px in a limit of " + Math.round(item.limit) + ")"});
          }
        }
      }
    })(view.scenegraph().root, origin[0], origin[1], "root");
    texts.forEach((a) => {
      if (a.x1 < -tol || a.y1 < -tol || a.x2 > W + tol || a.y2 > H + tol) {
        out.push({chart: v.id, problem: "clipped: " + JSON.stringify(a.text) + " at [" +
          [a.x1, a.y1, a.x2, a.y2].map(Math.round).join(", ") + "] in " + W + "x" + H});
      }
    });
    for (let i = 0; i < texts.length; i++) {
      for (let j = i + 1; j < texts.length; j++) {
        const a = texts[i], b = texts[j];
        // tick labels of one axis also need a gap between them, or they read as one number
        const gap = a.role === "axis-label" && b.role === "axis-label" ? LABEL_GAP : 0;
        const dx = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1) + gap, dy = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
        if (dx > tol && dy > tol) {
          out.push({chart: v.id, problem: "overlap: " + JSON.stringify(a.text) + " / " + JSON.stringify(b.text) +
            " by " + Math.round(dx) + "x" + Math.round(dy) + " px"});
        }
      }
    }
    out.push({chart: v.id, problem: null, texts: texts.length});
  }
  return out;
}
