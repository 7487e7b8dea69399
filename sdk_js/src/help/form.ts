/** The panel's small forms (a comment after "No", a support request): sending, then thanks. */
import { h, status, type Kid } from '../dom';
import { emit } from '../emitter';
import { getState } from '../state';
import type { WaypostEvent } from '../types';
import { pagePath, uuid } from '../util';

/** What a sent form says: a support request's thanks, or a vote's. */
export type Thanks = 'thanks' | 'voted';

/** Puts the thanks (or the error) where `el` was, and focus there, since what had it is gone. */
export function answer(el: Element, ok: boolean, thanks: Thanks): void {
  const s = getState().strings_;
  const note = status(ok ? s[thanks] : s.error);
  el.replaceWith(note);
  note.focus();
}

/**
 * A form of `fields` whose submit runs `send` (the browser checks `required` first). On success
 * it gives way to "Thank you!"; on failure it says so and can be sent again.
 */
export function sendForm(send: () => Promise<boolean>, thanks: Thanks, ...fields: Kid[]): HTMLFormElement {
  const s = getState().strings_;
  const note = status('');
  let busy = false; // one request at a time (disabling the button would take its focus away)
  const form = h(
    'form',
    {
      onsubmit: (e: Event) => {
        e.preventDefault();
        if (busy) return;
        busy = true;
        return send().then((ok) => {
          busy = false;
          if (ok) answer(form, ok, thanks);
          else note.textContent = s.error;
        });
      },
    },
    ...fields,
    note,
    h('button', { class: 'n' }, s.send),
  );
  return form;
}

/**
 * Tells `Waypost('on', …)` listeners (and surveys waiting for it) that the user voted on an article or sent a
 * support request. Not sent as an event: the vote and the request are stored on their own.
 */
export const signal = (type: 'article_voted' | 'support_requested', fields: Partial<WaypostEvent> = {}): void =>
  emit({ id: uuid(), type, ts: new Date().toISOString(), url: pagePath(), ...fields });
