import { describe, expect, it, vi } from 'vitest';
import { install } from '../src/loader';

describe('loader queue', () => {
  it('replays queued calls in order, then forwards new calls directly', () => {
    const seen: unknown[][] = [];
    const dispatch = vi.fn((...args: unknown[]) => {
      seen.push(args);
      return 'r';
    });
    const win: any = {};
    // The snippet from the contract, verbatim.
    win.Waypost = function () {
      // eslint-disable-next-line prefer-rest-params
      (win.Waypost.q = win.Waypost.q || []).push(arguments);
    };
    win.Waypost('init', { key: 'pk' });
    win.Waypost('on', 'tour_started', 1);
    win.Waypost('start', 'intro');
    const stub = win.Waypost;

    install(win, dispatch);

    expect(seen).toEqual([['init', { key: 'pk' }], ['on', 'tour_started', 1], ['start', 'intro']]);
    expect(win.Waypost).not.toBe(stub);
    expect(stub.q).toEqual([]);
    expect(win.Waypost('page')).toBe('r');
    expect(seen[3]).toEqual(['page']);
  });

  it('works without a queue and keeps the first copy when loaded twice', () => {
    const first = vi.fn();
    const second = vi.fn();
    const win: any = {};
    install(win, first);
    const real = win.Waypost;
    install(win, second);
    expect(win.Waypost).toBe(real);
    win.Waypost('stop');
    expect(first).toHaveBeenCalledWith('stop');
    expect(second).not.toHaveBeenCalled();
  });

  it('a queued call that throws does not stop the replay', () => {
    const win: any = { Waypost: Object.assign(() => {}, { q: [['bad'], ['good']] }) };
    const seen: string[] = [];
    install(win, (c: string) => {
      seen.push(c);
      if (c === 'bad') throw new Error('boom');
    });
    expect(seen).toEqual(['bad', 'good']);
  });

  it('calls made while replaying (e.g. from a listener) run directly, after the queue', () => {
    const win: any = { Waypost: Object.assign(() => {}, { q: [['a'], ['b']] }) };
    const seen: string[] = [];
    install(win, (c: string) => {
      seen.push(c);
      if (c === 'a') win.Waypost('nested');
    });
    expect(seen).toEqual(['a', 'nested', 'b']);
  });
});
