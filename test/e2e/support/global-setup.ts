import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { findChromium } from './chromium'

/**
 * Before the browser tests run: builds the UI (serve mode serves the built
 * renderer, and a stale build would test yesterday's UI; it takes seconds),
 * and makes sure a Chromium exists. As root on Debian it installs the
 * chromium package (announced); elsewhere it stops with the exact command to run.
 */
export default function globalSetup(): void {
  if (!process.env.KUBELAB_E2E_SKIP_BUILD) execFileSync('npx', ['electron-vite', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] })
  if (findChromium()) return
  const isRoot = process.getuid?.() === 0
  const isDebian = existsSync('/etc/debian_version')
  const command = 'apt-get update && apt-get install -y chromium'
  if (isRoot && isDebian) {
    console.log(`[setup] No Chromium found: installing Debian's chromium package (${command})…`)
    execFileSync('sh', ['-c', `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium`], { stdio: 'inherit' })
    if (findChromium()) return
  }
  throw new Error(`The browser tests need Chromium. Install it with:\n  sudo ${command}\nor point CHROMIUM_PATH at a Chromium binary.`)
}
