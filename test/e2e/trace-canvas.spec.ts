import { test, expect } from '@playwright/test'
import { serveForFile } from './support/serve-for-file'
import { AppPage, ApplyDialog, Inspector } from './pages/app-page'
import { TracePanel } from './pages/trace-page'
import { applyGuestbook, runningPods } from './pages/guestbook'

const served = serveForFile()

test('a trace picked on the canvas plays hop by hop across the Cluster and Networks views; a dropped one marks its culprit', async ({ page }) => {
  const app = new AppPage(page)
  const dialog = new ApplyDialog(page)
  const inspector = new Inspector(page)
  const trace = new TracePanel(page, app)
  // The pointer off the canvas, so no tooltip covers the path.
  const shot = async (name: string): Promise<void> => {
    await page.mouse.move(2, 2)
    await app.screenshot(name)
  }
  await app.open(served().parts.ui)
  await app.ready()
  await applyGuestbook(app, dialog)
  const [master] = await runningPods(app, 'redis-master')
  const frontend = (await runningPods(app, 'frontend')).find((f) => f.node !== master.node)!
  expect(frontend).toBeDefined()
  const feName = frontend.name

  // Source and destination picked on the canvas: the Trace tab opens with the question filled in.
  await trace.fromCanvas(frontend.id, 'from')
  await expect(inspector.name).toHaveText(feName)
  await expect(trace.source).toHaveValue(`default/${feName}`)
  await trace.fromCanvas('svc/default/redis-master', 'to')
  await expect(inspector.name).toHaveText('redis-master')
  await expect(trace.destination).toHaveValue('redis-master')
  await expect(trace.port).toHaveValue('6379')
  await trace.run()
  await expect(trace.verdict).toContainText('Delivered')

  // It plays: the marker walks the hops, then the whole path is lit.
  await expect(trace.marker).toHaveAttribute('data-step', /\d+/)
  await trace.played()
  const path = await trace.marked('trace-path')
  for (const id of [frontend.id, 'svc/default/redis-master', master.id, `node/${frontend.node}`, `node/${master.node}`]) expect(path).toContain(id)
  // The Service's edge to the pod kube-proxy DNATs to is on the path.
  expect(path).toContain(`serves:svc/default/redis-master->${master.id}`)
  expect(await trace.marked('trace-culprit')).toEqual([])
  await shot('trace-canvas-cluster')

  // Stepping in the hop table shows that hop on the canvas.
  await trace.hops.filter({ hasText: /^\s*resolve/i }).first().click()
  await expect.poll(() => trace.marked('trace-current')).toEqual(['svc/default/redis-master'])
  await trace.hops.filter({ hasText: /^\s*encapsulate/i }).first().click()
  // Both nodes, in whatever order the canvas holds them.
  await expect.poll(async () => (await trace.marked('trace-current')).sort()).toEqual([`node/${frontend.node}`, `node/${master.node}`].sort())

  // The Networks view: the same path on the networks' layers, the tunnel between the nodes' NICs.
  await app.switchView('networks')
  await trace.replay()
  await trace.played()
  const onNetworks = await trace.marked('trace-path')
  for (const id of [frontend.id, 'svc/default/redis-master', master.id, `nic/${frontend.node}`, `nic/${master.node}`]) expect(onNetworks).toContain(id)
  expect(onNetworks).toContain(`dnat:svc/default/redis-master->${master.id}`)
  await shot('trace-canvas-networks')

  // A port redis-master's Service does not have: dropped, the Service to blame, in red.
  await trace.port.fill('6380')
  await trace.run()
  await expect(trace.verdict).toContainText('Dropped')
  await expect(trace.culprits.first()).toHaveText('Service default/redis-master')
  await trace.played()
  await expect.poll(() => trace.marked('trace-culprit')).toEqual(['svc/default/redis-master'])
  await shot('trace-canvas-dropped')

  // Straight to the pod on a port nothing listens on: the pod is to blame.
  await trace.destination.fill(`default/${master.name}`)
  await trace.run()
  await expect(trace.verdict).toContainText('Dropped')
  await trace.played()
  await expect.poll(() => trace.marked('trace-culprit')).toEqual([master.id])
  await app.switchView('cluster')
  await expect.poll(() => trace.marked('trace-culprit')).toEqual([master.id])
  await shot('trace-canvas-culprit-pod')

  // From outside the cluster to the frontend's NodePort: through a node, kube-proxy's NodePort rule, to a frontend pod.
  await trace.fromCanvas('svc/default/frontend', 'outside')
  await expect(page.locator('[data-test="trace-source-kind"]')).toHaveValue('external')
  await expect(trace.port).toHaveValue('30001')
  await trace.run()
  await expect(trace.verdict).toContainText('Delivered')
  await trace.played()
  const fromOutside = await trace.marked('trace-path')
  expect(fromOutside).toContain('svc/default/frontend')
  expect(fromOutside.some((id) => id.startsWith('pod/default/frontend-'))).toBe(true)
  await shot('trace-canvas-nodeport')

  // The chip over the canvas replays or clears the path whatever the inspector shows.
  await page.locator('[data-test="inspector-tab-summary"]').click()
  await expect(page.locator('[data-test="trace-chip"]')).toContainText('Delivered')
  await page.locator('[data-test="trace-chip-clear"]').click()
  await expect(page.locator('[data-test="trace-chip"]')).toBeHidden()
  await expect.poll(() => trace.marked('trace-path')).toEqual([])
  await expect(trace.marker.locator('circle')).toHaveCount(0)
})
