/**
 * Microsurveys: one question in a card at the bottom corner (inline end), shown when the page's rules hold or when
 * the user does the trigger's event (a tour completed…). A score or a choice sends the answer at once, or after the
 * follow-up's text box when there is one; closing it unanswered sends `survey_dismissed`. Either way it does not
 * come back (the server hears it; this browser remembers until then). One survey on screen at a time.
 */
import { button, h } from '../dom';
import { on } from '../emitter';
import { track } from '../events';
import type { ExperienceActions } from '../modules';
import { adopt } from '../shadow';
import { getState } from '../state';
import type { Survey } from '../types';

import CSS from './survey.css?raw';

let host: HTMLElement | undefined;
let current: Survey | undefined;
let offs: (() => void)[] = [];

const SCALES: Record<string, [number, number]> = { nps: [0, 10], csat: [1, 5], rating: [1, 5] };

function take(): void {
  host?.remove();
  host = current = undefined;
}

function open(s: Survey, actions: ExperienceActions): void {
  if (current) return;
  current = s;
  const strings = getState().strings_;
  const q = s.question;
  const ref = { tour_id: s.id, tour_version: s.version };
  const finish = (type: string, data?: Record<string, unknown>) => (track(type, { ...ref, data }), actions.done_(s.id));
  const card = h('section', { class: 'v', 'data-waypost-survey': s.id, 'aria-labelledby': 'wp-sq', lang: s.locale, dir: s.dir });
  const body = h('div', {});
  const answer = (picked: Record<string, unknown>, text?: string) => {
    finish('survey_answered', { question: q.kind, ...picked, ...(text?.trim() && { text: text.trim() }), version: s.version, locale: s.locale });
    const thanks = h('p', { role: 'status', tabindex: '-1', class: 'q' }, s.thanks || strings.voted);
    body.replaceChildren(thanks);
    thanks.focus();
    setTimeout(() => current === s && take(), 4000);
  };
  /** The text box: the follow-up after a pick, or the question itself for a text question. */
  const write = (label: string, picked: Record<string, unknown>) => {
    const box = h('textarea', { id: 'wp-st', rows: '3', maxlength: '2000' });
    const form = h(
      'form',
      { onsubmit: (e: Event) => (e.preventDefault(), (q.kind !== 'text' || box.value.trim()) && answer(picked, box.value)) },
      h('label', { for: 'wp-st', class: q.kind === 'text' ? 'u' : 'q' }, label),
      box,
      h('button', { type: 'submit', class: 'n', 'data-waypost-action': 'survey-send' }, strings.send),
    );
    body.replaceChildren(form);
    if (q.kind !== 'text') box.focus();
  };
  const pick = (picked: Record<string, unknown>) => (q.follow_up ? write(q.follow_up, picked) : answer(picked));
  const scale = SCALES[q.kind];
  const options = scale
    ? Array.from({ length: scale[1] - scale[0] + 1 }, (_, i) => String(scale[0] + i)).map((v) =>
        button('survey-answer', v, () => pick({ score: Number(v) }), { 'data-waypost-answer': v }),
      )
    : (q.choices || []).map((c) => button('survey-answer', c.label, () => pick({ choice: c.id }), { 'data-waypost-answer': c.id }));
  card.append(
    h('p', { id: 'wp-sq', class: 'q' }, q.text),
    button('survey-close', '×', () => (finish('survey_dismissed'), take()), { class: 'x', 'aria-label': strings.close }),
    body,
  );
  if (q.kind === 'text') write(q.text, {});
  else
    body.append(
      h('div', { role: 'group', 'aria-labelledby': 'wp-sq', 'aria-describedby': 'wp-se', class: scale ? `g s${options.length}` : 'g c' }, ...options),
      h('div', { class: 'e', id: 'wp-se' }, h('span', {}, q.low_label || ''), h('span', {}, q.high_label || '')),
    );
  host = h('waypost-survey' as 'div', {});
  const root = host.attachShadow({ mode: 'open' });
  adopt(root, CSS);
  root.append(card);
  (document.body || document.documentElement).append(host);
  track('experience_shown', ref);
}

/** Shows the first of these surveys whose trigger is the page, and waits for the others' events. */
export function show(surveys: Survey[], actions: ExperienceActions): void {
  offs.forEach((off) => off());
  offs = [];
  if (current && !surveys.some((s) => s.id === current!.id)) take();
  for (const s of surveys.filter((s) => typeof s.question?.text === 'string')) {
    const t = s.trigger || { on: 'page' };
    if (t.on === 'event' && t.event) offs.push(on(t.event, (e) => (!t.tour || e.tour_id === t.tour) && open(s, actions)));
    else open(s, actions);
  }
}
