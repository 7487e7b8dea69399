/** The public API end to end in happy-dom, against a fake backend on `fetch`. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { action, bootstrapBody, fakeServer, freshSdk, settle, shadow, shownStep, tour } from './helpers';

// Tours alone here (test/help.test.ts has the help widget, and both together).
const INIT = { key: 'pk_test', server: 'https://guide.test/', user: { id: 'u1' }, help: false };
let sdk: Awaited<ReturnType<typeof freshSdk>>;

async function press(name: string) {
  action(name).click();
  await settle();
}

describe('public API', () => {
  beforeEach(async () => {
    sdk = await freshSdk();
  });
  afterEach(async () => {
    sdk.stop();
    await sdk.init({ key: 'x', server: 'https://off.test', help: false }); // detaches listeners of this copy
  });

  it('auto-starts a tour and renders its step inside an open shadow root with the DOM hooks', async () => {
    fakeServer();
    await sdk.init(INIT);
    await settle();
    const step = shownStep()!;
    expect(step.getAttribute('data-waypost-step')).toBe('welcome');
    expect(step.getAttribute('role')).toBe('dialog');
    expect(step.getAttribute('aria-modal')).toBe('true');
    const title = shadow()!.getElementById(step.getAttribute('aria-labelledby')!)!;
    expect(title.textContent).toBe('Welcome');
    const body = shadow()!.getElementById(step.getAttribute('aria-describedby')!)!;
    expect(body.innerHTML).toBe('<p>Hello <b>there</b></p>');
    expect(step.textContent).toContain('1 of 3');
    expect(action('back').disabled).toBe(true);
    for (const a of ['next', 'close', 'opt-out']) expect(action(a)).toBeTruthy();
    expect(shadow()!.adoptedStyleSheets.length).toBe(1);
    expect(document.querySelectorAll('waypost-root')).toHaveLength(1);
  });

  it('inserts only body_html as HTML: titles and strings are text', async () => {
    fakeServer({
      status: 200,
      body: bootstrapBody(
        [tour({ steps: [{ id: 's', target: null, title: '<img src=x onerror=alert(1)>', body_html: '<em>ok</em>' }] })],
        { strings: { done: '<b>Fin</b>' } },
      ),
    });
    await sdk.init(INIT);
    await settle();
    expect(shadow()!.querySelector('img')).toBeNull();
    expect(shadow()!.querySelector('h2')!.textContent).toBe('<img src=x onerror=alert(1)>');
    expect(action('done').textContent).toBe('<b>Fin</b>');
    expect(shadow()!.querySelector('em')!.textContent).toBe('ok');
  });

  it('walks next, back and done, reporting every move', async () => {
    const server = fakeServer();
    document.body.innerHTML = '<button id="btn">Host button</button>';
    await sdk.init(INIT);
    await settle();
    await press('next');
    expect(shownStep()!.dataset.waypostStep).toBe('button');
    expect(shownStep()!.getAttribute('aria-modal')).toBeNull();
    expect(shownStep()!.textContent).toContain('2 of 3');
    await press('back');
    expect(shownStep()!.dataset.waypostStep).toBe('welcome');
    await press('next');
    await press('next');
    expect(shownStep()!.dataset.waypostStep).toBe('bye');
    await press('done');
    expect(shownStep()).toBeNull();
    expect(document.querySelector('waypost-root')).toBeNull();
    await sdk.init(INIT); // flushes nothing by itself; force delivery:
    const { flush } = await import('../src/events');
    await flush();
    const events = server.eventsPosted().map((e) => [e.type, e.step_id ?? null]);
    expect(events).toEqual([
      ['tour_started', null],
      ['step_viewed', 'welcome'],
      ['step_completed', 'welcome'],
      ['step_viewed', 'button'],
      ['step_viewed', 'welcome'],
      ['step_completed', 'welcome'],
      ['step_viewed', 'button'],
      ['step_completed', 'button'],
      ['step_viewed', 'bye'],
      ['step_completed', 'bye'],
      ['tour_completed', 'bye'],
    ]);
    expect(server.eventsPosted().every((e) => e.tour_id === 'intro' && e.tour_version === 3)).toBe(true);
  });

  it('does not auto-start a finished tour again on this browser, but start() replays it', async () => {
    fakeServer();
    await sdk.init(INIT);
    await settle();
    await press('close');
    expect(shownStep()).toBeNull();
    await sdk.page();
    await settle();
    expect(shownStep()).toBeNull();
    void sdk.start('intro'); // its promise waits for the outcome
    await settle();
    expect(shownStep()!.dataset.waypostStep).toBe('welcome');
  });

  it('starts a finished tour again when the server says its frequency shows it again (repeat)', async () => {
    const server = fakeServer();
    await sdk.init(INIT);
    await settle();
    await press('close');
    server.bootstrap = { status: 200, body: bootstrapBody([tour({ repeat: true })]) };
    await sdk.page();
    await settle();
    expect(shownStep()!.dataset.waypostStep).toBe('welcome');
  });

  it('Escape dismisses; arrow keys move (mirrored in rtl)', async () => {
    const seen: string[] = [];
    fakeServer();
    sdk.on('*', (e) => seen.push(e.type));
    document.body.innerHTML = '<button id="btn">Host button</button>';
    await sdk.init(INIT);
    await settle();
    shownStep()!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true, composed: true }));
    await settle();
    expect(shownStep()!.dataset.waypostStep).toBe('button');
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await settle();
    expect(shownStep()).toBeNull();
    expect(seen.at(-1)).toBe('tour_dismissed');
  });

  it('sets dir and mirrors arrows for rtl', async () => {
    fakeServer({ status: 200, body: bootstrapBody([tour()], { dir: 'rtl', locale: 'ar', strings: { next: 'التالي' } }) });
    document.body.innerHTML = '<button id="btn">Host button</button>';
    await sdk.init({ ...INIT, locale: 'ar' });
    await settle();
    expect(shownStep()!.getAttribute('dir')).toBe('rtl');
    expect(shownStep()!.getAttribute('lang')).toBe('ar');
    expect(action('next').textContent).toBe('التالي');
    expect(action('back').textContent).toBe('Back'); // English fallback for what the server left out
    shownStep()!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true, composed: true }));
    await settle();
    expect(shownStep()!.dataset.waypostStep).toBe('button');
  });

  it('"don\'t show tours again" dismisses and tells the server; no auto tour while opted out', async () => {
    const server = fakeServer();
    await sdk.init(INIT);
    await settle();
    await press('opt-out');
    expect(shownStep()).toBeNull();
    const put = server.calls.find((c) => c.method === 'PUT')!;
    expect(put.url).toBe('https://guide.test/api/v1/sdk/users/u1/opt-out');
    expect(put.body).toEqual({ opted_out: true }); // all tours, not just this one
    await settle();
    const { flush } = await import('../src/events');
    await flush();
    expect(server.eventsPosted().at(-1)).toMatchObject({ type: 'tour_dismissed', tour_id: 'intro', data: { opt_out: true } });

    sdk = await freshSdk();
    server.bootstrap = { status: 200, body: bootstrapBody([tour()], { user: { id: 'u1', opted_out: true } }) };
    await sdk.init(INIT);
    await settle();
    expect(shownStep()).toBeNull();
  });

  it('shows a step whose target never appears as a modal that says so, and reports step_target_missing', async () => {
    vi.useFakeTimers();
    try {
      const seen: any[] = [];
      fakeServer({
        status: 200,
        body: bootstrapBody([
          tour({
            steps: [
              { id: 'gone', target: '#nowhere', title: 'Gone', body_html: '' },
              { id: 'there', target: null, title: 'There', body_html: '' },
            ],
          }),
        ]),
      });
      sdk.on('step_target_missing', (e) => seen.push(e));
      await sdk.init({ ...INIT, targetTimeout: 1000 });
      await vi.advanceTimersByTimeAsync(999);
      expect(shownStep()).toBeNull();
      await vi.advanceTimersByTimeAsync(1);
      const gone = shownStep()!;
      expect(gone.dataset.waypostStep).toBe('gone');
      expect(gone.getAttribute('aria-modal')).toBe('true');
      const note = gone.querySelector('[role="status"]')!;
      expect(note.textContent).toBe('Not on this page');
      expect(gone.getAttribute('aria-describedby')).toBe('wp-d wp-m');
      (gone.querySelector('[data-waypost-action="next"]') as HTMLElement).click();
      await vi.advanceTimersByTimeAsync(1);
      expect(shownStep()!.dataset.waypostStep).toBe('there');
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({ step_id: 'gone', tour_id: 'intro', data: { selector: '#nowhere' } });
    } finally {
      vi.useRealTimers();
    }
  });

  it('waits for a target that appears later', async () => {
    fakeServer({ status: 200, body: bootstrapBody([tour({ steps: [{ id: 'late', target: '#late', title: 'Late', body_html: '' }] })]) });
    await sdk.init(INIT);
    await settle();
    expect(shownStep()).toBeNull();
    const el = document.createElement('div');
    el.id = 'late';
    el.textContent = 'here now';
    document.body.append(el);
    await settle(5);
    expect(shownStep()!.dataset.waypostStep).toBe('late');
  });

  it('advance_on click: clicking the target moves on', async () => {
    fakeServer({
      status: 200,
      body: bootstrapBody([
        tour({
          steps: [
            { id: 'press', target: '#btn', title: 'Press', body_html: '', advance_on: 'click' },
            { id: 'after', target: null, title: 'After', body_html: '' },
          ],
        }),
      ]),
    });
    document.body.innerHTML = '<button id="btn">Host</button>';
    const hostClick = vi.fn();
    document.getElementById('btn')!.addEventListener('click', hostClick);
    await sdk.init(INIT);
    await settle();
    expect(shownStep()!.dataset.waypostStep).toBe('press');
    document.getElementById('btn')!.click();
    await settle();
    expect(hostClick).toHaveBeenCalledTimes(1); // the host's own handler still runs
    expect(shownStep()!.dataset.waypostStep).toBe('after');
  });

  it('follows a target that the host re-renders (same selector, new element)', async () => {
    fakeServer({ status: 200, body: bootstrapBody([tour({ steps: [{ id: 'on', target: '#btn', title: 'On', body_html: '' }] })]) });
    document.body.innerHTML = '<div id="app"><button id="btn">v1</button></div>';
    await sdk.init(INIT);
    await settle();
    const before = shownStep()!;
    document.getElementById('app')!.innerHTML = '<button id="btn">v2</button>';
    await new Promise((r) => setTimeout(r, 100)); // a few animation frames
    await settle();
    expect(shownStep()).not.toBe(before);
    expect(shownStep()!.dataset.waypostStep).toBe('on');
  });

  it('gives focus to the step and back to where it was afterwards', async () => {
    fakeServer();
    document.body.innerHTML = '<input id="field">';
    const field = document.getElementById('field') as HTMLInputElement;
    field.focus();
    await sdk.init(INIT);
    await settle();
    expect(shadow()!.activeElement).toBe(shownStep());
    await press('close');
    expect(document.activeElement).toBe(field);
  });

  it('resumes a tour at the step the server says is in progress, without a new tour_started', async () => {
    const seen: string[] = [];
    fakeServer({
      status: 200,
      body: bootstrapBody([tour({ auto: false, progress: { status: 'in_progress', step_id: 'bye' } })]),
    });
    sdk.on('*', (e) => seen.push(e.type));
    await sdk.init(INIT);
    await settle();
    expect(shownStep()!.dataset.waypostStep).toBe('bye');
    expect(seen).toEqual(['step_viewed']);
  });

  it('start() before init waits for it (queued snippet calls)', async () => {
    fakeServer({ status: 200, body: bootstrapBody([tour({ auto: false })]) });
    const started = sdk.start('intro');
    await settle();
    expect(shownStep()).toBeNull();
    await sdk.init(INIT);
    await settle();
    expect(shownStep()!.dataset.waypostStep).toBe('welcome');
    await press('close');
    await expect(started).resolves.toBe('dismissed');
  });

  it('re-evaluates tours when an SPA changes route', async () => {
    const server = fakeServer({ status: 200, body: bootstrapBody([]) });
    await sdk.init(INIT);
    await settle();
    expect(shownStep()).toBeNull();
    server.bootstrap = { status: 200, body: bootstrapBody([tour()]) };
    history.pushState({}, '', '/projects?x=1');
    await settle();
    const boots = server.calls.filter((c) => c.url.includes('/bootstrap'));
    expect(new URL(boots.at(-1)!.url).searchParams.get('url')).toBe('/projects?x=1');
    expect(shownStep()!.dataset.waypostStep).toBe('welcome');
    history.replaceState({}, '', '/');
  });

  it('makes a lasting anonymous id when the host gives no user', async () => {
    const server = fakeServer({ status: 200, body: bootstrapBody([]) });
    await sdk.init({ key: 'pk', server: 'https://g.test' });
    const id = new URL(server.calls[0].url).searchParams.get('user_id')!;
    expect(id).toMatch(/^anon-[0-9a-f-]{36}$/);
    vi.resetModules();
    const again = await import('../src/index');
    await again.init({ key: 'pk', server: 'https://g.test' });
    expect(new URL(server.calls[1].url).searchParams.get('user_id')).toBe(id);
  });
});

describe('identity and opt-in', () => {
  beforeEach(async () => {
    sdk = await freshSdk();
  });

  it('identify() switches user: the tour of the previous one ends, bootstrap asks for the new one', async () => {
    const server = fakeServer();
    await sdk.init(INIT);
    await settle();
    expect(shownStep()).not.toBeNull();
    server.bootstrap = { status: 200, body: bootstrapBody([]) };
    await sdk.identify({ id: 'u2', token: 't2', traits: { plan: 'pro' } });
    await settle();
    expect(shownStep()).toBeNull();
    const q = new URL(server.calls.filter((c) => c.url.includes('/bootstrap')).at(-1)!.url).searchParams;
    expect([q.get('user_id'), q.get('user_token'), q.get('traits')]).toEqual(['u2', 't2', '{"plan":"pro"}']);
  });

  it('group() puts the user in a company: bootstrap is asked again with it; another user leaves it behind', async () => {
    const server = fakeServer({ status: 200, body: bootstrapBody([]) });
    await sdk.init(INIT);
    await settle();
    await sdk.group({ id: 'acme', traits: { seats: 80 } });
    const asked = () => new URL(server.calls.filter((c) => c.url.includes('/bootstrap')).at(-1)!.url).searchParams;
    expect([asked().get('group_id'), asked().get('group_traits')]).toEqual(['acme', '{"seats":80}']);
    const calls = server.calls.length;
    await expect(sdk.group({ id: { bad: 1 } } as never)).resolves.toBeUndefined(); // refused, nothing thrown
    expect(server.calls.length).toBe(calls);
    await sdk.identify({ id: 'u2' });
    expect(asked().get('group_id')).toBeNull();
  });

  it('optIn() tells the server', async () => {
    const server = fakeServer({ status: 200, body: bootstrapBody([]) });
    await sdk.init(INIT);
    await sdk.optIn();
    const put = server.calls.find((c) => c.method === 'PUT')!;
    expect(put.body).toEqual({ opted_out: false });
  });

  it('Tab stays inside a modal step', async () => {
    fakeServer();
    await sdk.init(INIT);
    await settle();
    const root = shadow()!;
    const buttons = Array.from(root.querySelectorAll<HTMLButtonElement>('button:not([disabled])'));
    const last = buttons[buttons.length - 1];
    last.focus();
    const tab = new KeyboardEvent('keydown', { key: 'Tab', bubbles: true, composed: true, cancelable: true });
    last.dispatchEvent(tab);
    expect(tab.defaultPrevented).toBe(true);
    expect(root.activeElement).toBe(buttons[0]);
    const back = new KeyboardEvent('keydown', { key: 'Tab', shiftKey: true, bubbles: true, composed: true, cancelable: true });
    buttons[0].dispatchEvent(back);
    expect(root.activeElement).toBe(last);
  });
});

describe('guards: nothing reaches the host page', () => {
  beforeEach(async () => {
    sdk = await freshSdk();
  });

  it('a backend that is down, failing or answering junk leaves no error and draws nothing', async () => {
    for (const reply of [new TypeError('Failed to fetch'), { status: 500 }, { status: 200, text: 'not json' }, { status: 200, body: { tours: 'x' } }]) {
      sdk = await freshSdk();
      fakeServer(reply as any);
      await expect(sdk.init(INIT)).resolves.toBeUndefined();
      await settle();
      expect(shownStep()).toBeNull();
    }
  });

  it('bad arguments and unknown commands are logged, not thrown', async () => {
    fakeServer();
    const log = vi.spyOn(console, 'debug').mockImplementation(() => {});
    expect(() => sdk.Waypost('nope')).not.toThrow();
    await expect(sdk.init(undefined as any)).resolves.toBeUndefined();
    await expect(sdk.init({} as any)).resolves.toBeUndefined();
    expect(() => sdk.track('not-custom')).not.toThrow();
    expect(() => sdk.on(undefined as any, undefined as any)()).not.toThrow();
    expect(() => sdk.start('missing')).not.toThrow(); // waits for a successful init
    await sdk.init(INIT);
    await expect(sdk.start('missing')).resolves.toBeUndefined();
    expect(() => sdk.help('open')).not.toThrow();
    expect(() => sdk.stop()).not.toThrow();
    expect(log).toHaveBeenCalled();
  });

  it('the dispatcher forwards to the named functions', async () => {
    fakeServer({ status: 200, body: bootstrapBody([]) });
    const fn = vi.fn();
    const off = sdk.Waypost('on', 'custom:hello', fn) as () => void;
    await sdk.Waypost('init', INIT);
    sdk.Waypost('track', 'custom:hello', { n: 1 });
    off();
    sdk.Waypost('track', 'custom:hello');
    expect(fn).toHaveBeenCalledTimes(1);
    expect(fn.mock.calls[0][0]).toMatchObject({ type: 'custom:hello', data: { n: 1 } });
  });

  it('track takes any custom name the server takes, and nothing it would refuse', async () => {
    fakeServer({ status: 200, body: bootstrapBody([]) });
    const seen: string[] = [];
    await sdk.init(INIT);
    const accepted = ['custom:ปุ่ม กด', 'custom:Button Clicked', `custom:${'x'.repeat(57)}`, `custom:${'😀'.repeat(57)}`];
    for (const type of accepted) {
      const off = sdk.on(type, (e) => seen.push(e.type));
      sdk.track(type);
      off();
    }
    const refused = ['custom:', `custom:${'x'.repeat(58)}`, `custom:${'😀'.repeat(58)}`, 'custom:a\nb', 'custom:a\x7f',
      'custom:\ud83d cut in half', 'click'];
    for (const type of refused) {
      const off = sdk.on(type, (e) => seen.push(e.type));
      sdk.track(type);
      off();
    }
    expect(seen).toEqual(accepted);
  });

  it('an optOut() the server refuses still stops auto tours here', async () => {
    const server = fakeServer();
    server.optOut = { status: 500 };
    await sdk.init(INIT);
    await settle();
    await expect(sdk.optOut()).resolves.toBeUndefined();
    expect(shownStep()).toBeNull();
  });
});
