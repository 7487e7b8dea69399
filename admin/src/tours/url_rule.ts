/**
 * Page rules as the server matches them (server/services/url_rules.py): a glob must match the
 * whole path with Python's fnmatch (`*` anything, `/` included; `?` one character; `[a-z]`,
 * `[!a]` sets), a regex may match anywhere in the path (JavaScript RegExp, as the SDK runs it).
 */
import type { UrlRule } from '../types';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

export function globToRegExp(glob: string): RegExp {
  let source = '';
  let i = 0;
  while (i < glob.length) {
    const char = glob[i++];
    if (char === '*') {
      source += '[\\s\\S]*';
      while (glob[i] === '*') i++;
    } else if (char === '?') {
      source += '[\\s\\S]';
    } else if (char === '[') {
      let j = i;
      if (glob[j] === '!') j++;
      if (glob[j] === ']') j++;
      while (j < glob.length && glob[j] !== ']') j++;
      if (j >= glob.length) {
        source += '\\[';
        continue;
      }
      let set = glob.slice(i, j).replace(/\\/g, '\\\\').replace(/]/g, '\\]');
      i = j + 1;
      if (set === '') source += '(?!)';
      else if (set === '!') source += '[\\s\\S]';
      else {
        if (set[0] === '!') set = `^${set.slice(1)}`;
        else if (set[0] === '^' || set[0] === '[') set = `\\${set}`;
        source += `[${set}]`;
      }
    } else {
      source += escapeRegExp(char);
    }
  }
  return new RegExp(`^(?:${source})$`);
}

/** The path of what a person types: a full URL or a path, with query and fragment dropped. */
export function pathOf(url: string): string {
  try {
    return new URL(url.trim() || '/', 'http://host.invalid').pathname || '/';
  } catch {
    return url;
  }
}

/** true/false, or the reason the rule can't be tested (a regex that doesn't compile). */
export function ruleMatches(rule: UrlRule | null, url: string): boolean | string {
  if (!rule) return true;
  const path = pathOf(url);
  if (rule.url !== undefined) return globToRegExp(rule.url).test(path);
  try {
    return new RegExp(rule.regex || '').test(path);
  } catch (err) {
    return `Not a valid regex: ${(err as Error).message}`;
  }
}
