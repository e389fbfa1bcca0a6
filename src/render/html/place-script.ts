/**
 * The HTML edition's one script: it keeps a reader's place. As the page scrolls, the URL's
 * fragment follows the section or heading in view (history.replaceState: no history entries, no
 * jump), so a reload or a shared link opens where the reader was. It reads nothing, sends
 * nothing, and the Content-Security-Policy allows exactly this script by its SHA-256 hash.
 */
import { createHash } from "node:crypto";

// Written without "<" and "&", so the page's body stays well-formed XML (the edition is polyglot).
export const PLACE_SCRIPT =
  '(function(){var t=0,h=[].slice.call(document.querySelectorAll("main section[id],main h1[id],main h2[id],main h3[id]"));' +
  'function f(){t=0;var c=null,y=innerHeight*0.25;for(var i=0;h.length>i;i++){if(y>=h[i].getBoundingClientRect().top)c=h[i];else break}' +
  'var w=c?"#"+c.id:"";if(w!==location.hash)if(w||location.hash)history.replaceState(history.state,"",w||location.pathname+location.search)}' +
  'addEventListener("scroll",function(){if(!t)t=requestAnimationFrame(f)},{passive:true})})();';

/** The CSP source that allows PLACE_SCRIPT and nothing else: `'sha256-…'`. */
export const PLACE_SCRIPT_CSP = `'sha256-${createHash("sha256").update(PLACE_SCRIPT, "utf8").digest("base64")}'`;

/** What web.liquid outputs where the script goes (`{{ placeScript | raw }}`); replaced after rendering. */
export const PLACE_SCRIPT_MARKER = "<!--imprint:place-script-->";
