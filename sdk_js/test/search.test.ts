/** Search as you type: debouncing, cancelling stale requests, failures. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SEARCH_DELAY, searcher } from '../src/help/search';

/** A fake search endpoint: each call waits until the test answers it. */
function fakeRun() {
  const calls: { q: string; signal: AbortSignal; answer: (r: string | null) => void; fail: () => void }[] = [];
  const run = vi.fn(
    (q: string, signal: AbortSignal) =>
      new Promise<string | null>((resolve, reject) => calls.push({ q, signal, answer: resolve, fail: () => reject(new TypeError('Failed to fetch')) })),
  );
  return { run, calls };
}

describe('searcher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('waits for a pause in typing, then searches once for the last query', async () => {
    const { run, calls } = fakeRun();
    const show = vi.fn();
    const search = searcher(run, show);
    for (const q of ['p', 'pa', 'pas', 'pass']) {
      search(q);
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(run).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(SEARCH_DELAY - 100);
    expect(run).toHaveBeenCalledTimes(1);
    expect(calls[0].q).toBe('pass');
    calls[0].answer('results for pass');
    await vi.advanceTimersByTimeAsync(0);
    expect(show).toHaveBeenCalledWith('pass', 'results for pass');
  });

  it('aborts the request of an older query and never shows its late answer', async () => {
    const { run, calls } = fakeRun();
    const show = vi.fn();
    const search = searcher(run, show);
    search('pass');
    await vi.advanceTimersByTimeAsync(SEARCH_DELAY);
    expect(calls).toHaveLength(1);
    search('password');
    expect(calls[0].signal.aborted).toBe(true); // cancelled at the next keystroke, not when the next request leaves
    await vi.advanceTimersByTimeAsync(SEARCH_DELAY);
    calls[1].answer('new');
    calls[0].answer('old'); // the slow, stale answer arrives last
    await vi.advanceTimersByTimeAsync(0);
    expect(show.mock.calls).toEqual([['password', 'new']]);
    expect(calls[1].signal.aborted).toBe(false);
  });

  it('reports failures (a rejection or no answer) as null, and an empty query only cancels', async () => {
    const { run, calls } = fakeRun();
    const show = vi.fn();
    const search = searcher(run, show);
    search('a');
    await vi.advanceTimersByTimeAsync(SEARCH_DELAY);
    calls[0].fail();
    await vi.advanceTimersByTimeAsync(0);
    search('b');
    await vi.advanceTimersByTimeAsync(SEARCH_DELAY);
    calls[1].answer(null);
    await vi.advanceTimersByTimeAsync(0);
    expect(show.mock.calls).toEqual([['a', null], ['b', null]]);

    search('c');
    search('');
    await vi.advanceTimersByTimeAsync(SEARCH_DELAY * 4);
    expect(run).toHaveBeenCalledTimes(2);
  });
});
