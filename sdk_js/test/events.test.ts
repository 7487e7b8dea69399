import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeServer } from './helpers';

async function fresh(user = 'u1') {
  vi.resetModules();
  const state = await import('../src/state');
  const events = await import('../src/events');
  state.setState({
    config_: { key_: 'pk_test', server_: 'https://guide.test', targetTimeout_: 5000 },
    user_: { id: user, token: 'tok' },
  });
  return { ...events, ...state };
}

const cleanups: (() => void)[] = [];

const stored = () => JSON.parse(localStorage.getItem('waypost.q.pk_test') || '[]');

describe('events queue', () => {
  beforeEach(() => {
    localStorage.clear();
    vi.useFakeTimers();
  });
  afterEach(() => {
    cleanups.splice(0).forEach((f) => f());
    vi.useRealTimers();
  });

  it('keeps events in localStorage until the server acknowledges them', async () => {
    const server = fakeServer();
    const q = await fresh();
    const e = q.track('tour_started', { tour_id: 'intro', tour_version: 2 })!;
    expect(e.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(e.url).toBe(location.pathname + location.search);
    expect(new Date(e.ts).toISOString()).toBe(e.ts);
    expect(stored()).toHaveLength(1);
    expect(server.calls).toHaveLength(0);

    await vi.advanceTimersByTimeAsync(q.FLUSH_DELAY);
    expect(server.calls).toHaveLength(1);
    const call = server.calls[0];
    expect(call.method).toBe('POST');
    expect(call.url).toBe('https://guide.test/api/v1/sdk/events');
    expect(call.headers['X-Waypost-Key']).toBe('pk_test');
    expect(call.body).toEqual({ user_id: 'u1', user_token: 'tok', events: [e] });
    expect(stored()).toHaveLength(0);
  });

  it('survives a reload: a new page sends what the last one left', async () => {
    fakeServer({ status: 500 });
    let q = await fresh();
    q.track('tour_started', { tour_id: 'a' });
    expect(stored()).toHaveLength(1);
    // "reload": new module instances, same storage
    const server = fakeServer();
    q = await fresh();
    cleanups.push(q.startQueue());
    await vi.advanceTimersByTimeAsync(600);
    expect(server.eventsPosted().map((e) => e.tour_id)).toEqual(['a']);
    expect(stored()).toHaveLength(0);
  });

  it('retries with growing delays while the server fails, then succeeds with the same ids', async () => {
    const server = fakeServer();
    server.events = { status: 503 };
    const q = await fresh();
    const e = q.track('step_viewed')!;
    await vi.advanceTimersByTimeAsync(q.FLUSH_DELAY);
    expect(server.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1999); // first retry after 2 s
    expect(server.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.calls).toHaveLength(2);
    server.events = new Error('network down');
    await vi.advanceTimersByTimeAsync(4000); // then 4 s
    expect(server.calls).toHaveLength(3);
    server.events = { status: 202, body: { accepted: 1, duplicates: 0 } };
    await vi.advanceTimersByTimeAsync(8000); // then 8 s
    expect(server.calls).toHaveLength(4);
    expect(server.calls.every((c) => c.body.events[0].id === e.id)).toBe(true);
    expect(stored()).toHaveLength(0);
  });

  it('drops a batch the server rejects for good (4xx) instead of retrying forever', async () => {
    const server = fakeServer();
    server.events = { status: 400, body: { error: { code: 'bad', message: 'no' } } };
    const q = await fresh();
    q.track('step_viewed');
    await vi.advanceTimersByTimeAsync(q.FLUSH_DELAY);
    expect(stored()).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(120000);
    expect(server.calls).toHaveLength(1);
  });

  it('retries on 429', async () => {
    const server = fakeServer();
    server.events = { status: 429 };
    const q = await fresh();
    q.track('step_viewed');
    await vi.advanceTimersByTimeAsync(q.FLUSH_DELAY);
    expect(stored()).toHaveLength(1);
    server.events = { status: 202, body: {} };
    await vi.advanceTimersByTimeAsync(2000);
    expect(stored()).toHaveLength(0);
  });

  it('flushes at once when enough events pile up, at most 100 per batch', async () => {
    const server = fakeServer();
    const q = await fresh();
    for (let i = 0; i < q.FLUSH_AT - 1; i++) q.track('custom:a');
    await vi.advanceTimersByTimeAsync(10);
    expect(server.calls).toHaveLength(0);
    q.track('custom:a');
    await vi.advanceTimersByTimeAsync(10);
    expect(server.calls).toHaveLength(1);
    expect(server.calls[0].body.events).toHaveLength(q.FLUSH_AT);

    const many = Array.from({ length: 230 }, (_, i) => ({ u: 'u1', e: { id: `id-${i}`, type: 'custom:x', ts: '', url: '/' } }));
    localStorage.setItem('waypost.q.pk_test', JSON.stringify(many));
    await q.flush();
    await vi.advanceTimersByTimeAsync(10);
    const sizes = server.calls.slice(1).map((c) => c.body.events.length);
    expect(sizes).toEqual([100, 100, 30]);
    expect(stored()).toHaveLength(0);
  });

  it('sends each user their own batch', async () => {
    const server = fakeServer();
    let q = await fresh('alice');
    q.track('custom:a');
    q = await fresh('bob');
    q.track('custom:b');
    await q.flush();
    await vi.advanceTimersByTimeAsync(10);
    expect(server.calls.map((c) => [c.body.user_id, c.body.user_token, c.body.events.map((e: any) => e.type)])).toEqual([
      ['alice', undefined, ['custom:a']], // alice's token is not bob's to send
      ['bob', 'tok', ['custom:b']],
    ]);
  });

  it('beacons queued events on pagehide with the key in the query, and keeps them until acknowledged', async () => {
    fakeServer({ status: 500 });
    const beacon = vi.fn(() => true);
    vi.stubGlobal('navigator', { ...navigator, sendBeacon: beacon });
    const q = await fresh();
    cleanups.push(q.startQueue());
    const e = q.track('tour_completed', { tour_id: 'intro' })!;
    window.dispatchEvent(new Event('pagehide'));
    expect(beacon).toHaveBeenCalledTimes(1);
    const [url, blob] = beacon.mock.calls[0] as unknown as [string, Blob];
    expect(url).toBe('https://guide.test/api/v1/sdk/events?key=pk_test');
    expect(blob.type).toBe('text/plain');
    expect(JSON.parse(await blob.text())).toEqual({ user_id: 'u1', user_token: 'tok', events: [e] });
    expect(stored()).toHaveLength(1); // resent by the next page; the server dedupes by id
  });

  it('tells on() listeners about each event, and a throwing listener breaks nothing', async () => {
    fakeServer();
    const q = await fresh();
    const { on } = await import('../src/emitter');
    const seen: string[] = [];
    on('*', () => {
      throw new Error('host bug');
    });
    const off = on('custom:x', (e) => seen.push(e.type));
    q.track('custom:x');
    off();
    q.track('custom:x');
    expect(seen).toEqual(['custom:x']);
    expect(stored()).toHaveLength(2);
  });

  it('falls back to memory when localStorage throws', async () => {
    const server = fakeServer();
    const q = await fresh();
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('quota', 'QuotaExceededError');
    });
    vi.spyOn(Storage.prototype, 'getItem').mockImplementation(() => {
      throw new DOMException('denied', 'SecurityError');
    });
    expect(() => q.track('custom:x')).not.toThrow();
    expect(q.pending()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(q.FLUSH_DELAY);
    expect(server.calls).toHaveLength(1);
  });
});
