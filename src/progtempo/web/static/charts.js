// progtempo web app: the charts. Each `[data-chart]` element is drawn with uPlot (vendored) from the JSON
// the library prepared and the page carries (`data-source` names its <script type="application/json">).
// Drawing only: every number comes from the server; the tables on each page hold the same numbers.
"use strict";

(function charts() {
  if (typeof uPlot === "undefined") return;
  const css = getComputedStyle(document.documentElement);
  const colour = (name) => css.getPropertyValue(name).trim();
  const C = {
    text: colour("--text"), muted: colour("--muted"), line: colour("--line"), accent: colour("--accent"),
    target: colour("--target"), window: colour("--window"), cleared: colour("--cleared"),
    too_fast: colour("--too-fast"), too_slow: colour("--too-slow"), not_run: colour("--not-run"),
    outside: colour("--outside"), split: colour("--accent"), elevation: "#8c6d46", hr: "#b0143c",
  };
  const VERDICT = { slower_than_before: C.too_slow, not_reached: C.not_run, partial: C.not_run };
  const sources = {};
  const data = (el) => sources[el.dataset.source] ||= JSON.parse(document.getElementById(el.dataset.source).textContent);

  function pace(s) {
    if (s == null || !isFinite(s)) return "–";
    const t = Math.round(s);
    return `${Math.floor(t / 60)}:${String(t % 60).padStart(2, "0")}`;
  }
  const signed = (x) => (x == null ? "–" : `${x > 0 ? "+" : ""}${Math.round(x)}`);
  const words = (k) => (k || "").replace(/_/g, " ");
  const utc = (ts) => uPlot.tzDate(new Date(ts * 1e3), "Etc/UTC");

  // a pace axis: faster up, m:ss ticks, the range of the middle of the data (a stop's spike stays off it)
  function paceScale(values) {
    const v = values.filter((x) => x != null && isFinite(x)).sort((a, b) => a - b);
    if (!v.length) return { dir: -1 };
    const lo = v[Math.floor(v.length * 0.01)], hi = v[Math.ceil(v.length * 0.98) - 1];
    const pad = Math.max(10, 0.08 * (hi - lo));
    return { dir: -1, auto: false, range: [lo - pad, hi + pad] };
  }
  const axis = (label, values) => ({ label, stroke: C.muted, grid: { stroke: C.line, width: 1 }, ticks: { stroke: C.line }, values, size: 52 });
  // pace ticks a runner reads: 5, 10, 15, 20, 30 s, 1, 2, 5 min apart
  const paceAxis = (unit) => ({ ...axis(`pace /${unit}`, (u, vals) => vals.map(pace)), incrs: [5, 10, 15, 20, 30, 60, 120, 300, 600] });
  // a bar chart's x range with room for the first and last bars (half a `pad` either side, in seconds)
  const padded = (t, pad) => {
    if (!t.length) return { auto: false, range: [0, 1] };
    const p = Math.max(pad, 0.04 * (t[t.length - 1] - t[0]));
    return { auto: false, range: [t[0] - p, t[t.length - 1] + p] };
  };
  const DAY = 86400;

  function size(el, height) {
    return { width: Math.max(240, Math.floor(el.clientWidth)), height };
  }
  const made = [];
  function make(el, opts, rows) {
    const u = new uPlot({ ...size(el, opts.height || 220), ...opts }, rows, el);
    made.push([u, el, opts.height || 220]);
    return u;
  }
  window.addEventListener("resize", () => {
    for (const [u, el, h] of made) u.setSize(size(el, h));
  });

  // a tooltip that follows the cursor inside a chart
  function tip(u) {
    const box = document.createElement("div");
    box.className = "tip";
    box.hidden = true;
    u.over.appendChild(box);
    return (html, left, top) => {
      if (html == null) { box.hidden = true; return; }
      box.innerHTML = html;
      box.hidden = false;
      const w = u.over.clientWidth;
      box.style.left = `${Math.min(Math.max(0, left + 12), Math.max(0, w - box.offsetWidth))}px`;
      box.style.top = `${Math.max(0, top - box.offsetHeight - 8)}px`;
    };
  }

  // ---------------------------------------------------------------------------------------- one run
  const syncKey = "run";
  const zoomed = [];
  // zooming one stream chart zooms the others to the same stretch of the run
  function onScale(self, key) {
    if (key !== "x" || self._syncing) return;
    const { min, max } = self.scales.x;
    for (const other of zoomed) {
      if (other === self) continue;
      other._syncing = true;
      other.setScale("x", { min, max });
      other._syncing = false;
    }
  }

  function bars(el, d) {
    const bs = d.bars, unit = d.unit;
    const all = [];
    for (const b of bs) all.push(b.pace, b.gap, b.slow, b.fast);
    const y = paceScale(all);
    const slowEdge = y.range ? y.range[1] : 0;
    const opts = {
      height: 260,
      scales: { x: { time: false, auto: false, range: [0, Math.max(d.distance, 0.1)] }, y },
      axes: [axis(`distance (${unit})`), paceAxis(unit)],
      series: [{}, { label: "pace", stroke: "transparent", points: { show: false } }],
      legend: { show: false },
      cursor: { x: false, y: false, drag: { x: false, y: false }, points: { show: false } },
      hooks: {
        draw: [(u) => {
          const ctx = u.ctx, X = (v) => u.valToPos(v, "x", true), Y = (v) => u.valToPos(v, "y", true);
          const bottom = Y(slowEdge);
          ctx.save();
          for (const b of bs) {
            const x0 = X(b.start), w = X(b.end) - x0;
            if (b.kind === "level" && b.target != null) {
              ctx.fillStyle = C.window;
              ctx.fillRect(x0, Y(b.slow), w, Y(b.fast) - Y(b.slow));
            }
            const fill = C[b.verdict] || VERDICT[b.verdict] || C.outside;
            if (b.pace != null) {
              ctx.globalAlpha = b.used === "gap" ? 0.35 : 0.92;
              ctx.fillStyle = fill;
              ctx.fillRect(x0 + 0.04 * w, Y(b.pace), 0.52 * w, bottom - Y(b.pace));
            }
            if (b.gap != null) {
              ctx.globalAlpha = 1;
              ctx.fillStyle = b.used === "gap" ? fill : "#ffffff";
              ctx.fillRect(x0 + 0.6 * w, Y(b.gap), 0.34 * w, bottom - Y(b.gap));
              ctx.strokeStyle = fill;
              ctx.lineWidth = 2 * devicePixelRatio;
              ctx.strokeRect(x0 + 0.6 * w, Y(b.gap), 0.34 * w, bottom - Y(b.gap));
            }
            if (b.kind === "level" && b.target != null) {
              ctx.globalAlpha = 1;
              ctx.strokeStyle = C.target;
              ctx.lineWidth = 3 * devicePixelRatio;
              ctx.beginPath();
              ctx.moveTo(x0, Y(b.target));
              ctx.lineTo(x0 + w, Y(b.target));
              ctx.stroke();
            }
          }
          ctx.restore();
        }],
      },
    };
    const u = make(el, opts, [[0, d.distance], [null, null]]);
    const show = tip(u);
    const at = (left) => {
      const x = u.posToVal(left, "x");
      return bs.filter((b) => b.start <= x && x < b.end).sort((a, b) => (a.kind === "level" ? -1 : 1))[0];
    };
    const describe = (b) => {
      const head = b.kind === "level" ? (b.boss ? `Boss (level ${b.index})` : `Level ${b.index}`) : `Split ${b.index}${b.verdict === "outside" ? ", outside the ladder" : ""}`;
      const rows = [`<strong>${head}</strong>`, `pace ${pace(b.pace)} · GAP ${pace(b.gap)} /${unit}`];
      if (b.target != null) rows.push(`target ${pace(b.target)} (${pace(b.slow)}-${pace(b.fast)}) · off ${signed(b.off)} s by ${b.used === "gap" ? "GAP" : "pace"}`);
      if (b.kind === "level") rows.push(words(b.verdict));
      if (b.hr != null) rows.push(`HR ${Math.round(b.hr)}`);
      return rows.join("<br>");
    };
    u.over.addEventListener("mousemove", (e) => {
      const b = at(e.offsetX);
      show(b ? describe(b) : null, e.offsetX, e.offsetY);
    });
    u.over.addEventListener("click", (e) => {
      const b = at(e.offsetX);
      show(b ? describe(b) : null, e.offsetX, e.offsetY);
    });
    u.over.addEventListener("mouseleave", () => show(null));
    // the keyboard: the arrow keys walk the bars, each bar's numbers in the tip and read out
    const order = bs.slice().sort((a, b) => a.start - b.start || (a.kind === "level" ? -1 : 1));
    const live = document.getElementById(`${el.id}-live`);
    let at_k = -1;
    el.addEventListener("keydown", (e) => {
      const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[e.key];
      if (e.key === "Escape") { show(null); return; }
      if (!step || !order.length) return;
      e.preventDefault();
      at_k = Math.min(order.length - 1, Math.max(0, at_k + step));
      const b = order[at_k];
      const left = (u.valToPos(b.start, "x") + u.valToPos(b.end, "x")) / 2;
      show(describe(b), left, u.over.clientHeight / 2);
      if (live) live.textContent = describe(b).replace(/<br>/g, ". ").replace(/<[^>]+>/g, "");
    });
    el.addEventListener("blur", () => show(null));
  }

  function stream(el, d, key) {
    const s = d.streams, unit = d.unit;
    const common = {
      scales: { x: { time: false } },
      cursor: { sync: { key: syncKey, setSeries: false }, drag: { x: true, y: false } },
      legend: { live: true },
    };
    let opts, rows;
    if (key === "pace") {
      const series = [{ label: `${unit}`, value: (u, v) => (v == null ? "–" : v.toFixed(2)) },
        { label: "pace", stroke: C.accent, width: 1.5, value: (u, v) => pace(v) }];
      rows = [s.x, s.pace];
      if (s.gap) {
        series.push({ label: "GAP", stroke: C.target, width: 1.5, dash: [6, 4], value: (u, v) => pace(v) });
        rows.push(s.gap);
      }
      opts = { ...common, height: 220, scales: { x: { time: false }, y: paceScale(s.pace.concat(s.gap || [])) },
        axes: [axis(`distance (${unit})`), paceAxis(unit)], series };
    } else if (key === "elevation") {
      // feet with miles, metres with km, as the page's climb figures (the data stays in metres)
      const feet = unit === "mi", h = feet ? "ft" : "m";
      rows = [s.x, feet ? s.elevation.map((m) => (m == null ? null : m / 0.3048)) : s.elevation];
      opts = { ...common, height: 150, axes: [axis(`distance (${unit})`), axis(h, (u, v) => v.map((x) => Math.round(x)))],
        series: [{ label: unit, value: (u, v) => (v == null ? "–" : v.toFixed(2)) }, { label: `elevation ${h}`, stroke: C.elevation, fill: "rgba(140, 109, 70, 0.3)", width: 1.5, value: (u, v) => (v == null ? "–" : v.toFixed(0)) }] };
    } else {
      rows = [s.x, s.hr];
      opts = { ...common, height: 150, axes: [axis(`distance (${unit})`), axis("bpm", (u, v) => v.map((x) => Math.round(x)))],
        series: [{ label: unit, value: (u, v) => (v == null ? "–" : v.toFixed(2)) }, { label: "HR bpm", stroke: C.hr, width: 1.5, value: (u, v) => (v == null ? "–" : Math.round(v)) }] };
    }
    opts.hooks = { setScale: [onScale] };
    const u = make(el, opts, rows);
    zoomed.push(u);
    u.root.addEventListener("dblclick", () => {
      for (const other of zoomed) other.setScale("x", { min: s.x[0], max: s.x[s.x.length - 1] });
    });
    return u;
  }

  function route(canvas, d) {
    const pts = d.route;
    if (!pts.length) return;
    const tiles = canvas.dataset.tiles;
    const merc = ([lat, lon]) => {
      const r = (Math.min(Math.max(lat, -85), 85) * Math.PI) / 180;
      return [(lon + 180) / 360, (1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2];
    };
    const xy = pts.map(merc);
    const xs = xy.map((p) => p[0]), ys = xy.map((p) => p[1]);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    function draw() {
      const dpr = devicePixelRatio || 1;
      const w = canvas.clientWidth, h = canvas.clientHeight;
      canvas.width = Math.round(w * dpr);
      canvas.height = Math.round(h * dpr);
      const ctx = canvas.getContext("2d");
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, w, h);
      const pad = 16;
      const scale = Math.min((w - 2 * pad) / Math.max(x1 - x0, 1e-9), (h - 2 * pad) / Math.max(y1 - y0, 1e-9));
      const ox = (w - (x1 - x0) * scale) / 2 - x0 * scale, oy = (h - (y1 - y0) * scale) / 2 - y0 * scale;
      const P = ([x, y]) => [x * scale + ox, y * scale + oy];
      const line = () => {
        ctx.lineJoin = "round";
        ctx.lineCap = "round";
        ctx.strokeStyle = C.accent;
        ctx.lineWidth = 3;
        ctx.beginPath();
        xy.forEach((p, i) => (i ? ctx.lineTo(...P(p)) : ctx.moveTo(...P(p))));
        ctx.stroke();
        const [sx, sy] = P(xy[0]), [ex, ey] = P(xy[xy.length - 1]);
        ctx.fillStyle = C.target;
        ctx.beginPath();
        ctx.arc(sx, sy, 6, 0, 2 * Math.PI);
        ctx.fill();
        ctx.fillStyle = C.text;
        ctx.fillRect(ex - 5, ey - 5, 10, 10);
      };
      if (!tiles) { line(); return; }
      // tiles of the zoom at which a world is `scale` px wide, covering the canvas
      const z = Math.max(0, Math.min(19, Math.floor(Math.log2(scale / 256))));
      const n = 2 ** z, size = scale / n;
      const loaded = [];
      for (let tx = Math.floor(-ox / size); tx * size + ox < w; tx++) {
        for (let ty = Math.floor(-oy / size); ty * size + oy < h; ty++) {
          if (tx < 0 || ty < 0 || tx >= n || ty >= n) continue;
          const img = new Image();
          img.referrerPolicy = "no-referrer";
          img.src = tiles.replace("{z}", z).replace("{x}", tx).replace("{y}", ty);
          loaded.push(new Promise((ok) => {
            img.onload = () => { ctx.drawImage(img, tx * size + ox, ty * size + oy, size + 0.5, size + 0.5); ok(); };
            img.onerror = ok;
          }));
        }
      }
      Promise.all(loaded).then(line);
    }
    draw();
    window.addEventListener("resize", draw);
  }

  // ---------------------------------------------------------------------------------------- over weeks
  function opener(u, ids) {
    u.over.addEventListener("click", () => {
      const i = u.cursor.idx;
      if (i != null && ids && ids[i] != null) window.location.href = `/activities/${ids[i]}`;
    });
    u.over.style.cursor = "pointer";
  }
  const dayValue = (u, v) => (v == null ? "–" : utc(v).toISOString().slice(0, 10));

  function trend(el, d) {
    const series = [{ label: "day", value: dayValue },
      { label: "end pace", stroke: C.accent, width: 2, points: { size: 7 }, value: (u, v) => pace(v) },
      { label: "end GAP", stroke: C.target, width: 2, dash: [6, 4], points: { size: 6 }, value: (u, v) => pace(v) }];
    const rows = [d.t, d.end, d.gap];
    if (d.threshold) {
      series.push({ label: "threshold", stroke: C.muted, width: 1.5, dash: [2, 4], points: { size: 4 }, value: (u, v) => pace(v) });
      rows.push(d.threshold);
    }
    make(el, { height: 200, tzDate: utc, scales: { x: padded(d.t, 3 * DAY), y: paceScale([].concat(...rows.slice(1))) }, axes: [axis(), paceAxis(d.unit)], series }, rows);
  }

  function historyPace(el, d) {
    const s = d.sessions;
    const u = make(el, { height: 240, tzDate: utc, scales: { x: padded(s.t, 3 * DAY), y: paceScale(s.end.concat(s.gap)) },
      cursor: { drag: { x: true, y: false } }, axes: [axis(), paceAxis(d.unit)],
      series: [{ label: "day", value: dayValue },
        { label: "end pace", stroke: C.accent, width: 2, points: { size: 6 }, value: (u, v) => pace(v) },
        { label: "end GAP", stroke: C.target, width: 2, dash: [6, 4], points: { size: 5 }, value: (u, v) => pace(v) }] },
    [s.t, s.end, s.gap]);
    opener(u, s.id);
  }

  function historyScore(el, d) {
    const s = d.sessions;
    const bars = uPlot.paths.bars({ size: [0.6, 24] });
    const u = make(el, { height: 200, tzDate: utc,
      scales: { x: padded(s.t, 2 * DAY), y: { auto: false, range: [0, 100] }, lv: { auto: false, range: [0, Math.max(1, ...s.segments.map((x) => x || 0))] } },
      axes: [axis(), axis("score", (u, v) => v), { ...axis("levels cleared", (u, v) => v), side: 1, scale: "lv", grid: { show: false } }],
      series: [{ label: "day", value: dayValue },
        { label: "score", stroke: C.cleared, fill: "rgba(0, 114, 178, 0.55)", paths: bars, points: { show: false }, value: (u, v) => (v == null ? "–" : Math.round(v)) },
        { label: "levels cleared", scale: "lv", stroke: C.text, width: 0, points: { show: true, size: 7, fill: C.text }, value: (u, v) => (v == null ? "–" : v) }] },
    [s.t, s.score, s.cleared]);
    opener(u, s.id);
  }

  function historyVolume(el, d) {
    const w = d.weeks;
    const bars = uPlot.paths.bars({ size: [0.7, 30] });
    const top = Math.max(1, ...w.distance) * 1.1;
    make(el, { height: 180, tzDate: utc, scales: { x: padded(w.t, 4 * DAY), y: { auto: false, range: [0, top] } },
      axes: [axis(), axis(d.unit, (u, v) => v)],
      series: [{ label: "week of", value: dayValue },
        { label: `${d.unit} run`, stroke: C.accent, fill: "rgba(11, 92, 173, 0.5)", paths: bars, points: { show: false }, value: (u, v) => (v == null ? "–" : v.toFixed(1)) },
        // counts for the legend only: drawn nowhere, on a scale of their own
        { label: "runs", scale: "n", stroke: "transparent", paths: () => null, points: { show: false }, value: (u, v) => (v == null ? "–" : v) },
        { label: "progressive", scale: "n", stroke: "transparent", paths: () => null, points: { show: false }, value: (u, v) => (v == null ? "–" : v) }] },
    [w.t, w.distance, w.runs, w.progressive]);
  }

  const draw = {
    bars, route, trend,
    pace: (el, d) => stream(el, d, "pace"),
    elevation: (el, d) => stream(el, d, "elevation"),
    hr: (el, d) => stream(el, d, "hr"),
    "history-pace": historyPace,
    "history-score": historyScore,
    "history-volume": historyVolume,
  };
  // the charts in view first; the rest one at a time when the browser is idle, so no long task holds
  // the page (`data-charts-drawn`: those in view drawn, the page interactive; `data-charts-all`: every one)
  const root = document.documentElement;
  const one = (el) => { const fn = draw[el.dataset.chart]; if (fn) fn(el, data(el)); };
  const all = [...document.querySelectorAll("[data-chart]")];
  const inView = all.filter((el) => el.getBoundingClientRect().top < window.innerHeight);
  inView.forEach(one);
  queueMicrotask(() => { root.dataset.chartsDrawn = performance.now().toFixed(1); });
  const later = all.filter((el) => !inView.includes(el));
  const idle = window.requestIdleCallback || ((f) => setTimeout(f, 1));
  function next() {
    const el = later.shift();
    if (!el) { root.dataset.chartsAll = performance.now().toFixed(1); return; }
    one(el);
    idle(next);
  }
  idle(next);
})();
