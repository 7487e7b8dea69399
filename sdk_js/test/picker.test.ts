/** Picker and preview modes in happy-dom: how waypost.js hands over, picking, previewing, Escape. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeServer, freshSdk, settle, shadow, shownStep, tour } from './helpers';

const bar = () => shadow()?.querySelector<HTMLElement>('[data-waypost-picker]') || null;
const barButton = (name: string) =>
  [...bar()!.querySelectorAll('button')].find((b) => b.textContent === name) as HTMLButtonElement;
const box = () => shadow()!.querySelector<HTMLElement>('.r')!;

async function modules() {
  vi.resetModules();
  localStorage.clear();
  document.body.innerHTML = '';
  document.querySelector('waypost-root')?.remove();
  const [{ startPicking }, { startPreview }] = await Promise.all([import('../src/picker/pick'), import('../src/picker/preview')]);
  const { setState } = await import('../src/state');
  setState({ config_: { key_: 'pk_test', server_: 'https://guide.test', targetTimeout_: 50 } });
  return { startPicking, startPreview };
}

afterEach(() => history.replaceState(null, '', '/'));

describe('waypost.js in a tab the editor opened', () => {
  it('loads picker.js from the server instead of running tours', async () => {
    const server = fakeServer();
    const sdk = await freshSdk();
    history.replaceState(null, '', '/app#waypost-pick=a.b.c');
    const append = vi.spyOn(document.head, 'append').mockImplementation(() => {}); // happy-dom loads no scripts
    await sdk.init({ key: 'pk_test', server: 'https://guide.test/', user: { id: 'u1' } });
    const script = append.mock.calls[0][0] as HTMLScriptElement;
    expect(script.getAttribute('src')).toBe('https://guide.test/sdk/picker.js?key=pk_test');
    expect(server.calls).toEqual([]);
    expect(document.querySelector('waypost-root')).toBeNull(); // no launcher, no tour
  });
});

describe('picker mode', () => {
  let startPicking: Awaited<ReturnType<typeof modules>>['startPicking'];
  beforeEach(async () => {
    ({ startPicking } = await modules());
    document.body.innerHTML = '<main id="app"><ul><li>One</li><li><button class="b">Two <svg><path d="M0 0"/></svg></button></li></ul></main>';
  });

  it('outlines the hovered element and picks a click without the host page seeing it', async () => {
    const hostClicks = vi.fn();
    document.addEventListener('click', hostClicks);
    document.addEventListener('mousedown', hostClicks);
    const send = vi.fn(async () => null);
    const stop = startPicking(send);
    expect(bar()!.textContent).toContain('Click the element');
    const path = document.querySelector('path')!;
    path.dispatchEvent(new PointerEvent('pointermove', { bubbles: true, composed: true }));
    expect(box().hidden).toBe(false);
    path.dispatchEvent(new MouseEvent('mousedown', { bubbles: true, cancelable: true }));
    const click = new MouseEvent('click', { bubbles: true, cancelable: true });
    path.dispatchEvent(click);
    expect(click.defaultPrevented).toBe(true);
    expect(hostClicks).not.toHaveBeenCalled();
    // The icon's button is what the author means.
    expect(bar()!.querySelector('code')!.textContent).toBe('#app > ul > li:nth-of-type(2) > button');
    expect(bar()!.textContent).toContain('It depends on where the element sits'); // a path by position: say so
    expect(bar()!.textContent).toContain('data-waypost-id="…"');
    expect(shadow()!.activeElement).toBe(barButton('Use this element'));
    barButton('Use this element').click();
    await settle();
    expect(send).toHaveBeenCalledWith({ selector: '#app > ul > li:nth-of-type(2) > button', tag: 'button', text: 'Two' });
    expect(bar()!.textContent).toContain('You can close this tab');
    document.querySelector('li')!.click();
    expect(hostClicks).toHaveBeenCalled(); // the page is the host's again
    stop();
    document.removeEventListener('click', hostClicks);
    document.removeEventListener('mousedown', hostClicks);
  });

  it('picks again, reports a failed send, and cancels with Escape', async () => {
    const send = vi.fn(async () => 'This picker link has expired; start again from the editor.');
    startPicking(send);
    document.querySelector('li')!.click();
    expect(bar()!.querySelector('code')!.textContent).toBe('#app > ul > li:nth-of-type(1)');
    barButton('Pick again').click();
    expect(bar()!.querySelector('code')).toBeNull();
    document.querySelector('button')!.click();
    barButton('Use this element').click();
    await settle();
    expect(bar()!.textContent).toContain('expired');
    const escape = new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true });
    document.body.dispatchEvent(escape);
    expect(escape.defaultPrevented).toBe(true);
    expect(bar()).toBeNull();
    const later = new MouseEvent('click', { bubbles: true, cancelable: true });
    document.querySelector('li')!.dispatchEvent(later);
    expect(later.defaultPrevented).toBe(false);
  });
});

describe('preview mode', () => {
  it('plays the draft with a banner, records nothing, and Escape ends it', async () => {
    const { startPreview } = await modules();
    const server = fakeServer();
    await startPreview(async () => ({ status: 200, data: { ...tour(), preview: true } }));
    await settle();
    expect(bar()!.textContent).toContain('Preview — not visible to users');
    expect(shownStep()!.getAttribute('data-waypost-step')).toBe('welcome');
    shadow()!.querySelector<HTMLButtonElement>('[data-waypost-action="next"]')!.click();
    await settle();
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(bar()).toBeNull();
    expect(shownStep()).toBeNull();
    await settle(10);
    expect(server.calls).toEqual([]);
    expect(Object.keys(localStorage)).toEqual([]);
  });

  it('says why when the preview cannot be loaded', async () => {
    const { startPreview } = await modules();
    await startPreview(async () => ({ status: 401, data: { error: { message: 'This picker link has expired.' } } }));
    expect(bar()!.textContent).toContain('This picker link has expired.');
  });
});
