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

/**
 * Where "Next" may take the user for a step on another page: a plain path (not a pattern) that resolves to this
 * origin. Browsers read `/\x` as `//x` and drop tabs, so only the resolved URL can say where it goes.
 */
export function navigable(glob: string): string | undefined {
  try {
    const to = new URL(glob, location.href);
    to.search ||= location.search; // the host's own query (its user, its locale) goes along
    if (/^\/[^*?[]*$/.test(glob) && to.origin === location.origin) return to.href;
  } catch {
    // not a URL: nowhere to go
  }
}
