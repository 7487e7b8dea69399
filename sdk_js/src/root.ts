/**
 * The one element the SDK adds to the page: a host with an open shadow root, styled by a
 * constructable stylesheet (no inline <style>, so a strict CSP without 'unsafe-inline' is fine).
 * Tours and the help widget share it and its one stylesheet. Theme through --waypost-* custom
 * properties, which are the only host styles that get in.
 */

import { h } from './dom';

// Default theme: text 15.3:1, muted 6.9:1, accent on white 6.6:1 (WCAG AA).
// Stacking inside the root: launcher < tour overlay < help panel < tour step.
// The panel opens above the launcher, or in the corner when there is none (.l~.h).
// Classes: o overlay, s step (m modal), a arrow, b sanitized body, f button row, p/u small muted
// text / link-like button, n primary, x close; l launcher, h help panel, z in the inline-start corner,
// t article list, k article link, q note under it.
export const CSS = `:host{all:initial!important;position:fixed!important;top:0!important;left:0!important;z-index:var(--waypost-z,2147483000)!important;--a:var(--waypost-accent,#0b57d0);--g:var(--waypost-bg,#fff);--m:var(--waypost-muted,#545d68);--w:min(var(--waypost-width,340px),calc(100vw - 16px))}
*{box-sizing:border-box}
.o{position:fixed;inset:0;width:100%;height:100%;pointer-events:none;z-index:1}
path{pointer-events:auto;fill:var(--waypost-overlay,#0f141e80);fill-rule:evenodd}
.s,.h,.l{position:fixed;font:14px/1.5 var(--waypost-font,system-ui,sans-serif);box-shadow:0 8px 28px #0005}
.s,.h{padding:16px;background:var(--g);color:var(--waypost-fg,#1f2328);border-radius:var(--waypost-radius,8px)}
.s{width:max-content;max-width:var(--w);z-index:3}
@media (max-width:479px){.s{width:auto;max-width:none;max-height:calc(50vh - 16px);overflow:auto}.a{display:none}}
.m{top:50%;left:50%;transform:translate(-50%,-50%);width:var(--w);max-height:calc(100vh - 16px);overflow:auto}
.h{bottom:16px;inset-inline-end:16px;width:var(--w);max-height:calc(100vh - 96px);overflow:auto;z-index:2}
.l{bottom:16px;inset-inline-end:16px;width:48px;height:48px;border-radius:50%;font-size:22px}
.l~.h{bottom:80px}
.z{inset-inline:16px auto}
.s:focus{outline:0}
:focus-visible{outline:2px solid var(--a);outline-offset:2px}
h2{margin:0 24px 8px 0;font-size:16px}
[dir=rtl] h2{margin:0 0 8px 24px}
.t{padding:0;list-style:none}
input,textarea{display:block;width:100%;margin:4px 0 8px;font:inherit}
.b{overflow-wrap:anywhere}
.b a{color:var(--a)}
.b img,.b video{max-width:100%;height:auto}
.b iframe{width:100%;height:auto;aspect-ratio:16/9}
.f{display:flex;align-items:center;gap:8px;margin-top:16px}
.p{margin-inline-end:auto}
.p,.u,.q{color:var(--m);font-size:12px}
button{font:inherit;cursor:pointer;border-radius:6px;border:1px solid var(--a);padding:5px 12px;background:var(--g);color:var(--a)}
:disabled{opacity:.45;cursor:default}
.n,.l{background:var(--a);color:var(--waypost-accent-fg,#fff)}
.u,.x,.k{border:0;padding:0;background:0 0;text-align:start}
.u{margin-top:10px;text-decoration:underline}
.k{margin-top:8px;font-weight:600}
.x{position:absolute;top:8px;inset-inline-end:10px;color:var(--m);font-size:20px;line-height:1.2}
.a{position:absolute;width:10px;height:10px;background:inherit;transform:rotate(45deg)}
@media (prefers-reduced-motion:no-preference){.s,.h{animation:i .16s}}
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
    root.append(h('style', {}, CSS));
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

/** Takes the host off the page once nothing of ours is left in it (its parts come and go independently). */
export function release(): void {
  if (shadow && ![...shadow.children].some((c) => c.tagName !== 'STYLE')) {
    host!.remove();
    host = shadow = null;
  }
}
