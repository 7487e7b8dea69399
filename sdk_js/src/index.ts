/**
 * The public API (api-contract §4): `init`, `identify`, `start`, `stop`, `optOut`, `optIn`,
 * `page`, `help`, `on`, `track`, and the `Waypost(command, ...args)` dispatcher the snippet calls.
 * A thin shell over the modules; every entry point is guarded so nothing reaches the host page.
 */
import { fetchBootstrap, fetchTour } from './api';
import { on as subscribe } from './emitter';
import { startQueue, track as record } from './events';
import { dirFor, EN, mergeStrings } from './i18n';
import { clearProgress, isDone, markDone, resumeIndex } from './progress';
import { watchRoutes } from './router';
import { getState, setState } from './state';
import { activeTour, endTour, refreshTour, startTour } from './tour';
import type { InitOptions, Step, User, WaypostEvent } from './types';
import { urlMatches } from './url';
import { setOptOut, toUser } from './user';
import { debug, guard, pagePath } from './util';

export type { InitOptions, User, WaypostEvent } from './types';

let offs: (() => void)[] = [];
let generation = 0;
/** Tours the host stopped during this page's life: not started again by themselves. */
const stopped = new Set<string>();
let markReady: () => void;
const ready = new Promise<void>((r) => (markReady = r));

const showableHere = (step?: Step) => !!step && (!step.url || urlMatches(step.url));

/** Asks the server which tours apply to this page, then resumes one or auto-starts one. */
async function evaluate(): Promise<void> {
  const mine = ++generation;
  const boot = await fetchBootstrap(pagePath()).catch(debug);
  if (mine != generation) return; // a newer evaluation (route change, identify) took over
  if (boot) {
    setState({
      boot,
      optedOut: boot.user.opted_out,
      strings: mergeStrings(boot.strings),
      dir: boot.dir,
      locale: boot.locale || getState().locale,
    });
  }
  if (refreshTour()) return;
  const tours = (boot?.tours || []).filter((t) => !stopped.has(t.id) && !isDone(t.id));
  for (const t of tours) {
    const i = resumeIndex(t);
    if (i >= 0 && showableHere(t.steps[i])) return startTour(t, i, true);
  }
  const auto = getState().optedOut ? null : tours.find((t) => t.auto && showableHere(t.steps[0]));
  if (auto) startTour(auto);
}

async function initImpl(options: InitOptions): Promise<void> {
  const { key, server, locale, targetTimeout } = options;
  if (!key || typeof server != 'string') throw new TypeError('init needs {key, server}');
  generation++;
  offs.forEach((off) => off());
  endTour();
  setState({
    config: {
      key: String(key),
      server: server.replace(/\/+$/, ''),
      locale,
      targetTimeout: targetTimeout! >= 0 ? targetTimeout! : 5000,
    },
    user: toUser(options.user),
    boot: undefined,
    optedOut: false,
    locale,
    dir: dirFor(locale),
    strings: EN,
  });
  offs = [startQueue(), watchRoutes(guard(evaluate))];
  await evaluate().finally(markReady);
}

async function identifyImpl(user: Partial<User>): Promise<void> {
  const before = getState().user?.id;
  setState({ user: toUser(user) });
  if (before != getState().user!.id) endTour();
  if (getState().config) await evaluate();
}

async function startImpl(tourId: string): Promise<void> {
  await ready;
  const tour = getState().boot?.tours.find((t) => t.id == tourId) || (await fetchTour(String(tourId), pagePath()));
  if (!tour) return debug('start: no published tour with id', tourId);
  stopped.delete(tour.id);
  markDone(tour.id, false);
  clearProgress(tour.id);
  startTour(tour);
}

function stopImpl(): void {
  const tour = activeTour();
  if (tour) stopped.add(tour.id);
  endTour();
}

function trackImpl(type: string, data?: Record<string, unknown>): void {
  // The server refuses a whole batch over one bad event: check here what it checks.
  if (!/^custom:[\w.:-]{1,56}$/.test(type)) throw new TypeError('track: type must be custom:NAME');
  record(type, data ? { data } : {});
}

export type HelpHandler = (action: 'open' | 'close') => void;
let helpHandler: HelpHandler | undefined;
/** Hook for the help widget module (not shipped yet): it registers what `help()` does. */
export const setHelpHandler = (fn: HelpHandler | undefined): void => {
  helpHandler = fn;
};

export const init: (options: InitOptions) => Promise<void> | undefined = guard(initImpl);
export const identify: (user: Partial<User>) => Promise<void> | undefined = guard(identifyImpl);
export const start: (tourId: string) => Promise<void> | undefined = guard(startImpl);
export const stop: () => void = guard(stopImpl);
export const optOut: () => Promise<void> | undefined = guard(() => (endTour(), setOptOut(true)));
export const optIn: () => Promise<void> | undefined = guard(() => setOptOut(false));
/** Re-evaluates which tours apply (route changes are detected by themselves too). */
export const page: () => Promise<void> | undefined = guard(() => (getState().config ? evaluate() : undefined));
export const help: (action: 'open' | 'close') => void = guard((action: 'open' | 'close') =>
  helpHandler ? helpHandler(action) : debug('help widget not available yet'),
);
/** Listens to tracked events of one type (or '*'); returns the unbind function. */
export const on = (type: string, fn: (event: WaypostEvent) => void): (() => void) =>
  guard(subscribe)(type, fn) || (() => {});
export const track: (type: string, data?: Record<string, unknown>) => void = guard(trackImpl);

const commands: Record<string, (...args: any[]) => unknown> = {
  init,
  identify,
  start,
  stop,
  optOut,
  optIn,
  page,
  help,
  on,
  track,
};

/** The snippet's entry point: `Waypost('start', 'tour-id')`. Unknown commands are ignored. */
export function Waypost(command: string, ...args: unknown[]): unknown {
  return Object.prototype.hasOwnProperty.call(commands, command)
    ? commands[command](...args)
    : debug('unknown command', command);
}

export default Waypost;
