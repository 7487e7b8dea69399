/**
 * Step URLs are path globs, as in tour files (`/app/settings`, `/projects/*`), matched like the
 * server matches them (fnmatch: `*` anything, `?` one character, `[...]` a set).
 */

const globToRegExp = (glob: string): RegExp =>
  new RegExp(
    `^${glob
      .replace(/[.+^${}()|\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')
      .replace(/\[!/g, '[^')}$`,
  );

/** True when this page's path matches the step's glob (a trailing slash on the page is forgiven). */
export function urlMatches(glob: string): boolean {
  try {
    const re = globToRegExp(String(glob));
    const path = location.pathname;
    return re.test(path) || re.test(path.replace(/(.)\/+$/, '$1'));
  } catch {
    return false;
  }
}

/** Where "Next" may take the user for a step on another page: a plain same-origin path, not a pattern. */
export const navigable = (glob: string): string | null => (/^\/(?!\/)[^*?[]*$/.test(glob) ? glob : null);
