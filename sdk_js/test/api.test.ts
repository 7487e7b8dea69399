import { describe, expect, it, vi } from 'vitest';
import { bootstrapBody, fakeServer, tour } from './helpers';

async function fresh(user: Record<string, unknown> = { id: 'u 1', token: 'jwt' }, locale?: string) {
  vi.resetModules();
  const state = await import('../src/state');
  state.setState({ config_: { key_: 'pk_1', server_: 'https://g.test', locale_: locale, targetTimeout_: 5000 }, user_: user as any });
  return import('../src/api');
}

describe('api client', () => {
  it('asks for bootstrap with the page, the user, the locale and the traits', async () => {
    const server = fakeServer();
    const api = await fresh({ id: 'u 1', token: 'jwt', traits: { plan: 'trial' } }, 'th');
    history.replaceState(null, '', '/app/projects?tab=2');
    const boot = await api.fetchBootstrap();
    history.replaceState(null, '', '/');
    expect(boot?.tours.map((t) => t.id)).toEqual(['intro']);
    const call = server.calls[0];
    const url = new URL(call.url);
    expect(url.origin + url.pathname).toBe('https://g.test/api/v1/sdk/bootstrap');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      url: '/app/projects?tab=2',
      user_id: 'u 1',
      user_token: 'jwt',
      locale: 'th',
      traits: '{"plan":"trial"}',
    });
    expect(call.headers['X-Waypost-Key']).toBe('pk_1');
  });

  it('turns a 500, junk and non-JSON into "no bootstrap"', async () => {
    const server = fakeServer({ status: 500, body: { error: { code: 'internal', message: 'x' } } });
    const api = await fresh();
    expect(await api.fetchBootstrap()).toBeNull();
    server.bootstrap = { status: 200, text: '<html>proxy error</html>' };
    expect(await api.fetchBootstrap()).toBeNull();
    server.bootstrap = { status: 200, body: [1, 2] };
    expect(await api.fetchBootstrap()).toBeNull();
    server.bootstrap = { status: 200, body: 'a string' };
    expect(await api.fetchBootstrap()).toBeNull();
  });

  it('keeps only well-formed tours and steps', async () => {
    const api = await fresh();
    const boot = api.parseBootstrap(
      bootstrapBody([
        tour(),
        { id: 'no-steps', steps: [] },
        { id: 'steps-not-list', steps: 'x' },
        { id: 7, steps: [{ id: 'a' }] },
        null,
        'junk',
        { id: 'partly', steps: [{ id: 'ok', target: null }, { title: 'no id' }, null] },
      ]),
    )!;
    expect(boot.tours.map((t) => t.id)).toEqual(['intro', 'partly']);
    expect(boot.tours[1].steps.map((s) => s.id)).toEqual(['ok']);
  });

  it('fills what is missing with safe defaults', async () => {
    const api = await fresh();
    const boot = api.parseBootstrap({ tours: null, user: 'x', dir: 'sideways', locale: 'ar', strings: 5 })!;
    expect(boot).toEqual({
      user: { opted_out: false },
      tours: [],
      experiences: [],
      help: { articles: [] },
      locale: 'ar',
      dir: 'ltr', // junk from the server: the direction of the English strings mergeStrings falls back to
      strings: 5, // mergeStrings falls back to English for all of it
    });
  });

  it('keeps the experiences with an id and a type (each type\'s chunk checks the rest)', async () => {
    const api = await fresh();
    const good = { id: 'b', type: 'banner', html: '<p>x</p>' };
    const boot = api.parseBootstrap({ experiences: [good, { ...good, type: 5 }, { ...good, id: 5 }, 'x', null] })!;
    expect(boot.experiences).toEqual([good]);
    expect(api.parseBootstrap({ experiences: { 0: good } })!.experiences).toEqual([]);
  });

  it('sends the opt-out with the token', async () => {
    const server = fakeServer();
    const api = await fresh({ id: 'a/b', token: 'jwt' });
    const r = await api.putOptOut(true, 'intro');
    expect(r.status).toBe(200);
    expect(server.calls[0].method).toBe('PUT');
    expect(server.calls[0].url).toBe('https://g.test/api/v1/sdk/users/a%2Fb/opt-out');
    expect(server.calls[0].body).toEqual({ opted_out: true, tour_id: 'intro', user_token: 'jwt' });
  });
});
