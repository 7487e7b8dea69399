/**
 * The parts of the SDK that only some pages need, loaded on first use as ES module chunks beside the core (from
 * the Waypost server, so a host's `script-src` for it covers them): tours once a page has one to show, banners
 * likewise, the help widget once the host enables its launcher or opens it. Until then nothing of theirs is on screen, so calls that
 * only act on what is shown (closing, ending) need not load them.
 */
type Tours = typeof import('./tour');
type Help = typeof import('./help');
type Banners = typeof import('./banner');

let tours: Tours | undefined;
let help: Help | undefined;
let toursLoading: Promise<Tours> | undefined;
let helpLoading: Promise<Help> | undefined;
let banners: Banners | undefined;
let bannersLoading: Promise<Banners> | undefined;

export const loadTours = (): Promise<Tours> => (toursLoading ||= import('./tour').then((m) => (tours = m)));
export const loadHelp = (): Promise<Help> => (helpLoading ||= import('./help').then((m) => (help = m)));
export const loadBanners = (): Promise<Banners> => (bannersLoading ||= import('./banner').then((m) => (banners = m)));

/** The modules already loaded (undefined: not yet, so nothing of theirs is shown). */
export const loaded = { tours_: () => tours, help_: () => help, banners_: () => banners };

/**
 * Runs `fn` on the tours module if it is loaded (now) or loading (once it is, so after what was asked of it before:
 * a start() then a stop() ends the tour it started); not at all if it was never asked for.
 */
export const withTours = (fn: (m: Tours) => unknown): unknown => (tours ? fn(tours) : toursLoading?.then(fn));
