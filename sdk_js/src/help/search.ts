/**
 * Search as you type: a query is sent once typing pauses, and each keystroke cancels the
 * request of the query before it, so an older, slower answer can never replace a newer one.
 */
export const SEARCH_DELAY = 250;
/** How long a query's results stay without a newer query before the search counts as settled. */
export const SEARCH_SETTLED = 1500;

/**
 * Returns `search(q)`: after SEARCH_DELAY ms without another call, `run(q, signal)`; its answer goes
 * to `show(q, answer)`, a failure (null or a rejection) to `show(q, null)`. An empty `q` only cancels.
 */
export function searcher<R>(
  run: (q: string, signal: AbortSignal) => Promise<R | null>,
  show: (q: string, answer: R | null) => void,
): (q: string) => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let ctrl: AbortController | undefined;
  return (q) => {
    clearTimeout(timer);
    ctrl?.abort();
    ctrl = undefined;
    if (q)
      timer = setTimeout(() => {
        const mine = (ctrl = new AbortController());
        const done = (answer: R | null) => mine === ctrl && show(q, answer);
        run(q, mine.signal).then(done, () => done(null));
      }, SEARCH_DELAY);
  };
}
