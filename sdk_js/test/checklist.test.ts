/** Checklists in happy-dom against a fake backend: the launcher and its progress, tasks done by hand, by a tour's
 * completion and by the host's event, hiding the list and opening it again from a host element. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { bootstrapBody, fakeServer, freshSdk, settle, type FakeServer } from './helpers';

const INIT = { key: 'pk_test', server: 'https://guide.test/', user: { id: 'u1' }, help: false };
const checklist = (overrides: Record<string, unknown> = {}) => ({
  id: 'setup',
  type: 'checklist',
  version: 2,
  name: 'Get set up',
  locale: 'en',
  dir: 'ltr',
  position: 'bottom-start',
  tasks: [
    { id: 'tour', title: 'Take the tour', description_html: '', action: { tour: 'intro' }, done_on: { tour: 'intro' } },
    { id: 'invite', title: 'Invite a teammate', description_html: '<p>From <b>Settings</b></p>', action: null, done_on: { event: 'custom:invited' } },
    { id: 'read', title: 'Read the guide', description_html: '', action: { url: '/guide' }, done_on: null },
  ],
  done: ['tour'],
  dismissed: false,
  ...overrides,
});
const root = () => document.querySelector('waypost-checklist')?.shadowRoot ?? null;
const $ = (sel: string) => root()!.querySelector(sel) as HTMLElement;
const task = (id: string) => $(`[data-waypost-task="${id}"]`);

async function posted(server: FakeServer) {
  const { flush } = await import('../src/events');
  await flush();
  return server.eventsPosted();
}

describe('checklists', () => {
  let sdk: Awaited<ReturnType<typeof freshSdk>>;
  let server: FakeServer;
  beforeEach(async () => {
    sdk = await freshSdk();
    server = fakeServer({ status: 200, body: bootstrapBody([], { experiences: [checklist()] }) });
  });

  it('a launcher with the progress opens the list; done tasks are ticked, the others have their action', async () => {
    await sdk.init(INIT);
    await vi.waitFor(() => expect(root()).not.toBeNull()); // the chunk is compiled on first import
    const launcher = $('[data-waypost-action="checklist-open"]');
    expect(launcher.textContent).toBe('Get set up · 1 of 3');
    expect($('[data-waypost-checklist]').hidden).toBe(true);
    launcher.click();
    expect($('[data-waypost-checklist]').hidden).toBe(false);
    expect(launcher.getAttribute('aria-expanded')).toBe('true');
    expect(root()!.activeElement).toBe($('h2'));
    expect(($('progress') as HTMLProgressElement).value).toBe(1);
    expect(task('tour').className).toBe('d');
    expect(task('tour').querySelector('button, a')).toBeNull();
    expect(task('read').querySelector('a')!.getAttribute('href')).toBe('/guide');
    expect(task('read').querySelector('[data-waypost-action="task-done"]')!.getAttribute('aria-label')).toBe('Done: Read the guide');
    expect(task('invite').querySelector('[data-waypost-action="task-done"]')).toBeNull(); // done by its event, not by hand
    expect(task('invite').querySelector('b')!.textContent).toBe('Settings');
    expect((await posted(server)).map((e) => e.type)).toEqual(['experience_shown']);
  });

  it('ticks tasks done by hand and by the host event, and says so', async () => {
    await sdk.init(INIT);
    await vi.waitFor(() => expect(root()).not.toBeNull());
    $('[data-waypost-action="checklist-open"]').click();
    (task('read').querySelector('[data-waypost-action="task-done"]') as HTMLElement).click();
    expect(task('read').className).toBe('d');
    expect($('[role="status"]').textContent).toBe('Done: Read the guide');
    sdk.track('custom:invited');
    expect(task('invite').className).toBe('d');
    expect($('[data-waypost-action="checklist-open"]').textContent).toBe('Get set up · 3 of 3');
    const events = await posted(server);
    expect(events.filter((e) => e.type === 'checklist_task_completed').map((e) => [e.tour_id, e.step_id])).toEqual([['setup', 'read']]);
  });

  it('hidden, it has no launcher; a host element opens it again', async () => {
    document.body.innerHTML = '<button data-waypost-checklist="setup">Setup guide</button>';
    await sdk.init(INIT);
    await vi.waitFor(() => expect(root()).not.toBeNull());
    $('[data-waypost-action="checklist-open"]').click();
    $('[data-waypost-action="checklist-dismiss"]').click();
    expect($('[data-waypost-action="checklist-open"]').hidden).toBe(true);
    expect($('[data-waypost-checklist]').hidden).toBe(true);
    (document.querySelector('[data-waypost-checklist]') as HTMLElement).click();
    expect($('[data-waypost-checklist]').hidden).toBe(false);
    expect($('[data-waypost-action="checklist-open"]').hidden).toBe(false);
    expect((await posted(server)).map((e) => e.type)).toEqual(['experience_shown', 'checklist_dismissed', 'experience_shown']);
  });

  it('a dismissed list from the server starts without its launcher; none sent, none shown', async () => {
    server.bootstrap = { status: 200, body: bootstrapBody([], { experiences: [checklist({ dismissed: true })] }) };
    await sdk.init(INIT);
    await vi.waitFor(() => expect(root()).not.toBeNull());
    expect($('[data-waypost-action="checklist-open"]').hidden).toBe(true);
    server.bootstrap = { status: 200, body: bootstrapBody([], { experiences: [] }) };
    await sdk.page();
    await settle(10);
    expect(root()).toBeNull();
  });
});
