/** Test helpers: a fresh SDK per test (module state reset), a fake SDK backend on `fetch`. */
import { vi } from 'vitest';

export interface Call {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: any;
  signal?: AbortSignal | null;
}

export type Reply = { status: number; body?: unknown; text?: string } | Error;

export interface FakeServer {
  calls: Call[];
  bootstrap: Reply;
  events: Reply;
  optOut: Reply;
  /** Other endpoints (the knowledge base): the first key found in the URL answers. */
  routes: Record<string, Reply | ((call: Call) => Reply)>;
  eventsPosted: () => any[];
}

export function tour(overrides: Record<string, unknown> = {}) {
  return {
    id: 'intro',
    version: 3,
    name: 'Intro',
    auto: true,
    progress: null,
    steps: [
      { id: 'welcome', target: null, title: 'Welcome', body_html: '<p>Hello <b>there</b></p>', placement: 'bottom', advance_on: 'next' },
      { id: 'button', target: '#btn', title: 'The button', body_html: '<p>Press it</p>', placement: 'right', advance_on: 'next' },
      { id: 'bye', target: null, title: 'Bye', body_html: '', placement: null, advance_on: 'next' },
    ],
    ...overrides,
  };
}

export function bootstrapBody(tours: unknown[] = [tour()], extra: Record<string, unknown> = {}) {
  return {
    user: { id: 'u1', opted_out: false },
    tours,
    help: { articles: [] },
    locale: 'en',
    dir: 'ltr',
    strings: { next: 'Next', back: 'Back', done: 'Done', close: 'Close', opt_out: "Don't show tours again", progress: '{current} of {total}' },
    ...extra,
  };
}

/** Replaces `fetch` with a fake of the three SDK endpoints; answers can be changed per test. */
export function fakeServer(bootstrap: Reply = { status: 200, body: bootstrapBody() }): FakeServer {
  const server: FakeServer = {
    calls: [],
    bootstrap,
    events: { status: 202, body: { accepted: 1, duplicates: 0 } },
    optOut: { status: 200, body: { opted_out: true, tour_id: null } },
    routes: {},
    eventsPosted: () => server.calls.filter((c) => c.url.includes('/events')).flatMap((c) => c.body.events),
  };
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit = {}) => {
      const call: Call = {
        method: init.method || 'GET',
        url: String(url),
        headers: (init.headers || {}) as Record<string, string>,
        body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
        signal: init.signal,
      };
      server.calls.push(call);
      const route = Object.keys(server.routes).find((k) => call.url.includes(k));
      const answer = route && server.routes[route];
      const reply = answer
        ? typeof answer === 'function'
          ? answer(call)
          : answer
        : call.url.includes('/bootstrap')
          ? server.bootstrap
          : call.url.includes('/events')
            ? server.events
            : server.optOut;
      if (reply instanceof Error) throw reply;
      const text = reply.text ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
      return new Response(text, { status: reply.status, headers: { 'Content-Type': 'application/json' } });
    }),
  );
  return server;
}

/** A fresh copy of the SDK (its module state starts over) on a clean page. */
export async function freshSdk() {
  vi.resetModules();
  localStorage.clear();
  document.body.innerHTML = '';
  return import('../src/index');
}

export const shadow = (): ShadowRoot | null => document.querySelector('waypost-root')?.shadowRoot || null;
export const shownStep = (): HTMLElement | null =>
  (shadow()?.querySelector('[role="dialog"][data-waypost-step]') as HTMLElement) || null;
export const action = (name: string) =>
  shadow()!.querySelector(`[data-waypost-action="${name}"]`) as HTMLButtonElement;

/** Lets pending promises, microtasks and zero-delay timers run. */
export async function settle(ms = 0) {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, ms));
}
