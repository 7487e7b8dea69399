/**
 * Entry of dist/picker.js, which waypost.js loads instead of running when the tour editor opened
 * this tab (`#waypost-pick=TOKEN` or `#waypost-preview=TOKEN`). The token is the editor's signed,
 * short-lived permission; its payload names the session. Nothing thrown here reaches the page.
 */
import { request } from '../api';
import { setState } from '../state';
import { guard } from '../util';
import { startPicking } from './pick';
import { startPreview } from './preview';

const SCRIPT = '/sdk/picker.js';

function run(script: HTMLScriptElement | null): void {
  const hash = /^#waypost-(pick|preview)=([\w-]+\.([\w-]+)\.[\w-]+)/.exec(location.hash);
  const src = new URL(script?.src || document.querySelector<HTMLScriptElement>(`script[src*="${SCRIPT}"]`)!.src);
  const key = src.searchParams.get('key');
  if (!hash || !key) return;
  const [, mode, token, payload] = hash;
  const { sid } = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/')));
  // The token leaves the address bar (and the host's analytics); a reload shows the page as usual.
  history.replaceState(history.state, '', location.pathname + location.search);
  setState({ config_: { key_: key, server_: src.href.slice(0, src.href.indexOf(SCRIPT)), targetTimeout_: 5000 } });
  const path = `picker/${encodeURIComponent(sid)}`;
  const query = `?token=${encodeURIComponent(token)}`;
  if (mode === 'preview') {
    guard(startPreview)(() => request(path + query));
    return;
  }
  startPicking(async (picked) => {
    const r = await request(`${path}/selection${query}`, picked).catch(() => null);
    return r?.status === 204 ? null : r?.data?.error?.message || 'The selection could not be sent; try again.';
  });
}

guard(run)(document.currentScript as HTMLScriptElement | null);
