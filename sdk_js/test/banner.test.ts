/** Banners in happy-dom against a fake backend: placed by position and style, their button and close, their events,
 * and taken down when bootstrap no longer sends them. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { bootstrapBody, fakeServer, freshSdk, settle, type FakeServer } from './helpers';

const INIT = { key: 'pk_test', server: 'https://guide.test/', user: { id: 'u1' }, help: false };
const banner = (overrides: Record<string, unknown> = {}) => ({
  id: 'maintenance',
  type: 'banner',
  version: 2,
  name: 'Maintenance',
  locale: 'en',
  dir: 'ltr',
  html: '<p>Down on <strong>Sunday</strong></p>',
  position: 'top',
  style: 'inline',
  button: { label: 'Details', url: 'https://status.test/' },
  dismissible: true,
  ...overrides,
});
const hosts = () => Array.from(document.querySelectorAll('waypost-banners')) as HTMLElement[];
const shown = (id = 'maintenance') => {
  for (const host of hosts()) {
    const el = host.shadowRoot!.querySelector(`[data-waypost-banner="${id}"]`);
    if (el) return el as HTMLElement;
  }
  return null;
};

async function flushEvents() {
  const { flush } = await import('../src/events');
  await flush();
}

describe('banners', () => {
  let sdk: Awaited<ReturnType<typeof freshSdk>>;
  let server: FakeServer;
  beforeEach(async () => {
    sdk = await freshSdk();
    document.body.innerHTML = '<main id="app">Host</main>';
    server = fakeServer({ status: 200, body: bootstrapBody([], { experiences: [banner()] }) });
  });

  it('puts an inline top banner first in the body, as a region with its text, button and a named close', async () => {
    await sdk.init(INIT);
    await vi.waitFor(() => expect(shown()).not.toBeNull()); // the chunk is compiled on first import
    const el = shown()!;
    expect(document.body.firstElementChild).toBe(hosts()[0]);
    expect(hosts()[0].getAttribute('data-style')).toBe('inline');
    expect(el.tagName).toBe('SECTION');
    expect(el.getAttribute('aria-label')).toBe('Maintenance');
    expect(el.querySelector('strong')!.textContent).toBe('Sunday');
    expect(el.querySelector('a')!.getAttribute('href')).toBe('https://status.test/');
    expect(el.querySelector('[data-waypost-action="banner-close"]')!.getAttribute('aria-label')).toBe('Close');
    await flushEvents();
    expect(server.eventsPosted().map((e) => [e.type, e.tour_id, e.tour_version])).toEqual([['experience_shown', 'maintenance', 2]]);
  });

  it('puts bottom banners last, overlay ones in their own place, in the banner language direction', async () => {
    server.bootstrap = {
      status: 200,
      body: bootstrapBody([], { experiences: [banner({ position: 'bottom', dir: 'rtl', locale: 'ar' }), banner({ id: 'sale', style: 'overlay' })] }),
    };
    await sdk.init(INIT);
    await settle(10);
    expect(document.body.lastElementChild!.getAttribute('data-position')).toBe('bottom');
    expect(shown()!.getAttribute('dir')).toBe('rtl');
    expect(shown()!.getAttribute('lang')).toBe('ar');
    expect((shown('sale')!.getRootNode() as ShadowRoot).host.getAttribute('data-style')).toBe('overlay');
  });

  it('closes for good: banner_dismissed is sent, the host element goes, and the next page does not show it', async () => {
    await sdk.init(INIT);
    await settle(10);
    (shown()!.querySelector('[data-waypost-action="banner-close"]') as HTMLElement).click();
    expect(shown()).toBeNull();
    expect(hosts()).toEqual([]);
    await sdk.page();
    await settle(10);
    expect(shown()).toBeNull(); // the server has not heard yet: this browser remembers
    await flushEvents();
    expect(server.eventsPosted().map((e) => e.type)).toEqual(['experience_shown', 'banner_dismissed']);
  });

  it('a button starts a tour or opens an article, and says it was clicked', async () => {
    server.bootstrap = { status: 200, body: bootstrapBody([], { experiences: [banner({ button: { label: 'Show me', tour: 'intro' } })] }) };
    server.routes['/tours/intro'] = { status: 404, body: { error: { code: 'not_found' } } };
    await sdk.init(INIT);
    await settle(10);
    (shown()!.querySelector('[data-waypost-action="banner"]') as HTMLElement).click();
    await settle(10);
    expect(server.calls.some((c) => c.url.includes('/tours/intro'))).toBe(true);
    await flushEvents();
    expect(server.eventsPosted().map((e) => e.type)).toContain('banner_clicked');
  });

  it('goes when bootstrap stops sending it, stays when the server is down, and without one loads nothing', async () => {
    await sdk.init(INIT);
    await settle(10);
    server.bootstrap = new Error('down');
    await sdk.page();
    await settle(10);
    expect(shown()).not.toBeNull();
    server.bootstrap = { status: 200, body: bootstrapBody([], { experiences: [] }) };
    await sdk.page();
    await settle(10);
    expect(shown()).toBeNull();
    expect(hosts()).toEqual([]);
  });

  it('a malformed banner is left out; the others show', async () => {
    server.bootstrap = { status: 200, body: bootstrapBody([], { experiences: [banner({ id: 'bad', html: null }), banner(), { id: 'x', type: 'hologram' }] }) };
    await sdk.init(INIT);
    await vi.waitFor(() => expect(shown()).not.toBeNull());
    expect(shown('bad')).toBeNull();
  });

  it('a banner without close or button has neither', async () => {
    server.bootstrap = { status: 200, body: bootstrapBody([], { experiences: [banner({ dismissible: false, button: null })] }) };
    await sdk.init(INIT);
    await settle(10);
    expect(shown()!.querySelector('button, a')).toBeNull();
  });
});
