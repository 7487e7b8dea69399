/** Hotspots in happy-dom against a fake backend: beacons named by their tips, a tip opened and closed by keyboard,
 * a hotspot that starts a tour, and the ones already opened left out. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { bootstrapBody, fakeServer, freshSdk, settle, type FakeServer } from './helpers';

const INIT = { key: 'pk_test', server: 'https://guide.test/', user: { id: 'u1' }, help: false };
const set = (overrides: Record<string, unknown> = {}) => ({
  id: 'tips',
  type: 'hotspot',
  version: 4,
  name: 'Tips',
  locale: 'en',
  dir: 'ltr',
  hotspots: [
    { id: 'search', target: '#search', corner: 'top-end', title: 'Search', body_html: '<p>Press <b>/</b></p>' },
    { id: 'reports', target: '#reports', corner: 'bottom-start', title: 'Reports', body_html: '', tour: 'intro' },
  ],
  done: [],
  ...overrides,
});
const root = () => document.querySelector('waypost-hotspots')?.shadowRoot ?? null;
const beacons = () => Array.from(root()?.querySelectorAll('[data-waypost-hotspot]') || []) as HTMLElement[];

async function posted(server: FakeServer) {
  const { flush } = await import('../src/events');
  await flush();
  return server.eventsPosted();
}

describe('hotspots', () => {
  let sdk: Awaited<ReturnType<typeof freshSdk>>;
  let server: FakeServer;
  beforeEach(async () => {
    sdk = await freshSdk();
    document.body.innerHTML = '<input id="search"><a id="reports" href="#">Reports</a>';
    server = fakeServer({ status: 200, body: bootstrapBody([], { experiences: [set()] }) });
  });

  it('puts a named beacon on each element; a tip opens, takes focus, and Escape closes it for good', async () => {
    await sdk.init(INIT);
    await vi.waitFor(() => expect(beacons()).toHaveLength(2));
    expect(beacons().map((b) => [b.tagName, b.getAttribute('aria-label'), b.getAttribute('data-waypost-hotspot')])).toEqual([
      ['BUTTON', 'Search', 'tips/search'],
      ['BUTTON', 'Reports', 'tips/reports'],
    ]);
    beacons()[0].click();
    const tip = root()!.querySelector('[role="dialog"]') as HTMLElement;
    expect(tip.getAttribute('aria-labelledby')).toBe('wp-ht');
    expect(tip.querySelector('b')!.textContent).toBe('/');
    expect(root()!.activeElement).toBe(tip);
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    expect(root()!.querySelector('[role="dialog"]')).toBeNull();
    expect(beacons().map((b) => b.getAttribute('aria-label'))).toEqual(['Reports']);
    expect(root()!.activeElement).toBe(beacons()[0]);
    const events = await posted(server);
    expect(events.map((e) => [e.type, e.step_id])).toEqual([
      ['experience_shown', undefined],
      ['hotspot_opened', 'search'],
    ]);
  });

  it('a hotspot with a tour starts it; opened ones are not shown again', async () => {
    server.routes['/tours/intro'] = { status: 404, body: { error: { code: 'not_found' } } };
    await sdk.init(INIT);
    await vi.waitFor(() => expect(beacons()).toHaveLength(2));
    beacons()[1].click();
    await settle();
    expect(server.calls.some((c) => c.url.includes('/tours/intro'))).toBe(true);
    expect(beacons()).toHaveLength(1);
    await sdk.page();
    await settle(10);
    expect(beacons().map((b) => b.getAttribute('aria-label'))).toEqual(['Search']);
  });

  it('the ones the server says were opened (another device) are left out', async () => {
    server.bootstrap = { status: 200, body: bootstrapBody([], { experiences: [set({ done: ['search'] })] }) };
    await sdk.init(INIT);
    await vi.waitFor(() => expect(beacons()).toHaveLength(1));
    expect(beacons()[0].getAttribute('aria-label')).toBe('Reports');
  });
});
