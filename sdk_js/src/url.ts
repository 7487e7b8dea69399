/**
 * Step URLs are path globs, as in tour files (`/app/settings`, `/projects/*`). The server sends each with
 * `url_pattern`, the regular expression it matches them with itself, so the snippet has no matcher of its own.
 */

/** True when this page's path matches the step's url, as the server would match it. */
export function urlMatches(pattern: string | undefined): boolean {
  try {
    return typeof pattern === 'string' && new RegExp(pattern).test(location.pathname);
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
