/** Screen readers during a tour: the host page is inert behind a modal step (and only then), and each step is said
 * in a live region. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { action, fakeServer, freshSdk, shadow, shownStep } from './helpers';

const INIT = { key: 'pk_test', server: 'https://guide.test/', user: { id: 'u1' }, help: false };

describe('a tour for screen readers', () => {
  let sdk: Awaited<ReturnType<typeof freshSdk>>;
  beforeEach(async () => {
    sdk = await freshSdk();
    fakeServer();
    document.body.innerHTML = '<header id="top">Top</header><main><button id="btn">B</button></main><aside id="own" inert>Host-inert</aside>';
  });

  it('makes the page inert behind a modal step, not behind a tooltip, and gives it back', async () => {
    await sdk.init(INIT);
    await vi.waitFor(() => expect(shownStep()?.dataset.waypostStep).toBe('welcome'));
    const host = document.querySelector('waypost-root')!;
    expect(host.hasAttribute('inert')).toBe(false);
    expect(document.getElementById('top')!.hasAttribute('inert')).toBe(true);
    expect(document.querySelector('main')!.hasAttribute('inert')).toBe(true);
    action('next').click(); // step 2 points at #btn: the page stays usable
    await vi.waitFor(() => expect(shownStep()?.dataset.waypostStep).toBe('button'));
    expect(document.querySelector('main')!.hasAttribute('inert')).toBe(false);
    action('next').click();
    await vi.waitFor(() => expect(shownStep()?.dataset.waypostStep).toBe('bye'));
    expect(document.querySelector('main')!.hasAttribute('inert')).toBe(true);
    action('done').click();
    await vi.waitFor(() => expect(shownStep()).toBeNull());
    expect(document.getElementById('top')!.hasAttribute('inert')).toBe(false);
    expect(document.getElementById('own')!.hasAttribute('inert')).toBe(true); // the host's own stays
  });

  it('says each step in one live region, gone with the tour', async () => {
    await sdk.init(INIT);
    await vi.waitFor(() => expect(shownStep()).not.toBeNull());
    const live = () => shadow()?.querySelector('[role="status"].v');
    expect(live()!.textContent).toBe('1 of 3: Welcome');
    const region = live();
    action('next').click();
    await vi.waitFor(() => expect(live()!.textContent).toBe('2 of 3: The button'));
    expect(live()).toBe(region);
    action('close').click();
    await vi.waitFor(() => expect(shownStep()).toBeNull());
    expect(document.querySelector('waypost-root')).toBeNull();
  });
});
