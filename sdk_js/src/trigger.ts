/**
 * Tours that start later on their pages instead of with them: when the user does an event (the host's
 * `track('custom:…')` or Waypost's own), once an element is visible, when an element is clicked, or after a delay.
 * Part of the tour chunk, loaded on pages where bootstrap arms one (`experiences` of `type: 'tour'`; the tour
 * itself comes in `tours`), so that the tour shows at once when its trigger fires.
 * A trigger fires once per page, and not while another tour is on screen.
 */
import { on } from './emitter';
import type { ExperienceActions } from './modules';
import { waitForTarget } from './target';
import { activeTour } from './tour';
import type { ArmedTour, TourTrigger } from './types';
import { listen } from './util';

let offs: (() => void)[] = [];

function arm(id: string, t: TourTrigger, actions: ExperienceActions): () => void {
  let off = () => {};
  const fire = () => {
    if (activeTour()) return; // the user is in another tour: this one waits for its next chance
    off();
    actions.start_(id);
  };
  // After the event's own work: a tour that completes is off the screen once its tour_completed is told.
  if (t.on === 'event') off = on(t.event!, (e) => (!t.tour || e.tour_id === t.tour) && queueMicrotask(fire));
  else if (t.on === 'click') off = listen(document, 'click', (e) => (e.target as Element).closest?.(t.selector!) && fire());
  else if (t.on === 'element') off = waitForTarget(t.selector!, 2 ** 31 - 1, (el) => el && fire());
  else if (t.on === 'delay') {
    const timer = setTimeout(fire, t.seconds! * 1000);
    off = () => clearTimeout(timer);
  }
  return () => off();
}

/** Arms the triggers bootstrap sent for this page, and disarms those of the page before. */
export function show(list: ArmedTour[], actions: ExperienceActions): void {
  offs.forEach((off) => off());
  offs = list.filter((t) => t.trigger).map((t) => arm(t.id, t.trigger, actions));
}
