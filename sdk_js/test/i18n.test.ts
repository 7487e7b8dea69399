import { describe, expect, it } from 'vitest';
import { EN, format, mergeStrings } from '../src/i18n';

describe('i18n', () => {
  it('falls back to English for missing, empty or non-string server strings', () => {
    const s = mergeStrings({ next: 'ถัดไป', back: '', done: 42, close: null, extra: 'x' });
    expect(s.next).toBe('ถัดไป');
    expect(s.back).toBe('Back');
    expect(s.done).toBe('Done');
    expect(s.close).toBe('Close');
    expect(s).not.toHaveProperty('extra');
  });

  it('survives junk instead of a strings object', () => {
    expect(mergeStrings(null)).toEqual(EN);
    expect(mergeStrings('nope')).toEqual(EN);
    expect(mergeStrings([1, 2])).toEqual(EN);
  });

  it('ships every string the contract names', () => {
    for (const k of ['back', 'next', 'done', 'close', 'opt_out', 'progress', 'help', 'search', 'no_results', 'helpful', 'yes', 'no', 'contact']) {
      expect(typeof EN[k as keyof typeof EN]).toBe('string');
    }
  });

  it('formats placeholders and leaves unknown ones alone', () => {
    expect(format(EN.progress, { current: 2, total: 5 })).toBe('2 of 5');
    expect(format('{current}/{total} {x}', { current: 1, total: 3 })).toBe('1/3 {x}');
  });
});
