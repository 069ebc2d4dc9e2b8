import { test, expect } from '@playwright/test'
import { serveForFile } from './support/serve-for-file'
import { readFileSync } from 'node:fs'
import { AppPage } from './pages/app-page'

const served = serveForFile()

test('the UI is served with a strict Content-Security-Policy, and inline script is refused', async ({ page, request }) => {
  const res = await request.get(served().parts.ui)
  const csp = res.headers()['content-security-policy']
  expect(csp).toContain("script-src 'self'")
  expect(csp).toContain("object-src 'none'")
  expect(csp).toContain("frame-ancestors 'none'")
  expect(res.headers()['x-frame-options']).toBe('DENY')

  const app = new AppPage(page)
  const violations: string[] = []
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text())
  })
  await app.open(served().parts.ui)
  await app.ready()
  // The app itself breaks no rule of its policy...
  expect(violations).toEqual([])
  // ...and script injected into the page does not run.
  const ran = await page.evaluate(() => {
    const g = globalThis as unknown as { document: { createElement(t: string): { textContent: string }; body: { appendChild(n: unknown): void } }; __injected?: boolean }
    const s = g.document.createElement('script')
    s.textContent = 'globalThis.__injected = true'
    g.document.body.appendChild(s)
    return g.__injected === true
  })
  expect(ran).toBe(false)
})

test('the kubeconfig path is shown with the export line and a copy button', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  const app = new AppPage(page)
  await app.open(served().parts.ui)
  await app.ready()
  await page.locator('[data-test="toggle-connect"]').click()
  const line = page.locator('[data-test="kubeconfig-export"]')
  await expect(line).toHaveText(`export KUBECONFIG=${served().parts.kubeconfig}`)
  await page.locator('[data-test="connect"] button', { hasText: 'Copy' }).click()
  await expect(app.toast).toContainText('Copied')
  expect(await page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText())).toBe(
    `export KUBECONFIG=${served().parts.kubeconfig}`
  )
  await app.screenshot('kubeconfig-shown')
})

test('the topology exports as PNG and SVG', async ({ page }) => {
  const app = new AppPage(page)
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await app.open(served().parts.ui)
  await app.ready()
  await expect.poll(async () => (await app.topologyNodes()).some((id) => id.startsWith('node/'))).toBe(true)

  const [png] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test="export-png"]').click()])
  expect(png.suggestedFilename()).toMatch(/^kubelab-cluster-.*\.png$/)
  const pngBytes = readFileSync((await png.path())!)
  expect([...pngBytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  expect(pngBytes.length).toBeGreaterThan(5_000)

  // Chromium asks before a page downloads a second file on its own: a fresh page downloads the SVG.
  await app.open(served().parts.ui)
  await app.ready()
  await expect.poll(async () => (await app.topologyNodes()).some((id) => id.startsWith('node/'))).toBe(true)
  const [svg] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test="export-svg"]').click()])
  expect(svg.suggestedFilename()).toMatch(/\.svg$/)
  const text = readFileSync((await svg.path())!, 'utf8')
  expect(text).toContain('<svg')
  // The node boxes' labels are drawn as text in the drawing.
  expect(text).toContain('kubelab-control-plane')
  expect(errors).toEqual([])
  await app.screenshot('topology-export')
})
