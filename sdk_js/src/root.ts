/**
 * The one element the SDK adds to the page: a host with an open shadow root, styled by a
 * constructable stylesheet (no inline <style>, so a strict CSP without 'unsafe-inline' is fine).
 * Theme through --waypost-* custom properties, which are the only host styles that get in.
 */

// Default theme: text 15.3:1, muted 6.9:1, accent on white 6.6:1 (WCAG AA).
export const CSS = `:host{all:initial!important;position:fixed!important;top:0!important;left:0!important;z-index:var(--waypost-z,2147483000)!important;--a:var(--waypost-accent,#0b57d0);--g:var(--waypost-bg,#fff);--m:var(--waypost-muted,#545d68);--w:min(var(--waypost-width,340px),calc(100vw - 16px))}
*{box-sizing:border-box}
.o{position:fixed;top:0;left:0;width:100vw;height:100vh;pointer-events:none}
path{pointer-events:auto;fill:var(--waypost-overlay,#0f141e80);fill-rule:evenodd}
.s{position:fixed;top:0;left:0;width:max-content;max-width:var(--w);padding:16px;background:var(--g);color:var(--waypost-fg,#1f2328);font:14px/1.5 var(--waypost-font,system-ui,sans-serif);border-radius:var(--waypost-radius,8px);box-shadow:0 8px 28px #0005}
.m{top:50%;left:50%;transform:translate(-50%,-50%);width:var(--w)}
.s:focus{outline:0}
:focus-visible{outline:2px solid var(--a);outline-offset:2px}
h2{margin:0 0 8px;margin-inline-end:24px;font-size:16px;line-height:1.3}
.b{overflow-wrap:anywhere}
.b a{color:var(--a)}
.b img{max-width:100%}
.f{display:flex;align-items:center;gap:8px;margin-top:16px}
.p{margin-inline-end:auto}
.p,.u{color:var(--m);font-size:12px}
button{font:inherit;margin:0;cursor:pointer;border-radius:6px;border:1px solid var(--a);padding:5px 12px;background:var(--g);color:var(--a)}
:disabled{opacity:.45;cursor:default}
.n{background:var(--a);color:var(--waypost-accent-fg,#fff)}
.u,.x{border:0;padding:0;background:0 0}
.u{display:block;margin-top:10px;text-decoration:underline}
.x{position:absolute;top:8px;inset-inline-end:10px;color:var(--m);font-size:20px;line-height:1.2}
.a{position:absolute;width:10px;height:10px;background:inherit;transform:rotate(45deg)}
@media (prefers-reduced-motion:no-preference){.s{animation:i .16s}}
@keyframes i{from{opacity:0}}`;

let host: HTMLElement | null = null;
let shadow: ShadowRoot | null = null;

function adopt(root: ShadowRoot): void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
  } catch {
    // Browsers without constructable stylesheets (and without strict CSP needs).
    const style = document.createElement('style');
    style.textContent = CSS;
    root.append(style);
  }
}

/** The shadow root everything is drawn into, created (and attached to the page) on demand. */
export function mount(): ShadowRoot {
  if (!host || !shadow || !host.isConnected) {
    host = document.createElement('waypost-root');
    shadow = host.attachShadow({ mode: 'open' });
    adopt(shadow);
    (document.body || document.documentElement).append(host);
  }
  return shadow;
}

export function unmount(): void {
  host?.remove();
  host = shadow = null;
}
