import { test, expect } from '@playwright/test'
import { startServe, type ServedCluster } from './support/serve'
import { AppPage } from './pages/app-page'

let served: ServedCluster

test.beforeAll(async () => {
  served = await startServe(['--clock', 'instant'])
})

test.afterAll(async () => {
  await served?.stop()
})

test('the app loads in serve mode and reaches the cluster over the WebSocket contract', async ({ page }) => {
  const app = new AppPage(page)
  await app.open(served.parts.ui)
  await expect(app.clusterName).toContainText('Cluster kubelab')
  await page.screenshot({ path: 'test-results/app-loads.png', fullPage: true })
})

test('without the token the app says how to connect, and the socket refuses it', async ({ page }) => {
  const app = new AppPage(page)
  const url = new URL(served.parts.ui)
  url.search = ''
  await app.open(url.toString())
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
