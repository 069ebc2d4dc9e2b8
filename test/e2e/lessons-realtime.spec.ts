import { test, expect } from '@playwright/test'
import { serveForFile } from './support/serve-for-file'
import { AppPage } from './pages/app-page'
import { LessonsPanel } from './lessons-page'

/**
 * The node-down lesson on a cluster whose clock follows the wall clock, as
 * `npm run serve` starts one: the lesson's Play at 60x is what gets the node
 * through its 40 s grace period and its pods' 300 s tolerations in seconds.
 */
const served = serveForFile(['--clock', 'realtime'])

test('on a realtime clock, Play at 60x takes the powered-off node to NotReady and its pods to the other workers', async ({ page }) => {
  test.setTimeout(120_000)
  const app = new AppPage(page)
  const lessons = new LessonsPanel(page)
  await app.open(served().parts.ui)
  await app.ready()
  await lessons.start('node-down')
  await lessons.applyForMe()
  await lessons.waitDone('spread', 60_000)
  await lessons.next()
  await lessons.action(0)
  await expect(page.locator('[data-test="lesson-output"]')).toContainText(/node\/kubelab-worker\d? powered off/)
  await lessons.action(1)
  await expect(page.locator('[data-test="lesson-output"]')).toContainText('clock at 60x')
  await expect(app.clockTime).toContainText('60×')
  // 40 s of cluster time: under a second of wall time at 60x.
  await lessons.waitDone('power-off', 20_000)
  await lessons.next()
  // 300 s of tolerations, then new pods scheduled and started: seconds.
  await lessons.waitDone('moved', 60_000)
  await app.screenshot('lesson-node-down-realtime')
  await lessons.next()
  await lessons.action(0)
  await lessons.waitDone('power-on', 30_000)
  await lessons.reset()
  await page.locator('[data-test="clock-speed-1"]').click()
  await expect(app.clockTime).toContainText('1×')
})
