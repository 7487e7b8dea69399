/**
 * A robust CSS selector for a picked element: the anchor its developers declared for tours
 * (`data-waypost-id`), else its id, else an attribute that names it on purpose (test ids, aria-label,
 * name), else a short `nth-of-type` path from the nearest ancestor that has one of those. Every
 * candidate must match the element and nothing else in its document.
 */

/** The attribute a host app puts on elements for tours to point at: preferred over everything. */
export const ANCHOR_ATTR = 'data-waypost-id';

/** Attributes that name an element on purpose, in order of preference (after its id). */
export const NAMING_ATTRS = ['data-testid', 'data-test', 'data-test-id', 'data-qa', 'data-cy', 'aria-label', 'name'];

/** Whether a selector leans on where elements sit (it breaks when the page's layout changes). */
export const byPosition = (selector: string): boolean => selector.includes(':nth-of-type(');

// Ids minted per render (React's useId ":r1:" or "«r1»", Ember's "ember123", row ids with long
// numbers) differ between visits or users, so a tour anchored to them would not find its target.
const GENERATED_ID = /^[:«]|^ember\d+$|\d{4,}/;

const quote = (value: string) =>
  `"${value.replace(/["\\]/g, '\\$&').replace(/[\n\r\f]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}"`;

/** The document or shadow root `el` is in: its selector names it there. */
const scopeOf = (el: Element) => el.getRootNode() as Document | ShadowRoot;

function only(selector: string, el: Element): boolean {
  try {
    const found = scopeOf(el).querySelectorAll(selector);
    return found.length === 1 && found[0] === el;
  } catch {
    return false;
  }
}

/** A selector for `el` from its own id or naming attributes alone, or null. */
function ownSelector(el: Element): string | null {
  return (
    byAttribute(el, [ANCHOR_ATTR]) ||
    (el.id && !GENERATED_ID.test(el.id) && only(`#${CSS.escape(el.id)}`, el) ? `#${CSS.escape(el.id)}` : null) ||
    byAttribute(el, NAMING_ATTRS)
  );
}

function byAttribute(el: Element, names: string[]): string | null {
  for (const name of names) {
    const value = el.getAttribute(name);
    if (!value || value.length > 100) continue;
    const attr = `[${name}=${quote(value)}]`;
    for (const candidate of [attr, CSS.escape(el.localName) + attr]) if (only(candidate, el)) return candidate;
  }
  return null;
}

/** `li:nth-of-type(3)`, or just `li` when no sibling shares its type. */
function pathStep(el: Element): string {
  const type = CSS.escape(el.localName);
  const same = [...(el.parentElement?.children || [])].filter(
    (c) => c.localName === el.localName && c.namespaceURI === el.namespaceURI,
  );
  return same.length > 1 ? `${type}:nth-of-type(${same.indexOf(el) + 1})` : type;
}

/** The selector for `el`, or null when none can name it alone (e.g. it is not in its document). Inside an open
 * shadow root or a same-origin iframe it is the host's (or the frame's) selector, `>>>`, and its own there. */
export function selectorFor(el: Element): string | null {
  if (!el.isConnected) return null;
  const scope = scopeOf(el);
  const outer = (scope as ShadowRoot).host || el.ownerDocument.defaultView?.frameElement;
  const inner = selectorIn(el, scope);
  const prefix = outer && selectorFor(outer);
  return !inner || (outer && !prefix) ? null : prefix ? `${prefix} >>> ${inner}` : inner;
}

function selectorIn(el: Element, scope: Document | ShadowRoot): string | null {
  const own = ownSelector(el);
  if (own) return own;
  const steps: string[] = [];
  for (let node: Element | null = el; node; node = node.parentElement) {
    const anchor = node !== el && (node.localName === 'body' && scope.nodeType === 9 ? 'body' : ownSelector(node));
    if (anchor) {
      steps.unshift(anchor);
      break;
    }
    steps.unshift(pathStep(node));
  }
  const selector = steps.join(' > ');
  return only(selector, el) ? selector : null;
}
