/**
 * Checklists: a launcher in a bottom corner ("Get set up · 1 of 3") opens a panel with the list's progress and its
 * tasks; a task's button starts its tour, opens its link or its article, and a task without a way of its own is
 * marked done by hand. Tasks done elsewhere (a tour completed, the host's custom event) are ticked here as they
 * happen; the server records them from the same events, for every device. A host element with
 * `data-waypost-checklist` (its value: the checklist's id, or empty for the first) opens the panel, also once the
 * user has hidden the list (then there is no launcher, until it is opened again).
 */
import { button, h, html } from '../dom';
import { on } from '../emitter';
import { track } from '../events';
import { format } from '../i18n';
import type { ExperienceActions } from '../modules';
import { adopt } from '../shadow';
import { getState } from '../state';
import type { Checklist } from '../types';
import { listen } from '../util';

import CSS from './checklist.css?raw';

let host: HTMLElement | undefined;
let offs: (() => void)[] = [];
let opened = false;

function take(): void {
  offs.forEach((off) => off());
  offs = [];
  host?.remove();
  host = undefined;
}

function mount(c: Checklist, actions: ExperienceActions): void {
  const s = getState().strings_;
  const done = new Set(c.done);
  const ref = { tour_id: c.id, tour_version: c.version };
  const progress = () => format(s.progress, { current: done.size, total: c.tasks.length });
  const root = (host = h('waypost-checklist' as 'div', { 'data-position': c.position })).attachShadow({ mode: 'open' });
  adopt(root, CSS);
  const launcher = button('checklist-open', '', () => toggle(), { class: 'l', 'aria-expanded': 'false', 'aria-controls': 'wp-cl' });
  const status = h('p', { role: 'status', class: 'r' });
  const bar = h('progress', { max: String(c.tasks.length), 'aria-labelledby': 'wp-cp' });
  const count = h('span', { id: 'wp-cp' });
  const list = h('ol', {});
  const panel: HTMLElement = h(
    'section',
    { id: 'wp-cl', class: 'p', 'data-waypost-checklist': c.id, 'aria-labelledby': 'wp-ct', lang: c.locale, dir: c.dir, hidden: '' },
    h('h2', { id: 'wp-ct' }, c.name),
    button('checklist-close', '×', () => toggle(false), { class: 'x', 'aria-label': s.close }),
    h('div', { class: 'b' }, bar, count),
    list,
    status,
    button('checklist-dismiss', s.dismiss, () => (track('checklist_dismissed', ref), (c.dismissed = launcher.hidden = true), (opened = false), toggle(false)), { class: 'u' }),
  );
  const render = () => {
    launcher.textContent = `${c.name} · ${progress()}`;
    count.textContent = progress();
    bar.value = done.size;
    list.replaceChildren(
      ...c.tasks.map((t) => {
        const finished = done.has(t.id);
        const a = t.action;
        const act = finished
          ? ''
          : a?.url
            ? h('a', { class: 'n', href: a.url, 'data-waypost-action': 'task' }, t.title)
            : a
              ? button('task', t.title, () => (a.tour ? actions.start_(a.tour) : actions.article_(a.article!)), { class: 'n' })
              : '';
        return h(
          'li',
          { 'data-waypost-task': t.id, class: finished ? 'd' : '' },
          h('span', { class: 'm', 'aria-hidden': 'true' }, finished ? '✓' : ''),
          h('div', {}, act || h('span', { class: 't' }, t.title), finished && h('span', { class: 'v' }, ` (${s.done})`), html(h('div', { class: 'q' }), t.description_html)),
          !finished && !t.done_on && button('task-done', s.done, () => complete(t.id, true), { class: 'k', 'aria-label': `${s.done}: ${t.title}` }),
        );
      }),
    );
  };
  const complete = (taskId: string, byHand: boolean) => {
    if (done.has(taskId)) return;
    done.add(taskId);
    if (byHand) track('checklist_task_completed', { ...ref, step_id: taskId });
    render();
    status.textContent = format(s.task_done, { task: c.tasks.find((t) => t.id === taskId)!.title });
  };
  const toggle = (show: boolean = panel.hidden): void => {
    if (show && c.dismissed) c.dismissed = launcher.hidden = false; // opened again from the host's element
    panel.hidden = !show;
    launcher.setAttribute('aria-expanded', String(show));
    if (show && !opened) {
      opened = true;
      track('experience_shown', ref);
    }
    if (show) (panel.querySelector('h2') as HTMLElement).focus();
    else if (!c.dismissed) launcher.focus();
  };
  (panel.querySelector('h2') as HTMLElement).tabIndex = -1;
  for (const t of c.tasks) {
    const when = t.done_on;
    if (when?.tour) offs.push(on('tour_completed', (e) => e.tour_id === when.tour && complete(t.id, false)));
    if (when?.event) offs.push(on(when.event, () => complete(t.id, false)));
  }
  offs.push(
    listen(document, 'click', (e) => {
      const opener = (e.target as Element).closest?.('[data-waypost-checklist]');
      if (opener && opener.getRootNode() === document && [c.id, ''].includes(opener.getAttribute('data-waypost-checklist')!)) toggle(true);
    }),
  );
  render();
  if (c.dismissed) launcher.hidden = true;
  root.append(panel, launcher);
  (document.body || document.documentElement).append(host);
}

/** Shows the first checklist sent (one at a time), as it is now; what bootstrap no longer sends goes. */
export function show(checklists: Checklist[], actions: ExperienceActions): void {
  const c = checklists.find((c) => Array.isArray(c.tasks) && Array.isArray(c.done));
  const shown = host?.shadowRoot?.querySelector('[data-waypost-checklist]')?.getAttribute('data-waypost-checklist');
  if (c && shown === c.id) return;
  take();
  opened = false;
  if (c) mount(c, actions);
}
