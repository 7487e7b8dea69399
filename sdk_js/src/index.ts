/**
 * The public API (described in sdk_js/README.md): `init`, `identify`, `group`, `start`, `stop`, `optOut`, `optIn`,
 * `page`, `help`, `on`, `track`, and the `Waypost(command, ...args)` dispatcher the snippet calls.
 * A thin shell over the modules; every entry point is guarded so nothing reaches the host page.
 */
import { fetchBootstrap, fetchTour } from './api';
import { h } from './dom';
import { on as subscribe } from './emitter';
import { startQueue, track as record } from './events';
import { EN, mergeStrings } from './i18n';
import { EXPERIENCE_TYPES, experienceLoaded, loadExperience, loaded, loadHelp, loadTours, withTours } from './modules';
import { clearProgress, isDone, markDone, resumeIndex } from './progress';
import { watchRoutes } from './router';
import { getState, setState } from './state';
import type { Outcome } from './tour';
import type { ArmedTour, HelpOptions, InitOptions, Tour, User, WaypostEvent } from './types';
import { urlMatches } from './url';
import { setOptOut, toUser } from './user';
import { debug, guard, listen } from './util';

export type { Outcome } from './tour';
export type { HelpOptions, InitOptions, User, WaypostEvent } from './types';

let offs: (() => void)[] = [];
let helpOptions: InitOptions['help'];
let helpReady: Promise<Help> | undefined;
let helpSettled = false;
type Help = Awaited<ReturnType<typeof loadHelp>>;
const setUpHelp = (m: Help) => (m.setupHelp(helpOptions), (helpSettled = true), m);
/** The help widget, loaded and set up with the latest init's options. */
const withHelp = (): Promise<Help> => (helpReady ||= loadHelp().then(setUpHelp));
/** Runs `fn` on the help widget now if it is set up, else once it is (after what was asked of it before, so that
 * help('open') then identify() leaves it closed); not at all if it was never asked for. */
const onHelp = (fn: (m: Help) => unknown): unknown => {
  const m = loaded.help_();
  return m && helpSettled ? fn(m) : helpReady?.then(fn);
};
let generation = 0;
/** Tours the host stopped during this page's life: not started again by themselves. */
const stopped = new Set<string>();
let markReady: () => void;
const ready = new Promise<void>((r) => (markReady = r));

/** Step `i` of `t` belongs here: its url matches, or it has none and this is one of the tour's pages. */
const showableHere = (t: Tour, i: number) => {
  const step = t.steps[i];
  return !!step && (step.url ? urlMatches(step.url_pattern) : t.on_page !== false);
};

/** Asks the server what applies to this page: the help panel's articles; tours to resume or auto-start. */
async function evaluate(): Promise<void> {
  const mine = ++generation;
  const boot = await fetchBootstrap().catch(debug);
  if (mine !== generation) return; // a newer evaluation (route change, identify) took over
  if (boot) {
    setState({
      boot_: boot,
      optedOut_: boot.user.opted_out,
      strings_: mergeStrings(boot.strings),
      dir_: boot.dir,
      locale_: boot.locale || getState().locale_,
    });
    onHelp((m) => m.refreshHelp());
    for (const type of EXPERIENCE_TYPES) {
      const list = (boot.experiences || []).filter((e) => e.type === type && (!isDone(e.id) || (e as ArmedTour).repeat));
      if (list.length || experienceLoaded(type))
        loadExperience(type)
          .then((m) => mine === generation && m.show(list, { start_: start, article_: (slug) => help('article', slug), done_: markDone, isDone_: isDone }))
          .catch(debug);
    }
  }
  const tours = (boot?.tours || []).filter((t) => !stopped.has(t.id) && (!isDone(t.id) || t.repeat));
  // The tour on screen goes on here only where its step belongs; elsewhere it waits (its progress kept). One
  // from an earlier bootstrap that this one lacks is not for this page; one start() fetched (no on_page) goes on.
  const shown = loaded.tours_();
  if (shown?.refreshTour((t, i) => showableHere(tours.find((u) => u.id === t.id) || { ...t, on_page: t.on_page && !1 }, i))) return;
  const resume = tours.find((t) => showableHere(t, resumeIndex(t)));
  const auto = !resume && !getState().optedOut_ ? tours.find((t) => t.auto && showableHere(t, 0)) : undefined;
  if (!resume && !auto) return;
  const { startTour } = await loadTours();
  if (mine !== generation) return;
  if (resume) startTour(resume, resumeIndex(resume), true);
  else startTour(auto!);
}

/** A link on the host page to an article, `<a data-waypost-article="SLUG">` (or a button), opens it in the help
 * panel. (Our own links are inside the shadow root: seen from the document, a click there is on the root.) */
function articleLink(e: Event): void {
  const link = (e.target as Element).closest?.('[data-waypost-article]');
  if (!link || link.getRootNode() !== document || (e as MouseEvent).button || (e as MouseEvent).ctrlKey || (e as MouseEvent).metaKey) return;
  // A link that goes somewhere by itself is followed while the widget is not loaded yet (it may never be, with the
  // server down): the host's link keeps working.
  if (link.hasAttribute('href') && !loaded.help_()) return void withHelp().catch(debug);
  e.preventDefault();
  help('article', link.getAttribute('data-waypost-article')!);
}

async function initImpl(options: InitOptions): Promise<void> {
  const { key, server, locale, targetTimeout } = options;
  if (!key || typeof server !== 'string') throw new TypeError('init: key, server');
  const base = server.replace(/\/+$/, '');
  // A tab the tour editor opened (#waypost-pick=… or #waypost-preview=…): picker.js takes the page over.
  if (/^#waypost-p/.test(location.hash)) return void document.head.append(h('script', { src: `${base}/sdk/picker.js?key=${key}` }));
  generation++;
  offs.forEach((off) => off());
  withTours((m) => m.endTour());
  setState({
    config_: {
      key_: String(key),
      server_: base,
      locale_: locale,
      targetTimeout_: targetTimeout! >= 0 ? targetTimeout! : 5000,
    },
    user_: toUser(options.user),
    group_: undefined,
    boot_: undefined,
    optedOut_: false,
    locale_: locale,
    dir_: 'ltr', // the English strings' until the server says which language and direction apply
    strings_: EN,
  });
  // The launcher comes without waiting for bootstrap: it works even when the server does not. Without one, the
  // widget is loaded by help('open'); a second init takes down the first one's launcher.
  helpOptions = options.help;
  helpSettled = false;
  const shown = loaded.help_();
  helpReady = shown && Promise.resolve(shown).then(setUpHelp);
  const launcher = options.help !== false && (options.help as HelpOptions | undefined)?.launcher !== false;
  const helpShown = launcher && withHelp().catch(debug);
  offs = [startQueue(), watchRoutes(guard(evaluate)), listen(document, 'click', articleLink)];
  await Promise.all([evaluate().finally(markReady), helpShown]);
}

async function identifyImpl(user: Partial<User>): Promise<void> {
  const before = getState().user_?.id;
  setState({ user_: toUser(user) });
  if (before !== getState().user_!.id) {
    setState({ group_: undefined }); // the previous user's company is not theirs
    // What is on screen belonged to the previous user (a tour, a half-written support request).
    withTours((m) => m.endTour());
    onHelp((m) => m.closeHelp());
  }
  if (getState().config_) await evaluate();
}

async function startImpl(tourId: string): Promise<Outcome | void> {
  await ready;
  const tour = getState().boot_?.tours.find((t) => t.id === tourId) || (await fetchTour(String(tourId)));
  if (!tour) return debug('no tour', tourId);
  stopped.delete(tour.id);
  markDone(tour.id, false);
  clearProgress(tour.id);
  return (await loadTours()).startTour(tour);
}

async function groupImpl(group: { id: unknown; traits?: Record<string, unknown> }): Promise<void> {
  const id = group?.id;
  if ((!id && id !== 0) || typeof id === 'object') throw TypeError('group: id');
  const traits = group.traits && typeof group.traits === 'object' ? group.traits : undefined;
  setState({ group_: { id: String(id).slice(0, 255), traits } });
  if (getState().config_) await evaluate();
}

function stopImpl(): void {
  withTours((m) => {
    const tour = m.activeTour();
    if (tour) stopped.add(tour.id);
    m.endTour();
  });
}

function trackImpl(type: string, data?: Record<string, unknown>): void {
  // The server refuses a whole batch over one bad event: check here what it checks (57 code points, no
  // control character, no half of a surrogate pair).
  if (!/^custom:[^\p{Cc}\p{Cs}]{1,57}$/u.test(type)) throw TypeError(type);
  record(type, data ? { data } : {});
}

export const init: (options: InitOptions) => Promise<void> | undefined = guard(initImpl);
export const identify: (user: Partial<User>) => Promise<void> | undefined = guard(identifyImpl);
/** Starts a tour now; resolves to how it ended: completed, dismissed (closed, or stopped), target_missing (a step's
 * target was not on the page: resolved then, while the step says so) or opted_out. Undefined: no such tour. */
export const start: (tourId: string) => Promise<Outcome | void> | undefined = guard(startImpl);
/** Puts the user in a company (`{id, traits}`), whose traits audience rules can read; tours are decided again. */
export const group: (group: { id: string | number; traits?: Record<string, unknown> }) => Promise<void> | undefined =
  guard(groupImpl);
export const stop: () => void = guard(stopImpl);
export const optOut: () => Promise<void> | undefined = guard(() => (withTours((m) => m.endTour('opted_out')), setOptOut(true)));
export const optIn: () => Promise<void> | undefined = guard(() => setOptOut(false));
/** Re-evaluates which tours apply (route changes are detected by themselves too). */
export const page: () => Promise<void> | undefined = guard(() => (getState().config_ ? evaluate() : undefined));
/** `help('open')` opens the help panel (also when the host hides the launcher), `help('article', slug)` opens it
 * at that article; `help('close')` closes it. */
export const help: (action: 'open' | 'close' | 'article', slug?: string) => Promise<void> | undefined = guard(
  async (action: 'open' | 'close' | 'article', slug?: string) =>
    action === 'close' ? void onHelp((m) => m.closeHelp()) : (await withHelp()).openHelp(action === 'article' ? String(slug) : undefined),
);
/** Listens to tracked events of one type (or '*'); returns the unbind function. */
export const on = (type: string, fn: (event: WaypostEvent) => void): (() => void) =>
  guard(subscribe)(type, fn) || (() => {});
export const track: (type: string, data?: Record<string, unknown>) => void = guard(trackImpl);

const commands: Record<string, (...args: any[]) => unknown> = {
  init,
  identify,
  group,
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
  return {}.hasOwnProperty.call(commands, command)
    ? commands[command](...args)
    : debug('unknown command', command);
}

export default Waypost;
