/**
 * The picker's selector on tricky pages: each answer names the element and nothing else.
 * In jsdom rather than happy-dom, whose selector engine refuses some escapes CSS.escape makes;
 * jsdom has no CSS.escape, so the reference polyfill stands in.
 * @vitest-environment jsdom
 */
import 'css.escape';
import { beforeEach, describe, expect, it } from 'vitest';
import { selectorFor } from '../src/picker/selector';

const $ = (css: string) => document.querySelector(css)!;

function expectUnique(el: Element, want?: string) {
  const selector = selectorFor(el)!;
  expect(selector).toBeTruthy();
  const found = document.querySelectorAll(selector);
  expect(found).toHaveLength(1);
  expect(found[0]).toBe(el);
  if (want) expect(selector).toBe(want);
  return selector;
}

describe('selectorFor', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
  });

  it('prefers the anchor the developers declared for tours, then a unique id', () => {
    document.body.innerHTML = '<div><button id="new-project" data-waypost-id="create" data-testid="np">New</button></div>';
    expectUnique($('button'), '[data-waypost-id="create"]');
    document.body.innerHTML = '<a data-waypost-id="x">1</a><b data-waypost-id="x">2</b>';
    expectUnique($('b'), 'b[data-waypost-id="x"]'); // not unique alone: with its tag
  });

  it('prefers a unique id', () => {
    document.body.innerHTML = '<div><button id="new-project" class="btn" data-testid="np">New</button></div>';
    expectUnique($('button'), '#new-project');
  });

  it('escapes ids with special characters', () => {
    document.body.innerHTML = '<p id="a.b:c[1]">x</p><p id="2fa">y</p><p id="say &quot;hi&quot;">z</p>';
    const [dotted, digit, quoted] = document.querySelectorAll('p');
    expect(expectUnique(dotted)).toBe('#a\\.b\\:c\\[1\\]');
    expect(expectUnique(digit)).toBe('#\\32 fa');
    expectUnique(quoted);
  });

  it('skips duplicate and generated ids', () => {
    document.body.innerHTML =
      '<section id="main"><span id="twice">1</span><span id="twice">2</span><em id=":r1:">3</em><b id="row-123456">4</b></section>';
    expectUnique(document.querySelectorAll('span')[1], '#main > span:nth-of-type(2)');
    expectUnique($('em'), '#main > em');
    expectUnique($('b'), '#main > b');
  });

  it('uses test ids and aria-labels, qualified by the tag when the attribute alone is shared', () => {
    document.body.innerHTML = `
      <button data-testid="save">Save</button>
      <a data-cy="save">Save link</a><button data-cy="save">Save button</button>
      <button aria-label="Close dialog">x</button>
      <div data-qa='say "hi"\\'>q</div>`;
    expectUnique($('button[data-testid]'), '[data-testid="save"]');
    expectUnique($('button[data-cy]'), 'button[data-cy="save"]');
    expectUnique($('[aria-label]'), '[aria-label="Close dialog"]');
    expectUnique($('div'), '[data-qa="say \\"hi\\"\\\\"]');
  });

  it('never relies on classes, however many elements share them', () => {
    document.body.innerHTML = `<div id="cards">${'<div class="card primary"><button class="btn btn-lg">Go</button></div>'.repeat(3)}</div>`;
    const second = document.querySelectorAll('button')[1];
    expectUnique(second, '#cards > div:nth-of-type(2) > button');
  });

  it('finds items inside lists from the nearest named ancestor', () => {
    document.body.innerHTML = `
      <nav aria-label="Main"><ul><li><a href="/a">A</a></li><li><a href="/b">B</a></li><li><a href="/c">C</a></li></ul></nav>
      <ul><li>x</li><li><span>y</span></li></ul>`;
    expectUnique(document.querySelectorAll('nav a')[2], '[aria-label="Main"] > ul > li:nth-of-type(3) > a');
    expectUnique($('body > ul span'), 'body > ul > li:nth-of-type(2) > span');
  });

  it('handles SVG elements', () => {
    document.body.innerHTML = `
      <div id="chart"><svg viewBox="0 0 10 10"><g><circle r="1"/><circle r="2"/></g><linearGradient id="grad"/></svg></div>`;
    expectUnique(document.querySelectorAll('circle')[1], '#chart > svg > g > circle:nth-of-type(2)');
    expectUnique($('svg'), '#chart > svg');
    expectUnique($('linearGradient'), '#grad');
  });

  it('gives up on elements outside the document', () => {
    const loose = document.createElement('div');
    expect(selectorFor(loose)).toBeNull();
  });

  it('steps into open shadow roots with >>>, and the snippet finds what it names', async () => {
    const { query } = await import('../src/target');
    document.body.innerHTML = '<main><app-shell data-testid="shell"></app-shell></main>';
    const shell = document.querySelector('app-shell')!;
    const root = shell.attachShadow({ mode: 'open' });
    root.innerHTML = '<nav><button id="save">Save</button><button>Other</button></nav><user-menu></user-menu>';
    const save = root.getElementById('save')!;
    expect(selectorFor(save)).toBe('[data-testid="shell"] >>> #save');
    expect(query(selectorFor(save)!)).toBe(save);
    const other = root.querySelectorAll('button')[1];
    expect(query(selectorFor(other)!)).toBe(other);
    const menu = root.querySelector('user-menu')!;
    const item = menu.attachShadow({ mode: 'open' }).appendChild(document.createElement('a'));
    item.setAttribute('aria-label', 'Log out');
    expect(selectorFor(item)).toBe('[data-testid="shell"] >>> user-menu >>> [aria-label="Log out"]');
    expect(query(selectorFor(item)!)).toBe(item);
  });
});
