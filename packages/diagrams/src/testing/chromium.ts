import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/**
 * Browser tests run in real headless Chromium: Debian's, which .ci/run
 * installs (another one with PIPEWISE_CHROMIUM). Without it they are skipped,
 * except under CI, where a missing browser is an error rather than a quiet
 * skip.
 */
export const CHROMIUM = process.env.PIPEWISE_CHROMIUM ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && process.env.CI) {
  throw new Error(`Chromium is missing at ${CHROMIUM}; .ci/run installs it`);
}

/** Starts headless Chromium without the background traffic a closed network refuses. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
}
