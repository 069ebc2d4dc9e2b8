import { test, expect } from '@playwright/test'
import { serveForFile } from './support/serve-for-file'
import { AppPage, Inspector } from './pages/app-page'
import { LessonsPanel } from './lessons-page'

const served = serveForFile()

const podsOf = async (app: AppPage, prefix: string): Promise<string[]> => (await app.topologyNodes()).filter((id) => id.startsWith(`pod/default/${prefix}-`))

test('the Guestbook lesson runs to green: each tier applied for the learner, its check ticking as its pods turn Ready, then a visitor traced', async ({ page }) => {
  const app = new AppPage(page)
  const lessons = new LessonsPanel(page)
  await app.open(served().parts.ui)
  await app.ready()
  await lessons.openList()
  await expect(lessons.list.locator('[data-test^="lesson-card-"]')).toHaveCount(8)
  await app.screenshot('lessons-list')
  await page.keyboard.press('Escape')
  await expect(lessons.list).toBeHidden()
  await page.locator('[data-test="toggle-theme"]').click()
  await lessons.openList()
  await app.screenshot('lessons-list-light')
  await page.keyboard.press('Escape')
  await page.locator('[data-test="toggle-theme"]').click()
  // L opens the list too.
  await page.keyboard.press('l')
  await expect(lessons.list).toBeVisible()
  await lessons.list.locator('[data-test="lesson-start-guestbook"]').click()
  await expect(lessons.title).toHaveText('The Guestbook')
  await expect(lessons.check).toContainText('no ReplicationController redis-master in default yet')
  await expect(page.locator('[data-test="lesson-next"]')).toBeDisabled()
  // The manifests are there to read (and copy for kubectl apply).
  await page.locator('[data-test="lesson-yaml-toggle"]').click()
  await expect(page.locator('[data-test="lesson-yaml"]')).toContainText('kind: ReplicationController')
  await expect(page.locator('[data-test="lesson-yaml"]')).not.toContainText('redis-slave')
  await page.locator('[data-test="lesson-yaml-toggle"]').click()

  await lessons.applyForMe()
  await lessons.waitDone('redis-master')
  await expect(lessons.check).toContainText('Service redis-master has 1 ready endpoint')
  // The lesson's check reads the cluster; the canvas follows the UI feed, which may deliver the pod a moment later.
  await expect.poll(() => podsOf(app, 'redis-master')).toHaveLength(1)
  await lessons.next()

  await lessons.applyForMe()
  await lessons.waitDone('redis-slave')
  await expect.poll(() => podsOf(app, 'redis-slave')).toHaveLength(2)
  await lessons.next()

  await lessons.applyForMe()
  await lessons.waitDone('frontend')
  await expect(lessons.check).toContainText('Service frontend has 3 ready endpoints')
  await expect.poll(() => podsOf(app, 'frontend')).toHaveLength(3)
  await app.screenshot('lesson-guestbook-frontend')
  await lessons.next()

  await lessons.action(0)
  await expect(lessons.traceVerdict).toContainText('Delivered')
  await lessons.waitDone('visit')
  // The visitor enters by the first worker: it is selected, and its Trace tab shows the answer.
  await expect(page.locator('[data-test="inspector-name"]')).toHaveText('kubelab-worker')
  await expect(page.locator('[data-test="inspector"] [data-test="trace-verdict"]')).toContainText('Delivered')
  await expect(lessons.finished).toBeVisible()
  await app.screenshot('lesson-guestbook-done')
  await page.locator('[data-test="toggle-theme"]').click()
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light')
  await app.screenshot('lesson-guestbook-done-light')
  await page.locator('[data-test="toggle-theme"]').click()

  // After a reload the lesson is open again with its steps ticked, and the list marks it Done.
  await page.reload()
  // (The lesson holds the sidebar's place, so the canvas says when the cluster is listed.)
  await expect.poll(() => podsOf(app, 'frontend')).toHaveLength(3)
  await expect(lessons.title).toHaveText('The Guestbook')
  await expect(lessons.finished).toBeVisible()
  await lessons.openList()
  await expect(lessons.card('guestbook')).toContainText('Done')
  await page.keyboard.press('Escape')

  // Reset deletes what the lesson created: its RCs, their pods and its Services leave the canvas.
  await lessons.reset()
  await expect(app.toast).toContainText('Lesson “The Guestbook” reset')
  await expect(lessons.step('redis-master')).toHaveAttribute('data-done', 'false')
  await expect.poll(async () => (await podsOf(app, 'redis-')).length + (await podsOf(app, 'frontend')).length, { timeout: 30_000 }).toBe(0)
  await expect.poll(async () => (await app.topologyNodes()).filter((id) => /^svc\/default\/(redis|frontend)/.test(id))).toEqual([])
})

test('the scale-an-RC lesson scales the frontend to 5 and back to 1', async ({ page }) => {
  const app = new AppPage(page)
  const lessons = new LessonsPanel(page)
  await app.open(served().parts.ui)
  await app.ready()
  await lessons.start('scale-rc')
  await expect(lessons.title).toHaveText('Scale a ReplicationController')
  await lessons.applyForMe()
  await expect(page.locator('[data-test="lesson-output"]')).toContainText('replicationcontroller/frontend created')
  await lessons.waitDone('start')
  await lessons.next()

  await lessons.action(0)
  await lessons.waitDone('up')
  await expect(lessons.check).toContainText('5 of 5 frontend pods Ready')
  await expect.poll(() => podsOf(app, 'frontend')).toHaveLength(5)
  await app.screenshot('lesson-scale-rc-up')
  await page.keyboard.press('n') // N: the next step, as the Next button
  await expect(lessons.step('down')).toHaveClass(/current/)

  await lessons.action(0)
  await lessons.waitDone('down')
  await expect.poll(() => podsOf(app, 'frontend')).toHaveLength(1)
  await expect(lessons.finished).toBeVisible()

  await lessons.reset()
  await expect.poll(() => podsOf(app, 'frontend'), { timeout: 30_000 }).toHaveLength(0)
})

test('the broken-Service lesson: the trace says why shop gets nothing, the fix fills its endpoints, the same trace is delivered', async ({ page }) => {
  const app = new AppPage(page)
  const lessons = new LessonsPanel(page)
  const inspector = new Inspector(page)
  await app.open(served().parts.ui)
  await app.ready()
  await lessons.start('broken-service')
  await lessons.applyForMe()
  await lessons.waitDone('deploy')
  await lessons.next()

  await lessons.action(0)
  await expect(lessons.traceVerdict).toContainText('Dropped')
  await lessons.waitDone('trace')
  await expect(lessons.traceVerdict).toContainText('its selector app=shop-frontend matches no pod')
  await expect(lessons.check).toContainText('Dropped after 3 hops, as expected')
  // The same trace is the inspector's: the client selected, its Trace tab holding the question and the answer (played on the canvas).
  await expect(inspector.name).toHaveText('client')
  await expect(inspector.root.locator('[data-test="trace-verdict"]')).toContainText('Dropped')
  await expect(inspector.root.locator('[data-test="trace-destination"]')).toHaveValue('shop')
  await app.screenshot('lesson-broken-service-trace')
  await page.locator('[data-test="toggle-theme"]').click()
  await app.screenshot('lesson-broken-service-trace-light')
  await page.locator('[data-test="toggle-theme"]').click()
  await lessons.next()

  await lessons.action(0)
  await lessons.waitDone('fix')
  await expect(lessons.check).toContainText('Service shop has 2 ready endpoints')
  await lessons.next()
  await lessons.action(0)
  await expect(lessons.traceVerdict).toContainText('Delivered')
  await lessons.waitDone('retrace')
  await expect(lessons.finished).toBeVisible()
  await app.screenshot('lesson-broken-service-done')
})
