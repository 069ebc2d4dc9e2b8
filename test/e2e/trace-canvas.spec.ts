import { test, expect } from '@playwright/test'
import { serveForFile } from './support/serve-for-file'
import { AppPage, ApplyDialog, Inspector } from './pages/app-page'
import { TracePanel } from './pages/trace-page'

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
  await dialog.open()
  await dialog.loadExample('guestbook')
  await dialog.apply()
  await expect(dialog.root).toBeHidden()

  const running = async (prefix: string): Promise<Array<{ id: string; node: string }>> => {
    const out: Array<{ id: string; node: string }> = []
    for (const id of (await app.topologyNodes()).filter((i) => i.startsWith(`pod/default/${prefix}-`))) {
      const d = await app.topologyData(id)
      if (d?.status === 'Running' && typeof d.node === 'string') out.push({ id, node: d.node })
    }
    return out
  }
  await expect.poll(async () => (await running('redis-master')).length, { timeout: 30_000 }).toBe(1)
  await expect.poll(async () => (await running('frontend')).length, { timeout: 30_000 }).toBe(3)
  const [master] = await running('redis-master')
  const frontend = (await running('frontend')).find((f) => f.node !== master.node)!
  expect(frontend).toBeDefined()
  const feName = frontend.id.split('/')[2]

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
  await expect.poll(() => trace.marked('trace-current')).toEqual([`node/${frontend.node}`, `node/${master.node}`])

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
  await trace.destination.fill(`default/${master.id.split('/')[2]}`)
  await trace.run()
  await expect(trace.verdict).toContainText('Dropped')
  await trace.played()
  await expect.poll(() => trace.marked('trace-culprit')).toEqual([master.id])
  await app.switchView('cluster')
  await expect.poll(() => trace.marked('trace-culprit')).toEqual([master.id])
  await shot('trace-canvas-culprit-pod')
})
