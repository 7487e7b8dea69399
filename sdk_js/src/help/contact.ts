/** "Still need help? Contact us": a short form that posts a support request from this page. */
import { postSupportRequest } from '../api';
import { h } from '../dom';
import { getState } from '../state';
import { sendForm, signal } from './form';

export function contactView(back: HTMLElement): HTMLElement {
  const s = getState().strings_;
  const message = h('textarea', { rows: '4', required: '' });
  const email = h('input', { type: 'email' });
  queueMicrotask(() => message.focus());
  return h(
    'div',
    {},
    back,
    h('h3', {}, s.contact),
    sendForm(
      () => postSupportRequest(message.value, email.value.trim() || undefined).then((ok) => (ok && signal('support_requested'), ok)),
      'thanks',
      h('label', {}, s.message, message),
      h('label', {}, s.email, email),
    ),
  );
}
