/**
 * The parts of the SDK that only some pages need, loaded on first use as ES module chunks beside the core (from
 * the Waypost server, so a host's `script-src` for it covers them): tours, banners, surveys, checklists and hotspots
 * once a page has one
 * to show, the help widget once the host enables its launcher or opens it. Until then nothing of theirs is on screen, so calls that
 * only act on what is shown (closing, ending) need not load them.
 */
type Tours = typeof import('./tour');
type Help = typeof import('./help');

let tours: Tours | undefined;
let help: Help | undefined;
let toursLoading: Promise<Tours> | undefined;
let helpLoading: Promise<Help> | undefined;

export const loadTours = (): Promise<Tours> => (toursLoading ||= import('./tour').then((m) => (tours = m)));
export const loadHelp = (): Promise<Help> => (helpLoading ||= import('./help').then((m) => (help = m)));

/** What the core does for the other experience types: start a tour or open an article (a button's action), and
 * remember one closed or answered in this browser until the server has heard. */
export interface ExperienceActions {
  start_: (tourId: string) => unknown;
  article_: (slug: string) => unknown;
  done_: (id: string) => unknown;
  isDone_: (id: string) => boolean;
}
/** A chunk of one experience type: shows what bootstrap sent of its type (and takes down what it no longer sends). */
interface ExperienceModule {
  show: (list: any[], actions: ExperienceActions) => void;
}
const experienceChunks: Record<string, () => Promise<ExperienceModule>> = {
  tour: loadTours, // the tours armed on a later trigger (the tours themselves come in `tours`)
  banner: () => import('./banner'),
  survey: () => import('./survey'),
  checklist: () => import('./checklist'),
  hotspot: () => import('./hotspot'),
};
export const EXPERIENCE_TYPES = Object.keys(experienceChunks);
const experiences: Record<string, Promise<ExperienceModule>> = {};
export const loadExperience = (type: string): Promise<ExperienceModule> => (experiences[type] ||= experienceChunks[type]());
export const experienceLoaded = (type: string): boolean => !!experiences[type];

/** The modules already loaded (undefined: not yet, so nothing of theirs is shown). */
export const loaded = { tours_: () => tours, help_: () => help };

/**
 * Runs `fn` on the tours module if it is loaded (now) or loading (once it is, so after what was asked of it before:
 * a start() then a stop() ends the tour it started); not at all if it was never asked for.
 */
export const withTours = (fn: (m: Tours) => unknown): unknown => (tours ? fn(tours) : toursLoading?.then(fn));
