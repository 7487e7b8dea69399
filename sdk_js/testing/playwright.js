/**
 * Test helpers for a host app's own Playwright tests (`@playwright/test`, or `playwright` / `playwright-core`):
 * start one of its Waypost tours on a page and walk it as a user would, then see how it ended.
 *
 *   import { walkTour } from '@waypost/sdk/testing/playwright';
 *   const { outcome, steps } = await walkTour(page, 'getting-started');
 *   expect(outcome).toBe('completed');            // 'target_missing' as soon as a step's target is not there
 *
 * They read only the public surface: `window.Waypost` (its `start` promise) and the step's DOM hooks.
 */

/** Resolves once the snippet on `page` is loaded (`window.Waypost` is the real function, not the stand-in). */
export async function waitForWaypost(page, { timeout = 10000 } = {}) {
  await page.waitForFunction(() => window.Waypost?.loaded === true, null, { timeout });
}

/** The id of the step on screen if it is not `previous`, else null (read in the page). */
const nextStep = (previous) => {
  const step = document.querySelector('waypost-root')?.shadowRoot?.querySelector('[data-waypost-step]');
  const id = step?.getAttribute('data-waypost-step');
  return id && id !== previous ? id : null;
};

/**
 * Starts tour `tourId` and presses Next on each step (Done on the last) until the tour ends. Resolves to
 * `{ outcome, steps }`: how it ended ('completed', 'dismissed', 'target_missing' or 'opted_out'; undefined when no
 * such tour is published) and the ids of the steps shown, in order.
 */
export async function walkTour(page, tourId, { timeout = 10000 } = {}) {
  await waitForWaypost(page, { timeout });
  let ended = false;
  const outcome = page.evaluate((id) => window.Waypost('start', id), tourId).finally(() => (ended = true));
  const steps = [];
  while (!ended) {
    const shown = page.waitForFunction(nextStep, steps.at(-1) ?? null, { timeout, polling: 50 });
    shown.catch(() => {}); // the tour may end first
    const step = await Promise.race([shown.then((handle) => handle.jsonValue()), outcome.then(() => null)]);
    if (!step || ended) break;
    steps.push(step);
    const buttons = `[data-waypost-step="${step}"] [data-waypost-action="next"], [data-waypost-step="${step}"] [data-waypost-action="done"]`;
    await page.locator(buttons).click({ timeout });
  }
  return { outcome: await outcome, steps };
}
