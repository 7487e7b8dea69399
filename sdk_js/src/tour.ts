/**
 * The tour controller: which tour is active, which step shows, and moving between steps
 * (next, back, done, close, opt-out, keyboard, target clicks, missing targets, other pages).
 */
import { flush, track } from './events';
import { highlight } from './highlight';
import { clearProgress, markDone, saveProgress } from './progress';
import { attach, toPlacement } from './position';
import { h, refocus } from './dom';
import { format } from './i18n';
import { mount, release } from './root';
import { getState } from './state';
import { rectOf, waitForTarget } from './target';
import { setOptOut } from './user';
import type { Step, Tour } from './types';
import { navigable, urlMatches } from './url';
import { debug, guard, listen } from './util';
import { stepView, type Action, type StepView } from './view';

interface Active {
  tour_: Tour;
  index_: number;
  /** Resumed from saved progress and not shown yet: a missing target means "not here", not "skip". */
  resumed_: boolean;
  /** Index of the step last reported as viewed (-1: none yet). */
  viewed_: number;
  /** The step belongs on another page; shown once the page gets there. */
  waiting_?: boolean;
  target_?: Element | null;
  view_?: StepView | null;
  cleanup_: (() => void)[];
  focusBack_: Element | null;
  offKeys_: () => void;
}

let active: Active | null = null;

export const activeTour = (): Tour | null => active?.tour_ || null;
export { show } from './trigger';

/** How a tour started by start() ended: what its promise resolves to. */
export type Outcome = 'completed' | 'dismissed' | 'target_missing' | 'opted_out';
/** The promises of start() still waiting, by tour id: a tour taken off one page and resumed on the next is the
 * same run. */
const waiting: Record<string, ((outcome: Outcome) => void)[]> = {};
const settle = (id: string, outcome: Outcome) => (waiting[id] || []).splice(0).forEach((r) => r(outcome));

const fields = (a: Active, step?: Step) => ({ tour_id: a.tour_.id, tour_version: a.tour_.version, step_id: step?.id });

export function startTour(tour: Tour, index = 0, resumed = false): Promise<Outcome> {
  const outcome = new Promise<Outcome>((r) => (waiting[tour.id] ||= []).push(r));
  endTour();
  const a: Active = {
    tour_: tour,
    index_: index,
    resumed_: resumed,
    viewed_: -1,
    cleanup_: [],
    focusBack_: document.activeElement,
    offKeys_: listen(document, 'keydown', onKey),
  };
  active = a;
  if (!resumed) track('tour_started', fields(a));
  go(index, false);
  return outcome;
}

function clearStep(a: Active): void {
  a.cleanup_.splice(0).forEach((f) => f());
  a.view_?.el_.remove();
  a.view_ = null;
  a.target_ = null;
}

/** Shows step `i`; `byUser` allows navigating to the step's page. */
function go(i: number, byUser: boolean): void {
  const a = active;
  if (!a) return;
  clearStep(a);
  const steps = a.tour_.steps;
  const step = steps[i];
  a.index_ = i;
  a.waiting_ = false;
  saveProgress(a.tour_.id, step.id);
  if (step.url && !urlMatches(step.url_pattern)) {
    a.waiting_ = true;
    const href = navigable(step.url);
    // Deliver the events first (briefly), so that the next page's bootstrap knows the tour is under way.
    if (byUser && href) {
      Promise.race([flush(), new Promise((r) => setTimeout(r, 1500))])
        .finally(() => (location.href = href))
        .catch(debug);
    }
    return;
  }
  if (!step.target) return render(a, step, null);
  const selector = step.target;
  a.cleanup_.push(
    waitForTarget(selector, getState().config_?.targetTimeout_ ?? 5000, (el) => {
      if (active !== a || a.index_ !== i) return;
      if (el) return render(a, step, el);
      if (a.resumed_) {
        // Saved progress pointed here but this page lacks the target: stay quiet, try again later.
        debug('no target', selector);
        return endTour();
      }
      // Not skipped without a word: the step shows as a modal that says its target is not here.
      track('step_target_missing', { ...fields(a, step), data: { selector } });
      settle(a.tour_.id, 'target_missing');
      render(a, step, null, 1);
    }),
  );
}

/** Says the step that just showed in a live region ("2 of 3: Title"), for screen readers that do not follow
 * focus into it. One region for the tour's life, so that each change is announced. */
let live: HTMLElement | null = null;
function announce(root: ShadowRoot, a: Active, step: Step): void {
  if (!live?.isConnected) root.append((live = h('div', { class: 'v', role: 'status' })));
  const where = format(getState().strings_.progress, { current: a.index_ + 1, total: a.tour_.steps.length });
  live.textContent = `${where}: ${step.title || a.tour_.name}`;
}

/** Behind a modal step the host page is inert (out of Tab order and of screen readers' reach), as behind a modal
 * <dialog>; what the host had made inert itself stays so. Undone when the step goes. */
function inertPage(host: Element): () => void {
  const made = [...(document.body?.children || [])].filter((el) => !el.contains(host) && !el.hasAttribute('inert'));
  made.forEach((el) => el.setAttribute('inert', ''));
  return () => made.forEach((el) => el.removeAttribute('inert'));
}

/** The top-layer element the step must be in: its target's modal <dialog> or open popover; for a step without a
 * target, the host's modal dialog open now (the page around it is inert). */
function topLayer(target: Element | null): Element | null {
  try {
    return target ? target.closest('dialog:modal,:popover-open') : [...document.querySelectorAll('dialog:modal')].pop() || null;
  } catch {
    return null; // an engine without :modal or :popover-open has no top layer to reach either
  }
}

function render(a: Active, step: Step, target: Element | null, missing?: 1): void {
  const root = mount();
  const view = stepView(a.tour_, a.index_, !target, guard(act), missing);
  a.view_ = view;
  a.target_ = target;
  a.resumed_ = false;
  a.cleanup_.push(highlight(root, target));
  // A target in the top layer (in a modal <dialog> or an open popover) is above all else, and a modal dialog makes
  // the rest of the page inert: the step goes into that layer, beside its target, while it shows.
  const layer = topLayer(target);
  if (layer) {
    layer.append(root.host);
    a.cleanup_.push(() => (document.body || document.documentElement).append(root.host));
  }
  if (!target) a.cleanup_.push(inertPage(root.host));
  root.append(view.el_);
  announce(root, a, step);
  if (target) {
    const r = rectOf(target);
    if (r.top < 0 || r.bottom > innerHeight || r.left < 0 || r.right > innerWidth) {
      const still = matchMedia('(prefers-reduced-motion: reduce)').matches;
      target.scrollIntoView({ block: 'center', behavior: still ? 'auto' : 'smooth' });
    }
    const placement = toPlacement(step.placement, view.el_.dir === 'rtl');
    a.cleanup_.push(attach(target, view.el_, view.arrow_, placement, () => active === a && refind(a)));
    if (step.advance_on === 'click') a.cleanup_.push(listen(target, 'click', () => active === a && advance(a, false)));
  }
  view.el_.focus({ preventScroll: true });
  if (a.viewed_ !== a.index_) {
    a.viewed_ = a.index_;
    track('step_viewed', fields(a, step));
  }
}

function act(action: Action): void {
  const a = active;
  if (!a) return;
  if (action === 'next' || action === 'done') {
    advance(a, true);
  } else if (action === 'back') {
    if (a.index_ > 0) go(a.index_ - 1, true);
  } else if (action === 'close') {
    finish('tour_dismissed');
  } else if (action === 'opt-out') {
    // Opts out of every tour (a tour_id in the PUT would dismiss only this one).
    settle(a.tour_.id, 'opted_out');
    finish('tour_dismissed', { opt_out: true });
    setOptOut(true).catch(debug);
  }
}

/** Completes the shown step. A click on the target may itself navigate, so only buttons navigate for us. */
function advance(a: Active, byUser: boolean): void {
  if (a.waiting_ || !a.view_) return;
  track('step_completed', fields(a, a.tour_.steps[a.index_]));
  if (a.index_ >= a.tour_.steps.length - 1) return finish('tour_completed');
  go(a.index_ + 1, byUser);
}

function finish(type: 'tour_completed' | 'tour_dismissed', data?: Record<string, unknown>): void {
  const a = active;
  if (!a) return;
  track(type, { ...fields(a, a.tour_.steps[a.index_]), data });
  markDone(a.tour_.id);
  clearProgress(a.tour_.id);
  endTour(type === 'tour_completed' ? 'completed' : 'dismissed');
}

/** Ends the tour on screen (no event: stop(), another user, another tour): the step, the overlay, the listeners;
 * gives focus back. */
export function endTour(outcome: Outcome = 'dismissed'): void {
  const a = takeOff();
  if (a) settle(a.tour_.id, outcome);
}

/** Takes the tour off the screen; it may go on later (a step of another page). */
function takeOff(): Active | null {
  const a = active;
  if (!a) return a;
  active = null;
  clearStep(a);
  a.offKeys_();
  live?.remove();
  release();
  refocus(a.focusBack_);
  return a;
}

/** Shows the current step again, looking for its target anew; if it is gone, the tour waits for later. */
function refind(a: Active): void {
  a.resumed_ = true; // a target that is not there now means "later", not "skip"
  go(a.index_, false);
}

/**
 * After a route change: show a step that was waiting for this page, or re-find a lost target; a step
 * that does not belong `here` takes the tour off the screen (its progress stays, to resume where it belongs).
 */
export function refreshTour(here: (t: Tour, i: number) => boolean): boolean {
  const a = active;
  if (!a) return false;
  if (!here(a.tour_, a.index_)) return takeOff(), false;
  if (a.waiting_ || (a.target_ && !a.target_.isConnected)) refind(a);
  return true;
}

// What can take focus in a step: its buttons and the links of its sanitized body (no fields, no tabindex).
const FOCUSABLE = 'a[href],button:not(:disabled)';

function onKey(e: KeyboardEvent): void {
  const a = active;
  const view = a?.view_;
  if (!a || !view) return;
  if (e.key === 'Escape') {
    e.preventDefault();
    return act('close');
  }
  const path = e.composedPath();
  // Keys typed into the host page (or the help panel) are not ours; a step has no text fields.
  if (!path.includes(view.el_)) return;
  if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
    e.preventDefault();
    const forward = (e.key === 'ArrowRight') !== (view.el_.dir === 'rtl');
    act(forward ? 'next' : 'back');
  } else if (e.key === 'Tab' && !a.target_) {
    // Modal step: keep focus inside the dialog.
    const items = Array.from(view.el_.querySelectorAll<HTMLElement>(FOCUSABLE));
    if (!items.length) return e.preventDefault();
    const current = (view.el_.getRootNode() as ShadowRoot).activeElement;
    const first = items[0];
    const last = items[items.length - 1];
    if (e.shiftKey && (current === first || current === view.el_)) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && current === last) {
      e.preventDefault();
      first.focus();
    }
  }
}
