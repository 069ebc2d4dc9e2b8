import { execFileSync } from 'node:child_process'
import { test, expect, type Page } from '@playwright/test'
import { serveForFile } from './support/serve-for-file'
import { AppPage } from './pages/app-page'
import { LessonsPanel } from './lessons-page'

/**
 * The other lessons, each run to green as a learner would on the default
 * cluster (the instant clock stands in for the 60x the lessons suggest).
 * Where a step has no button (a static pod is a file on the node), the test
 * runs the very command the step shows.
 */
const served = serveForFile()

async function start(page: Page, id: string): Promise<{ app: AppPage; lessons: LessonsPanel }> {
  const app = new AppPage(page)
  const lessons = new LessonsPanel(page)
  await app.open(served().parts.ui)
  await app.ready()
  await lessons.start(id)
  return { app, lessons }
}

test('a node goes down: the busiest worker is powered off, turns NotReady, its pods move, and it comes back', async ({ page }) => {
  test.setTimeout(120_000)
  const { app, lessons } = await start(page, 'node-down')
  await lessons.applyForMe()
  await lessons.waitDone('spread')
  await lessons.next()
  await lessons.action(0)
  await expect(page.locator('[data-test="lesson-output"]')).toContainText(/node\/kubelab-worker\d? powered off/)
  await lessons.action(1) // Play at 60x: harmless on the instant clock
  await lessons.waitDone('power-off', 60_000)
  await expect(lessons.check).toContainText(/kubelab-worker\d? is NotReady \(Ready=Unknown\)/)
  await app.screenshot('lesson-node-down-notready')
  await lessons.next()
  await lessons.waitDone('moved', 60_000)
  await expect(lessons.check).toContainText('6 of 6 web pods Ready on other nodes')
  await app.screenshot('lesson-node-down-moved')
  await lessons.next()
  await lessons.action(0)
  await lessons.waitDone('power-on', 60_000)
  await expect(lessons.finished).toBeVisible()
  await lessons.reset()
})

test('autoscaling: the traffic generator makes the HPA scale php-apache out, and it scales back in when the load stops', async ({ page }) => {
  test.setTimeout(180_000)
  const { app, lessons } = await start(page, 'hpa')
  await lessons.applyForMe()
  await lessons.waitDone('deploy')
  await lessons.next()
  await lessons.applyForMe()
  await lessons.waitDone('load', 90_000)
  await expect(lessons.check).toContainText('New size:')
  await app.screenshot('lesson-hpa-scaled-out')
  await lessons.next()
  await lessons.action(0)
  await lessons.waitDone('calm', 90_000)
  await expect(lessons.finished).toBeVisible()
  await lessons.reset()
})

test('volumes and claims: a claim binds to the volume made by hand, is mounted, then one is provisioned on first consumer', async ({ page }) => {
  const { app, lessons } = await start(page, 'pv-pvc')
  for (const step of ['static', 'mount', 'dynamic']) {
    await lessons.applyForMe()
    await lessons.waitDone(step)
    if (step !== 'dynamic') await lessons.next()
  }
  await expect(lessons.check).toContainText('pod writer Ready')
  await app.switchView('storage')
  await app.screenshot('lesson-pv-pvc')
  await app.switchView('cluster')
  await lessons.reset()
})

test('static pods: a control-plane mirror pod inspected, a static pod run from the file the step shows, the shared network of a pod', async ({ page }) => {
  test.setTimeout(120_000)
  const { app, lessons } = await start(page, 'static-pods')
  await expect(lessons.check).toContainText('select a pod of kube-system')
  // The lesson holds the sidebar's place: step aside to use the sidebar, then come back from the toolbar.
  await page.locator('[data-test="lesson-minimize"]').click()
  await expect(lessons.panel).toBeHidden()
  await app.selectFromSidebar('pods', 'kube-apiserver-kubelab-control-plane')
  await expect(page.locator('[data-test="open-lessons"]')).toHaveText('Resume lesson')
  await page.locator('[data-test="open-lessons"]').click()
  await lessons.waitDone('control-plane')
  await lessons.next()
  // The learner's shell: the command names this cluster's data dir.
  const command = (await lessons.panel.locator('[data-test="lesson-command"]').first().textContent()) ?? ''
  expect(command).toContain(`${served().dataDir}/nodes/kubelab-worker/manifests/static-web.yaml`)
  execFileSync('sh', ['-c', command])
  await lessons.waitDone('own-static', 60_000)
  await app.screenshot('lesson-static-pod')
  await lessons.next()
  await lessons.applyForMe()
  await lessons.waitDone('pause')
  await expect(lessons.check).toContainText(/both containers Ready on one IP, 10\.244\./)
  await lessons.next()
  execFileSync('sh', ['-c', (await lessons.panel.locator('[data-test="lesson-command"]').first().textContent()) ?? ''])
  await lessons.waitDone('remove-static', 60_000)
  await expect(lessons.finished).toBeVisible()
  await lessons.reset()
})

test('namespaces: the same names in dev and prod, traffic between them delivered, then dropped by a NetworkPolicy', async ({ page }) => {
  const { app, lessons } = await start(page, 'namespaces')
  await lessons.applyForMe()
  await lessons.waitDone('create')
  await lessons.next()
  await lessons.applyForMe()
  await lessons.waitDone('same-names')
  await lessons.next()
  await lessons.action(0)
  await expect(lessons.traceVerdict).toContainText('Delivered')
  await lessons.waitDone('open')
  await lessons.next()
  await lessons.applyForMe()
  await expect(page.locator('[data-test="lesson-output"]')).toContainText('networkpolicy.networking.k8s.io/same-namespace-only created')
  await lessons.action(0)
  await expect(lessons.traceVerdict).toContainText('Dropped')
  await lessons.waitDone('isolate')
  await app.screenshot('lesson-namespaces-isolated')
  await lessons.reset()
  await expect.poll(async () => (await app.topologyNodes()).filter((id) => id.startsWith('pod/dev/') || id.startsWith('pod/prod/')), { timeout: 30_000 }).toEqual([])
})
