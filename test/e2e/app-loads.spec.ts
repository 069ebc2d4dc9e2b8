import { test, expect } from '@playwright/test'
import { serveForFile } from './support/serve-for-file'
import { AppPage } from './pages/app-page'

const served = serveForFile()

test('the app loads with the default cluster: its name, namespaces, kinds and canvas', async ({ page }) => {
  const app = new AppPage(page)
  await app.open(served().parts.ui)
  await expect(app.clusterName).toHaveText('kubelab')
  await app.ready()
  for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) await expect(app.namespace(ns)).toBeVisible()
  await expect(app.kindCount('namespaces')).toHaveText('4')
  await expect(app.kind('pods')).toBeVisible()
  await expect(app.kind('services')).toBeVisible()
  await expect(app.canvas).toBeVisible()
  // Nodes come from the simulated kubelets: once they exist they are boxes on the canvas; before, the canvas says what to do.
  const nodes = (await app.topologyNodes()).filter((id) => id.startsWith('node/'))
  if (nodes.length) expect(nodes).toContain('node/kubelab-control-plane')
  else await expect(app.emptyState).toContainText('apply a manifest')
  await expect(app.clockTime).toContainText(/\d\d:\d\d:\d\d/)
  await app.screenshot('app-loads')
})

test('the sidebar says how to use kubectl with the cluster, and filters by namespace', async ({ page }) => {
  const app = new AppPage(page)
  await app.open(served().parts.ui)
  await app.ready()
  await page.locator('[data-test="toggle-connect"]').click()
  await expect(page.locator('[data-test="kubeconfig-export"]')).toHaveText(`export KUBECONFIG=${served().parts.kubeconfig}`)
  await app.namespace('kube-system').click()
  await expect(page.locator('[data-test="topology-namespace"]')).toContainText('kube-system')
  // Only kube-system's pods (the control plane's static pods, once nodes run) stay on the canvas.
  await expect.poll(async () => (await app.topologyNodes()).filter((id) => id.startsWith('pod/') && !id.startsWith('pod/kube-system/'))).toEqual([])
  await app.screenshot('namespace-filter')
  await app.namespace('all').click()
})

test('the light theme applies to the whole app and is remembered', async ({ page }) => {
  const app = new AppPage(page)
  await app.open(served().parts.ui)
  await app.ready()
  await page.locator('[data-test="toggle-theme"]').click()
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light')
  await app.screenshot('app-light-theme')
  await page.reload()
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light')
  await page.locator('[data-test="toggle-theme"]').click()
})

test('without the token the app says how to connect, and the socket refuses it', async ({ page }) => {
  const app = new AppPage(page)
  const url = new URL(served().parts.ui)
  url.search = ''
  await page.goto(url.toString())
  await expect(app.error).toContainText('Not connected to a cluster')
  const refused = await page.evaluate(async (host) => {
    return new Promise<boolean>((resolve) => {
      const ws = new WebSocket(`ws://${host}/ipc?token=wrong`)
      ws.onopen = () => resolve(false)
      ws.onerror = () => resolve(true)
    })
  }, url.host)
  expect(refused).toBe(true)
})
