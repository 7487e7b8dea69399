/** Microsurveys in happy-dom against a fake backend: a scale with its follow-up, a choice, a text question, closing
 * unanswered, and a survey that waits for its trigger event. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { bootstrapBody, fakeServer, freshSdk, settle, type FakeServer } from './helpers';

const INIT = { key: 'pk_test', server: 'https://guide.test/', user: { id: 'u1' }, help: false };
const survey = (overrides: Record<string, unknown> = {}) => ({
  id: 'nps',
  type: 'survey',
  version: 3,
  name: 'NPS',
  locale: 'en',
  dir: 'ltr',
  question: { kind: 'nps', text: 'Recommend us?', low_label: 'Not likely', high_label: 'Very likely', follow_up: 'Why?' },
  thanks: null,
  trigger: { on: 'page' },
  ...overrides,
});
const card = () => (document.querySelector('waypost-survey')?.shadowRoot?.querySelector('[data-waypost-survey]') as HTMLElement | null) ?? null;
const $ = (sel: string) => card()!.querySelector(sel) as HTMLElement;

async function posted(server: FakeServer) {
  const { flush } = await import('../src/events');
  await flush();
  return server.eventsPosted();
}

describe('surveys', () => {
  let sdk: Awaited<ReturnType<typeof freshSdk>>;
  let server: FakeServer;
  const boot = (...experiences: unknown[]) => (server.bootstrap = { status: 200, body: bootstrapBody([], { experiences }) });
  beforeEach(async () => {
    sdk = await freshSdk();
    server = fakeServer();
  });

  it('asks 0 to 10 with the end labels, then the follow-up, and sends one answer with the version and locale', async () => {
    boot(survey());
    await sdk.init(INIT);
    await vi.waitFor(() => expect(card()).not.toBeNull()); // the chunk is compiled on first import
    const buttons = Array.from(card()!.querySelectorAll('[data-waypost-answer]')).map((b) => b.textContent);
    expect(buttons).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect($('[role="group"]').getAttribute('aria-describedby')).toBe('wp-se');
    expect($('#wp-se').textContent).toBe('Not likelyVery likely');
    $('[data-waypost-answer="9"]').click();
    const box = $('textarea') as HTMLTextAreaElement;
    expect(document.querySelector('waypost-survey')!.shadowRoot!.activeElement).toBe(box);
    box.value = '  Fast and simple  ';
    $('[data-waypost-action="survey-send"]').click();
    expect($('[role="status"]').textContent).toBe('Thank you!');
    const events = await posted(server);
    expect(events.map((e) => e.type)).toEqual(['experience_shown', 'survey_answered']);
    expect(events[1]).toMatchObject({ tour_id: 'nps', tour_version: 3, data: { question: 'nps', score: 9, text: 'Fast and simple', version: 3, locale: 'en' } });
    await sdk.page();
    await settle(10);
    expect(card()).toBeNull(); // answered: not asked again (the thanks goes with the page it was on)
    expect((await posted(server)).filter((e) => e.type === 'experience_shown')).toHaveLength(1);
  });

  it('a choice without a follow-up is sent at once; a text question needs text', async () => {
    boot(survey({ id: 'plan', question: { kind: 'choice', text: 'Which?', choices: [{ id: 'free', label: 'Free' }, { id: 'pro', label: 'Pro' }] }, thanks: 'Merci' }));
    await sdk.init(INIT);
    await vi.waitFor(() => expect(card()).not.toBeNull());
    $('[data-waypost-answer="pro"]').click();
    expect($('[role="status"]').textContent).toBe('Merci');
    expect((await posted(server))[1].data).toEqual({ question: 'choice', choice: 'pro', version: 3, locale: 'en' });
  });

  it('a text question sends nothing empty', async () => {
    boot(survey({ id: 'say', question: { kind: 'text', text: 'Anything to add?' } }));
    await sdk.init(INIT);
    await vi.waitFor(() => expect(card()).not.toBeNull());
    expect($('label').textContent).toBe('Anything to add?');
    $('[data-waypost-action="survey-send"]').click();
    expect(card()!.querySelector('[role="status"]')).toBeNull();
    ($('textarea') as HTMLTextAreaElement).value = 'More exports';
    $('[data-waypost-action="survey-send"]').click();
    expect((await posted(server))[1].data).toEqual({ question: 'text', text: 'More exports', version: 3, locale: 'en' });
  });

  it('closed unanswered it sends survey_dismissed and stays closed', async () => {
    boot(survey());
    await sdk.init(INIT);
    await vi.waitFor(() => expect(card()).not.toBeNull());
    $('[data-waypost-action="survey-close"]').click();
    expect(document.querySelector('waypost-survey')).toBeNull();
    await sdk.page();
    await settle(10);
    expect(document.querySelector('waypost-survey')).toBeNull();
    expect((await posted(server)).map((e) => e.type)).toEqual(['experience_shown', 'survey_dismissed']);
  });

  it('waits for its trigger event, of its own tour only', async () => {
    boot(survey({ trigger: { on: 'event', event: 'custom:exported' } }), survey({ id: 'after', trigger: { on: 'event', event: 'tour_completed', tour: 'intro' } }));
    await sdk.init(INIT);
    await vi.waitFor(async () => expect(await import('../src/modules').then((m) => m.experienceLoaded('survey'))).toBe(true));
    await settle(10);
    expect(card()).toBeNull();
    sdk.track('custom:other');
    expect(card()).toBeNull();
    sdk.track('custom:exported');
    expect(card()!.getAttribute('data-waypost-survey')).toBe('nps');
  });
});
