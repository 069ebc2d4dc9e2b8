import { execFileSync } from 'node:child_process'
import { test, expect } from '@playwright/test'
import { serveForFile } from './support/serve-for-file'
import { AppPage } from './pages/app-page'

/**
 * Level of detail: a node holding more pods than a box can show draws them
 * as one summary (a pie of their states and the counts beside it); selecting
 * the node (a click on the summary) draws its pods one by one again.
 */
const replicas = 65
const worker = 'node/kubelab-worker'
const summary = `podsum/${worker}`

const served = serveForFile(['--clock', 'instant', '--workers', '1'])

test('a crowded node shows a summary of its pods, and opens to show them one by one', async ({ page }) => {
  test.setTimeout(150_000)
  const app = new AppPage(page)
  await app.open(served().parts.ui)
  await app.ready()
  execFileSync('/usr/bin/kubectl', ['--kubeconfig', served().parts.kubeconfig, 'create', 'deployment', 'crowd', '--image=nginx:1.27', `--replicas=${replicas}`])

  // Every replica lands on the one worker (beside its DaemonSet pods): past the per-box threshold they are one summary, counted by state.
  await expect.poll(async () => Number((await app.topologyData(summary))?.pods), { timeout: 60_000 }).toBeGreaterThanOrEqual(replicas)
  await expect.poll(async () => { const d = await app.topologyData(summary); return d && d.n_ok === d.pods }, { timeout: 60_000 }).toBe(true)
  const onWorker = Number((await app.topologyData(summary))?.pods)
  const drawn = await app.topologyNodes()
  expect(drawn.filter((id) => id.startsWith('pod/default/crowd-'))).toEqual([])
  expect((await app.topologyData(summary))?.label).toBe(`${onWorker} pods\n${onWorker} running`)
  // The control plane's few static pods stay drawn one by one.
  expect(drawn.some((id) => id.startsWith('pod/kube-system/'))).toBe(true)
  // The owning ReplicaSet links to the summary once, not 65 times.
  expect((await app.topologyEdges()).filter((id) => id.endsWith(`->${summary}`) && id.startsWith('owns:rs/default/crowd-'))).toHaveLength(1)
  await app.screenshot('topology-detail-summary')

  await app.clickOnCanvas(summary)
  await expect.poll(async () => (await app.topologyNodes()).filter((id) => id.startsWith('pod/default/crowd-')).length).toBe(replicas)
  expect(await app.topologyNodes()).not.toContain(summary)
  await app.screenshot('topology-detail-expanded')
})
