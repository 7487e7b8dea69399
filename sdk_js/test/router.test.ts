import { afterEach, describe, expect, it, vi } from 'vitest';
import { watchRoutes } from '../src/router';

describe('router', () => {
  afterEach(() => history.replaceState(null, '', '/'));

  it('reports pushState, replaceState, popstate and hashchange once per new URL', () => {
    const onChange = vi.fn();
    const pushState = history.pushState;
    const stop = watchRoutes(onChange);
    expect(history.pushState).not.toBe(pushState); // no Navigation API here: wrapped
    history.pushState({}, '', '/a');
    expect(onChange).toHaveBeenCalledTimes(1);
    history.replaceState({}, '', '/a'); // same URL: nothing new
    expect(onChange).toHaveBeenCalledTimes(1);
    history.replaceState({}, '', '/a?q=1');
    expect(onChange).toHaveBeenCalledTimes(2);
    history.replaceState({}, '', '/b');
    window.dispatchEvent(new PopStateEvent('popstate'));
    expect(onChange).toHaveBeenCalledTimes(3);
    location.hash = '#x';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    expect(onChange).toHaveBeenCalledTimes(4);
    stop();
    expect(history.pushState).toBe(pushState);
    history.pushState({}, '', '/c');
    expect(onChange).toHaveBeenCalledTimes(4);
  });

  it('a throwing callback does not break the host navigation', () => {
    const stop = watchRoutes(() => {
      throw new Error('bug');
    });
    expect(() => history.pushState({}, '', '/d')).not.toThrow();
    expect(location.pathname).toBe('/d');
    stop();
  });

  it('uses the Navigation API where there is one, leaving history alone', () => {
    const nav = new EventTarget();
    vi.stubGlobal('navigation', nav);
    const pushState = history.pushState;
    const onChange = vi.fn();
    const stop = watchRoutes(onChange);
    expect(history.pushState).toBe(pushState);
    history.pushState({}, '', '/e');
    nav.dispatchEvent(new Event('currententrychange'));
    expect(onChange).toHaveBeenCalledTimes(1);
    stop();
    nav.dispatchEvent(new Event('currententrychange'));
    expect(onChange).toHaveBeenCalledTimes(1);
  });
});
