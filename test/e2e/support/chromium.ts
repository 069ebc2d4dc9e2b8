import { existsSync } from 'node:fs'
import { chromium } from 'playwright-core'

/** Where Debian's chromium package puts the browser. */
export const debianChromium = '/usr/bin/chromium'

/** The Chromium to test with: $CHROMIUM_PATH, Playwright's own download, or Debian's. Undefined when none is there. */
export function findChromium(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH
  if (fromEnv && existsSync(fromEnv)) return fromEnv
  try {
    const own = chromium.executablePath()
    if (own && existsSync(own)) return own
  } catch {
    // Playwright has no browser of its own here.
  }
  return existsSync(debianChromium) ? debianChromium : undefined
}
