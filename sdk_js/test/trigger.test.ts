/** Tours armed on a later trigger (an event, an element, a click, a delay), and the promise start() returns. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { action, bootstrapBody, fakeServer, freshSdk, settle, shownStep, tour, type FakeServer } from './helpers';

const INIT = { key: 'pk_test', server: 'https://guide.test/', user: { id: 'u1' }, help: false };
const armed = (trigger: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ id: 'intro', type: 'tour', version: 3, trigger, ...extra });
const title = () => shownStep()?.querySelector('h2')?.textContent ?? null;

describe('tour triggers', () => {
  let sdk: Awaited<ReturnType<typeof freshSdk>>;
  let server: FakeServer;
  const boot = (...experiences: unknown[]) =>
    (server.bootstrap = { status: 200, body: bootstrapBody([tour({ auto: false })], { experiences }) });
  beforeEach(async () => {
    sdk = await freshSdk();
    server = fakeServer();
  });

  it('an event trigger starts the tour when the host tracks that event, not another one', async () => {
    boot(armed({ on: 'event', event: 'custom:exported' }));
    await sdk.init(INIT);
    await settle(10);
    expect(shownStep()).toBeNull();
    sdk.track('custom:other');
    await settle();
    expect(shownStep()).toBeNull();
    sdk.track('custom:exported');
    await vi.waitFor(() => expect(title()).toBe('Welcome'));
  });

  it('a click trigger starts it when a matching element (or one inside it) is clicked', async () => {
    document.body.innerHTML = '<button id="other">Other</button><div class="reports"><span id="inner">Reports</span></div>';
    boot(armed({ on: 'click', selector: '.reports' }));
    await sdk.init(INIT);
    await settle(10);
    document.getElementById('other')!.click();
    await settle();
    expect(shownStep()).toBeNull();
    document.getElementById('inner')!.click();
    await vi.waitFor(() => expect(title()).toBe('Welcome'));
  });

  it('an element trigger starts it once the element is visible', async () => {
    boot(armed({ on: 'element', selector: '#chart' }));
    await sdk.init(INIT);
    await settle(10);
    expect(shownStep()).toBeNull();
    document.body.insertAdjacentHTML('beforeend', '<div id="chart">chart</div>');
    await vi.waitFor(() => expect(title()).toBe('Welcome'));
  });

  it('a delay trigger starts it after its seconds, and a new page disarms the old one', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      boot(armed({ on: 'delay', seconds: 30 }));
      await sdk.init(INIT);
      await vi.advanceTimersByTimeAsync(29_000);
      expect(shownStep()).toBeNull();
      boot(); // the next page arms nothing
      await sdk.page();
      await vi.advanceTimersByTimeAsync(5_000);
      expect(shownStep()).toBeNull();
      boot(armed({ on: 'delay', seconds: 2 }));
      await sdk.page();
      await vi.advanceTimersByTimeAsync(2_100);
      expect(title()).toBe('Welcome');
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not interrupt a tour on screen', async () => {
    server.bootstrap = {
      status: 200,
      body: bootstrapBody([tour({ id: 'first', auto: true }), tour({ auto: false, name: 'Second' })], {
        experiences: [armed({ on: 'event', event: 'custom:go' })],
      }),
    };
    await sdk.init(INIT);
    await vi.waitFor(() => expect(shownStep()).not.toBeNull());
    sdk.track('custom:go');
    await settle();
    const { activeTour } = await import('../src/tour');
    expect(activeTour()!.id).toBe('first');
  });

  it('a trigger on a tour_completed chains the next tour once the first is off the screen', async () => {
    server.bootstrap = {
      status: 200,
      body: bootstrapBody([tour({ id: 'first', auto: true, steps: [tour().steps[0]] }), tour({ auto: false })], {
        experiences: [armed({ on: 'event', event: 'tour_completed', tour: 'first' })],
      }),
    };
    await sdk.init(INIT);
    await vi.waitFor(() => expect(shownStep()).not.toBeNull());
    action('done').click();
    await vi.waitFor(async () => expect((await import('../src/tour')).activeTour()?.id).toBe('intro'));
  });

  it('one done in this browser is armed again only when bootstrap says it repeats', async () => {
    localStorage.clear();
    const { markDone } = await import('../src/progress');
    markDone('intro');
    boot(armed({ on: 'event', event: 'custom:go' }));
    await sdk.init(INIT);
    sdk.track('custom:go');
    await settle(10);
    expect(shownStep()).toBeNull();
    boot(armed({ on: 'event', event: 'custom:go' }, { repeat: true }));
    await sdk.page();
    sdk.track('custom:go');
    await vi.waitFor(() => expect(title()).toBe('Welcome'));
  });
});

describe('start() resolves to the outcome', () => {
  let sdk: Awaited<ReturnType<typeof freshSdk>>;
  beforeEach(async () => {
    sdk = await freshSdk();
    fakeServer({ status: 200, body: bootstrapBody([tour({ auto: false })]) });
    document.body.innerHTML = '<button id="btn">B</button>';
    await sdk.init({ ...INIT, targetTimeout: 50 });
  });

  it('completed', async () => {
    const outcome = sdk.start('intro');
    await vi.waitFor(() => expect(title()).toBe('Welcome'));
    action('next').click();
    await vi.waitFor(() => expect(title()).toBe('The button'));
    action('next').click();
    await vi.waitFor(() => expect(title()).toBe('Bye'));
    action('done').click();
    await expect(outcome).resolves.toBe('completed');
  });

  it('dismissed, by the user or by stop()', async () => {
    let outcome = sdk.start('intro');
    await vi.waitFor(() => expect(shownStep()).not.toBeNull());
    action('close').click();
    await expect(outcome).resolves.toBe('dismissed');
    outcome = sdk.start('intro');
    await vi.waitFor(() => expect(shownStep()).not.toBeNull());
    sdk.stop();
    await expect(outcome).resolves.toBe('dismissed');
  });

  it('opted_out', async () => {
    const outcome = sdk.start('intro');
    await vi.waitFor(() => expect(shownStep()).not.toBeNull());
    action('opt-out').click();
    await expect(outcome).resolves.toBe('opted_out');
  });

  it('target_missing as soon as a step finds no target (the step says so and the tour goes on)', async () => {
    document.body.innerHTML = '';
    const outcome = sdk.start('intro');
    await vi.waitFor(() => expect(title()).toBe('Welcome'));
    action('next').click();
    await expect(outcome).resolves.toBe('target_missing');
    expect(title()).toBe('The button');
  });

  it('through the snippet dispatcher too', async () => {
    const outcome = sdk.Waypost('start', 'intro') as Promise<string>;
    await vi.waitFor(() => expect(shownStep()).not.toBeNull());
    action('close').click();
    await expect(outcome).resolves.toBe('dismissed');
  });
});
