/**
 * The tour controller: which tour is active, which step shows, and moving between steps
 * (next, back, done, close, opt-out, keyboard, target clicks, missing targets, other pages).
 */
import { flush, track } from './events';
import { highlight } from './highlight';
import { clearProgress, markDone, saveProgress } from './progress';
import { attach, toPlacement } from './position';
import { mount, unmount } from './root';
import { getState } from './state';
import { waitForTarget } from './target';
import { setOptOut } from './user';
import type { Step, Tour } from './types';
import { navigable, urlMatches } from './url';
import { debug, guard, listen } from './util';
import { stepView, type Action, type StepView } from './view';

interface Active {
  tour: Tour;
  index: number;
  /** Resumed from saved progress and not shown yet: a missing target means "not here", not "skip". */
  resumed: boolean;
  /** Index of the step last reported as viewed (-1: none yet). */
  viewed: number;
  /** The step belongs on another page; shown once the page gets there. */
  waiting: boolean;
  target: Element | null;
  view: StepView | null;
  cleanup: (() => void)[];
  focusBack: Element | null;
  offKeys: () => void;
}

let active: Active | null = null;

export const activeTour = (): Tour | null => active?.tour || null;

const fields = (a: Active, step?: Step) => ({
  tour_id: a.tour.id,
  tour_version: a.tour.version,
  ...(step ? { step_id: step.id } : {}),
});

export function startTour(tour: Tour, index = 0, resumed = false): void {
  endTour();
  const a: Active = {
    tour,
    index,
    resumed,
    viewed: -1,
    waiting: false,
    target: null,
    view: null,
    cleanup: [],
    focusBack: document.activeElement,
    offKeys: () => {},
  };
  active = a;
  a.offKeys = listen(document, 'keydown', onKey);
  if (!resumed) track('tour_started', fields(a));
  go(index, 1, false);
}

function clearStep(a: Active): void {
  a.cleanup.splice(0).forEach((f) => f());
  a.view?.el.remove();
  a.view = null;
  a.target = null;
}

/** Shows step `i`; `stepBy` (+1/-1) is where to go if its target is missing; `byUser` allows navigating. */
function go(i: number, stepBy: 1 | -1, byUser: boolean): void {
  const a = active;
  if (!a) return;
  clearStep(a);
  const steps = a.tour.steps;
  // Skipping past the end completes the tour, unless no step could ever be shown.
  if (i >= steps.length) return a.viewed < 0 ? endTour() : finish('tour_completed');
  const step = steps[i];
  a.index = i;
  a.waiting = false;
  saveProgress(a.tour.id, step.id);
  if (step.url && !urlMatches(step.url)) {
    a.waiting = true;
    const href = navigable(step.url);
    // Deliver the events first (briefly), so that the next page's bootstrap knows the tour is under way.
    if (byUser && href) {
      Promise.race([flush(), new Promise((r) => setTimeout(r, 1500))])
        .finally(() => location.assign(href))
        .catch(debug);
    }
    return;
  }
  if (!step.target) return render(a, step, null);
  const selector = step.target;
  a.cleanup.push(
    waitForTarget(selector, getState().config?.targetTimeout ?? 5000, (el) => {
      if (active !== a || a.index !== i) return;
      if (el) return render(a, step, el);
      if (a.resumed) {
        // Saved progress pointed here but this page lacks the target: stay quiet, try again later.
        debug('resume: target not on this page', selector);
        return endTour();
      }
      track('step_target_missing', { ...fields(a, step), data: { selector } });
      if (stepBy < 0 && i === 0) return go(i + 1, 1, byUser);
      go(i + stepBy, stepBy, byUser);
    }),
  );
}

function render(a: Active, step: Step, target: Element | null): void {
  const root = mount();
  const view = stepView(a.tour, a.index, !target, guard(act));
  a.view = view;
  a.target = target;
  a.resumed = false;
  a.cleanup.push(highlight(root, target));
  root.append(view.el);
  if (target) {
    const r = target.getBoundingClientRect();
    if (r.top < 0 || r.bottom > innerHeight || r.left < 0 || r.right > innerWidth) {
      const still = matchMedia('(prefers-reduced-motion: reduce)').matches;
      target.scrollIntoView({ block: 'center', inline: 'nearest', behavior: still ? 'auto' : 'smooth' });
    }
    const placement = toPlacement(step.placement, view.el.dir == 'rtl');
    a.cleanup.push(attach(target, view.el, view.arrow, placement, () => active === a && refind(a)));
    if (step.advance_on === 'click') a.cleanup.push(listen(target, 'click', () => active === a && advance(a, false)));
  }
  view.el.focus({ preventScroll: true });
  if (a.viewed !== a.index) {
    a.viewed = a.index;
    track('step_viewed', fields(a, step));
  }
}

function act(action: Action): void {
  const a = active;
  if (!a) return;
  if (action === 'next' || action === 'done') {
    advance(a, true);
  } else if (action === 'back') {
    if (a.index > 0) go(a.index - 1, -1, true);
  } else if (action === 'close') {
    finish('tour_dismissed');
  } else if (action === 'opt-out') {
    // Opts out of every tour (a tour_id in the PUT would dismiss only this one).
    finish('tour_dismissed', { opt_out: true });
    setOptOut(true).catch(debug);
  }
}

/** Completes the shown step. A click on the target may itself navigate, so only buttons navigate for us. */
function advance(a: Active, byUser: boolean): void {
  if (a.waiting || !a.view) return;
  track('step_completed', fields(a, a.tour.steps[a.index]));
  if (a.index >= a.tour.steps.length - 1) return finish('tour_completed');
  go(a.index + 1, 1, byUser);
}

function finish(type: 'tour_completed' | 'tour_dismissed', data?: Record<string, unknown>): void {
  const a = active;
  if (!a) return;
  track(type, { ...fields(a, a.tour.steps[a.index]), ...(data ? { data } : {}) });
  markDone(a.tour.id);
  clearProgress(a.tour.id);
  endTour();
}

/** Takes the tour off the screen (no event): the step, the overlay, the listeners; gives focus back. */
export function endTour(): void {
  const a = active;
  if (!a) return;
  active = null;
  clearStep(a);
  a.offKeys();
  unmount();
  const back = a.focusBack as HTMLElement | null;
  if (back && back.isConnected && typeof back.focus === 'function') back.focus({ preventScroll: true });
}

/** Shows the current step again, looking for its target anew; if it is gone, the tour waits for later. */
function refind(a: Active): void {
  a.resumed = true; // a target that is not there now means "later", not "skip"
  go(a.index, 1, false);
}

/** After a route change: show a step that was waiting for this page, or re-find a lost target. */
export function refreshTour(): boolean {
  const a = active;
  if (!a) return false;
  if (a.waiting || (a.target && !a.target.isConnected)) refind(a);
  return true;
}

const FOCUSABLE = 'a[href],button:not([disabled]),input,select,textarea,[tabindex]:not([tabindex="-1"])';

function onKey(e: KeyboardEvent): void {
  const a = active;
  const view = a?.view;
  if (!a || !view) return;
  if (e.key === 'Escape') {
    e.preventDefault();
    return act('close');
  }
  const path = e.composedPath();
  if (!path.includes(view.el)) return; // keys typed into the host page are the host's
  const origin = path[0] as HTMLElement;
  if (/^(INPUT|TEXTAREA|SELECT)$/.test(origin.tagName) || origin.isContentEditable) return;
  if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
    e.preventDefault();
    const forward = (e.key === 'ArrowRight') !== (view.el.dir == 'rtl');
    act(forward ? 'next' : 'back');
  } else if (e.key === 'Tab' && !a.target) {
    // Modal step: keep focus inside the dialog.
    const items = Array.from(view.el.querySelectorAll<HTMLElement>(FOCUSABLE));
    if (!items.length) return e.preventDefault();
    const current = (view.el.getRootNode() as ShadowRoot).activeElement;
    const first = items[0];
    const last = items[items.length - 1];
    if (e.shiftKey && (current === first || current === view.el)) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && current === last) {
      e.preventDefault();
      first.focus();
    }
  }
}
