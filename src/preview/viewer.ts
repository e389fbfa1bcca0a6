/**
 * The preview page: the HTML edition, the PDF (the browser's own viewer) and the EPUB (epub.js)
 * in tabs, at phone and desktop widths. It listens for server-sent events and reloads an edition
 * when it changed, where the reader was: the HTML at the same scroll position, the EPUB at the
 * same CFI, the PDF at the page in its page box. A failed build shows its diagnostics above the
 * last good editions. No inline script, so the page's CSP can forbid all others.
 */
export const VIEWER_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline' blob:; img-src 'self' blob: data:; font-src 'self' blob: data:; frame-src 'self' blob:; object-src 'self'; connect-src 'self' blob:; base-uri 'self'; form-action 'none'";

export function viewerHtml({ title }: { title: string }): string {
  const t = title.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] ?? c);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t} · imprint preview</title>
<link rel="stylesheet" href="/_viewer/viewer.css">
<script src="/_viewer/jszip.min.js" defer></script>
<script src="/_viewer/epub.min.js" defer></script>
<script src="/_viewer/viewer.js" defer></script>
</head>
<body data-state="starting">
<header>
  <div role="tablist" aria-label="Editions">
    <button role="tab" id="tab-html" aria-controls="pane-html" aria-selected="true">HTML</button>
    <button role="tab" id="tab-pdf" aria-controls="pane-pdf" aria-selected="false">PDF</button>
    <button role="tab" id="tab-epub" aria-controls="pane-epub" aria-selected="false">EPUB</button>
  </div>
  <p id="status" role="status" aria-live="polite">Building…</p>
</header>
<section id="problems" hidden aria-labelledby="problems-title">
  <h2 id="problems-title">The last build failed; the editions below are from the last good one.</h2>
  <ul id="problem-list"></ul>
</section>
<main>
  <div role="tabpanel" id="pane-html" aria-labelledby="tab-html"><iframe id="html-frame" title="HTML edition" sandbox="allow-same-origin allow-popups"></iframe><p class="empty" id="html-empty" hidden>No HTML edition in this preview.</p></div>
  <div role="tabpanel" id="pane-pdf" aria-labelledby="tab-pdf" hidden>
    <div class="bar"><label>Page <input id="pdf-page" type="number" min="1" value="1" inputmode="numeric"></label> <a id="pdf-link" target="_blank" rel="noopener">Open the PDF</a></div>
    <iframe id="pdf-frame" title="PDF edition"></iframe><p class="empty" id="pdf-empty" hidden>No PDF edition in this preview.</p>
  </div>
  <div role="tabpanel" id="pane-epub" aria-labelledby="tab-epub" hidden>
    <div class="bar"><button id="epub-prev" type="button" aria-label="Previous">‹</button> <span id="epub-where"></span> <button id="epub-next" type="button" aria-label="Next">›</button> <a id="epub-link">Download the EPUB</a></div>
    <div id="epub-view"></div><p class="empty" id="epub-empty" hidden>No EPUB edition in this preview.</p>
  </div>
</main>
</body>
</html>
`;
}

export const VIEWER_CSS = `
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body { display: flex; flex-direction: column; font: 15px/1.4 system-ui, sans-serif; background: #eceae6; color: #1f2a36; }
header { display: flex; flex-wrap: wrap; align-items: center; gap: .25rem 1rem; padding: .4rem .6rem; background: #1f2a36; color: #f4efe6; }
[role=tablist] { display: flex; gap: .25rem; }
[role=tab] { font: inherit; padding: .35rem .9rem; border: 1px solid #f4efe6; border-radius: .3rem; background: transparent; color: inherit; cursor: pointer; min-height: 2.2rem; }
[role=tab][aria-selected=true] { background: #f4efe6; color: #1f2a36; }
#status { margin: 0; font-size: .9rem; opacity: .9; flex: 1; text-align: right; min-width: 10rem; }
#problems { background: #fff3f0; border-bottom: 3px solid #b3261e; padding: .5rem .8rem; max-height: 40vh; overflow: auto; }
#problems h2 { font-size: 1rem; margin: 0 0 .3rem; color: #b3261e; }
#problem-list { margin: 0; padding-left: 1.2rem; font: 13px/1.4 ui-monospace, monospace; white-space: pre-wrap; word-break: break-word; }
main { flex: 1; min-height: 0; display: flex; }
[role=tabpanel] { flex: 1; display: flex; flex-direction: column; min-height: 0; }
[role=tabpanel][hidden] { display: none; }
iframe { flex: 1; width: 100%; border: 0; background: #fff; }
.bar { display: flex; align-items: center; gap: .6rem; padding: .3rem .6rem; background: #dedad3; font-size: .9rem; }
.bar input { width: 4.5rem; font: inherit; }
.bar button { font: inherit; min-width: 2.2rem; min-height: 2rem; }
#epub-view { flex: 1; min-height: 0; background: #fff; overflow: hidden; }
.empty { padding: 2rem; text-align: center; }
@media (max-width: 600px) { #status { text-align: left; flex-basis: 100%; } [role=tab] { flex: 1; } [role=tablist] { flex: 1; } }
`;

// Plain ES5-style script (no build step for the page); it reads state from the event stream only.
export const VIEWER_JS = String.raw`(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var current = { html: null, pdf: null, epub: null };
  var shown = { html: null, pdf: null, epub: null };
  var active = "html";
  var rendition = null, epubBook = null;

  function select(format) {
    active = format;
    ["html", "pdf", "epub"].forEach(function (f) {
      $("tab-" + f).setAttribute("aria-selected", String(f === format));
      $("pane-" + f).hidden = f !== format;
    });
    try { history.replaceState(null, "", "#" + format); } catch (e) {}
    refresh();
  }
  ["html", "pdf", "epub"].forEach(function (f) { $("tab-" + f).addEventListener("click", function () { select(f); }); });

  function src(e) { return e.url + "?v=" + e.version.slice(0, 12); }

  function loadHtml(e) {
    var frame = $("html-frame");
    var y = 0;
    try { if (shown.html && frame.contentWindow) y = frame.contentWindow.scrollY; } catch (err) {}
    frame.onload = function () {
      try { frame.contentWindow.scrollTo(0, y); } catch (err) {}
      document.body.dataset.htmlVersion = e.version;
    };
    frame.src = src(e);
  }

  // The edition's styles (its fonts, embedded) as text: when they did not change, the new text
  // replaces the old in the page already open, so fonts are not decoded again and the reader
  // stays where they were; otherwise the frame loads the new file.
  function styles(doc) {
    return Array.prototype.map.call(doc.querySelectorAll("head style, head link[rel~=stylesheet]"), function (n) { return n.outerHTML; }).join("\n");
  }
  function swapHtml(e, doc) {
    var frame = $("html-frame");
    fetch(src(e), { cache: "no-store" }).then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.text(); }).then(function (text) {
      if (shown.html !== e.version) return;
      var next = new DOMParser().parseFromString(text, "text/html");
      if (styles(next) !== styles(doc) || next.documentElement.outerHTML.length === 0) throw new Error("styles changed");
      var y = frame.contentWindow.scrollY;
      Array.prototype.slice.call(doc.head.children).forEach(function (n) { if (!n.matches("style, link[rel~=stylesheet]")) n.remove(); });
      Array.prototype.slice.call(next.head.children).forEach(function (n) { if (!n.matches("style, link[rel~=stylesheet]")) doc.head.appendChild(doc.importNode(n, true)); });
      ["lang", "dir", "class"].forEach(function (a) { var v = next.documentElement.getAttribute(a); if (v === null) doc.documentElement.removeAttribute(a); else doc.documentElement.setAttribute(a, v); });
      doc.body.replaceWith(doc.importNode(next.body, true));
      frame.contentWindow.scrollTo(0, y);
      document.body.dataset.htmlVersion = e.version;
    }).catch(function () { if (shown.html === e.version) loadHtml(e); });
  }

  function showHtml(e) {
    var doc = null;
    try { doc = $("html-frame").contentDocument; } catch (err) {}
    var open = shown.html && doc && doc.body && doc.readyState === "complete" && typeof fetch === "function" && typeof DOMParser === "function";
    shown.html = e.version;
    if (open) swapHtml(e, doc);
    else loadHtml(e);
  }

  function showPdf(e) {
    var page = Math.max(1, parseInt($("pdf-page").value, 10) || 1);
    $("pdf-frame").src = src(e) + "#page=" + page;
    $("pdf-link").href = src(e);
    shown.pdf = e.version;
    document.body.dataset.pdfVersion = e.version;
  }
  $("pdf-page").addEventListener("change", function () { if (current.pdf) showPdf(current.pdf); });

  function where() {
    try { var loc = rendition && rendition.currentLocation(); return loc && loc.start ? loc.start.cfi : null; } catch (err) { return null; }
  }
  function showEpub(e) {
    $("epub-link").href = src(e);
    if (typeof window.ePub !== "function") { $("epub-where").textContent = "epub.js did not load"; return; }
    var cfi = where();
    if (epubBook) { try { epubBook.destroy(); } catch (err) {} }
    $("epub-view").innerHTML = "";
    epubBook = window.ePub(src(e), { openAs: "epub" });
    rendition = epubBook.renderTo($("epub-view"), { width: "100%", height: "100%", flow: "scrolled-doc", allowScriptedContent: false });
    rendition.on("relocated", function (loc) { $("epub-where").textContent = loc && loc.start ? loc.start.href : ""; });
    shown.epub = e.version;
    rendition.display(cfi || undefined).then(function () { document.body.dataset.epubVersion = e.version; });
  }
  $("epub-prev").addEventListener("click", function () { if (rendition) rendition.prev(); });
  $("epub-next").addEventListener("click", function () { if (rendition) rendition.next(); });

  // Only the visible edition is loaded; the others follow when their tab is opened.
  function refresh() {
    ["html", "pdf", "epub"].forEach(function (f) {
      $(f + "-empty").hidden = !!current[f];
    });
    var e = current[active];
    if (!e || shown[active] === e.version) return;
    if (active === "html") showHtml(e);
    else if (active === "pdf") showPdf(e);
    else showEpub(e);
  }

  function apply(d) {
    document.body.dataset.state = d.state;
    if (d.phase) document.body.dataset.phase = d.phase;
    if (d.editions) {
      current = { html: null, pdf: null, epub: null };
      d.editions.forEach(function (e) { current[e.format] = e; });
    }
    if (d.state === "building") { $("status").textContent = "Rebuilding…"; refresh(); return; }
    var problems = d.state === "failed" ? d.diagnostics : [];
    $("problems").hidden = problems.length === 0;
    var list = $("problem-list");
    list.textContent = "";
    problems.forEach(function (p) { var li = document.createElement("li"); li.textContent = p.text; list.appendChild(li); });
    var warnings = (d.diagnostics || []).filter(function (p) { return p.severity === "warning"; }).length;
    $("status").textContent = d.state === "failed" ? "Build failed at " + d.at + " (" + problems.length + " problems)" : "Built at " + d.at + " in " + d.ms + " ms" + (warnings ? ", " + warnings + " warnings" : "");
    $("status").title = (d.diagnostics || []).map(function (p) { return p.text; }).join("\n");
    refresh();
  }

  var start = (location.hash || "").slice(1);
  select(start === "pdf" || start === "epub" ? start : "html");
  var events = new EventSource("/_events");
  events.addEventListener("build", function (m) { apply(JSON.parse(m.data)); });
  events.onerror = function () { $("status").textContent = "Preview stopped (reload when it runs again)"; document.body.dataset.state = "disconnected"; };
})();
`;
