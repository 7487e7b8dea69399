// An example of a host app testing its own tour, run with Node's own test runner and playwright-core
// (with @playwright/test it is the same calls inside `test(...)`). `make test` runs it against a real Waypost
// server: WAYPOST_EXAMPLE_URL is a host page with the snippet, WAYPOST_EXAMPLE_TOUR a tour published for it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chromium } from 'playwright-core';
import { walkTour } from './playwright.js';

const url = process.env.WAYPOST_EXAMPLE_URL;
const tour = process.env.WAYPOST_EXAMPLE_TOUR;

test('the tour can be walked to its end', async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium' });
  try {
    const page = await browser.newPage();
    await page.goto(url);
    const { outcome, steps } = await walkTour(page, tour);
    assert.equal(outcome, 'completed');
    assert.deepEqual(steps, (process.env.WAYPOST_EXAMPLE_STEPS || '').split(','));
  } finally {
    await browser.close();
  }
});

test('a step whose target is gone says so', async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium' });
  try {
    const page = await browser.newPage();
    await page.goto(url);
    const { outcome } = await walkTour(page, process.env.WAYPOST_EXAMPLE_BROKEN_TOUR);
    assert.equal(outcome, 'target_missing');
  } finally {
    await browser.close();
  }
});
