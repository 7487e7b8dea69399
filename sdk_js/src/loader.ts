/**
 * The snippet hand-over: the page's stand-in `window.Waypost` queued its calls in `.q`;
 * we put the real function in its place and replay those calls in order.
 */
type Dispatch = (command: string, ...args: unknown[]) => unknown;

interface Stub {
  (...args: unknown[]): unknown;
  q?: ArrayLike<unknown>[];
  loaded?: boolean;
}

export function install(win: { Waypost?: Stub }, dispatch: Dispatch): void {
  const stub = win.Waypost;
  if (stub?.loaded) return; // the script was included twice: the first copy stays
  const queue = stub && Array.isArray(stub.q) ? stub.q : [];
  const real: Stub = (...args: unknown[]) => dispatch(...(args as [string, ...unknown[]]));
  real.loaded = true;
  // Replaced first so that calls made while replaying (e.g. from an `on` listener) run directly.
  win.Waypost = real;
  for (const args of queue.splice(0)) {
    try {
      dispatch(...(Array.from(args) as [string, ...unknown[]]));
    } catch {
      /* dispatch is guarded; this is belt and braces */
    }
  }
}
