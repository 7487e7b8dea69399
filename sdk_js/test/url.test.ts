import { afterEach, describe, expect, it } from 'vitest';
import { toPlacement } from '../src/position';
import { navigable, urlMatches } from '../src/url';

describe("step urls (the server's pattern for each glob)", () => {
  afterEach(() => history.replaceState(null, '', '/'));

  it('matches the whole path with the pattern the server sent, ignoring the query', () => {
    history.replaceState(null, '', '/app/settings?tab=billing');
    expect(urlMatches('^(?:\\/app\\/settings)$')).toBe(true);
    expect(urlMatches('^(?:\\/app\\/[\\s\\S]*)$')).toBe(true);
    expect(urlMatches('^(?:\\/app)$')).toBe(false);
    history.replaceState(null, '', '/app/settings/');
    expect(urlMatches('^(?:\\/app\\/settings)$')).toBe(false); // as on the server: no slash forgiven
  });

  it('never throws, and matches nothing without a usable pattern', () => {
    expect(urlMatches('^(?:[)$')).toBe(false);
    expect(urlMatches(undefined)).toBe(false);
    expect(urlMatches(42 as unknown as string)).toBe(false);
  });

  it('only navigates to plain paths that resolve to this origin', () => {
    expect(navigable('/next/page')).toBe(`${location.origin}/next/page`);
    expect(navigable('/app/*')).toBeUndefined();
    expect(navigable('/app/?')).toBeUndefined();
    expect(navigable('next/page')).toBeUndefined();
    for (const away of ['//evil.example/', '/\\evil.example/x', '/\t/evil.example', '/\n/evil.example',
      '\\/evil.example', '/\\/evil.example', ' //evil.example', 'https://evil.example/', 'javascript:alert(1)',
      '//[', '/\r\n/evil.example/x']) {
      expect(navigable(away), JSON.stringify(away)).toBeUndefined();
    }
  });
});

describe('where Next goes', () => {
  afterEach(() => history.replaceState(null, '', '/'));

  it("keeps the host page's query (its user, its locale), resolved against the current URL", () => {
    history.replaceState(null, '', '/demo/?user=u%201&locale=ar#top');
    expect(navigable('/demo/settings')).toBe(`${location.origin}/demo/settings?user=u%201&locale=ar`);
    history.replaceState(null, '', '/demo/');
    expect(navigable('/demo/settings')).toBe(`${location.origin}/demo/settings`);
  });
});

describe('placements', () => {
  it('keeps physical sides in ltr and mirrors them in rtl', () => {
    expect(toPlacement('left', false)).toBe('left');
    expect(toPlacement('left', true)).toBe('right');
    expect(toPlacement('right-start', true)).toBe('left-start');
    expect(toPlacement('bottom-end', true)).toBe('bottom-end'); // alignment mirrored by Floating UI from dir
  });

  it('treats start/end as logical sides', () => {
    expect(toPlacement('start', false)).toBe('left');
    expect(toPlacement('start', true)).toBe('right');
    expect(toPlacement('end', true)).toBe('left');
  });

  it('defaults anything else to bottom', () => {
    expect(toPlacement(undefined, false)).toBe('bottom');
    expect(toPlacement('center', false)).toBe('bottom');
    expect(toPlacement('top-middle', false)).toBe('top');
    expect(toPlacement(42 as unknown as string, false)).toBe('bottom');
  });
});
