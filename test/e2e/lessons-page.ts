import { expect, type Locator, type Page } from '@playwright/test'

/** The lessons: the list behind the toolbar's Lessons button and the panel of the open lesson, by their data-test hooks. */
export class LessonsPanel {
  constructor(readonly page: Page) {}

  private t(id: string): Locator {
    return this.page.locator(`[data-test="${id}"]`)
  }

  get list(): Locator {
    return this.t('lesson-list')
  }
  get panel(): Locator {
    return this.t('lesson-panel')
  }
  get title(): Locator {
    return this.t('lesson-title')
  }
  /** The current step's check line (`data-done` says whether it passed). */
  get check(): Locator {
    return this.panel.locator('[data-test="lesson-check"]')
  }
  get traceVerdict(): Locator {
    return this.panel.locator('[data-test="lesson-trace-verdict"]')
  }
  get finished(): Locator {
    return this.t('lesson-finished')
  }
  get error(): Locator {
    return this.t('lesson-error')
  }
  step(id: string): Locator {
    return this.t(`lesson-step-${id}`)
  }
  card(id: string): Locator {
    return this.t(`lesson-card-${id}`)
  }

  async openList(): Promise<void> {
    await this.t('open-lessons').click()
    await expect(this.list).toBeVisible()
  }

  async start(id: string): Promise<void> {
    await this.openList()
    await this.t(`lesson-start-${id}`).click()
    await expect(this.list).toBeHidden()
    await expect(this.panel).toBeVisible()
  }

  async applyForMe(): Promise<void> {
    await this.panel.locator('[data-test="lesson-apply"]').click()
  }

  /** Clicks the current step's n-th action button. */
  async action(index: number): Promise<void> {
    await this.panel.locator(`[data-test="lesson-action-${index}"]`).click()
  }

  /** Waits (bounded) for the current step's check to pass and its tick to show. */
  async waitDone(stepId: string, timeout = 30_000): Promise<void> {
    await expect(this.check).toHaveAttribute('data-done', 'true', { timeout })
    await expect(this.step(stepId)).toHaveAttribute('data-done', 'true')
  }

  async next(): Promise<void> {
    await this.t('lesson-next').click()
  }

  /** Resets the open lesson and waits (bounded) until it says it is done: what it created is deleted. */
  async reset(): Promise<void> {
    const title = await this.title.textContent()
    await this.t('lesson-reset').click()
    await this.t('lesson-reset-confirm').click()
    await expect(this.page.locator('[data-test="toast"]', { hasText: `Lesson “${title}” reset` })).toBeVisible({ timeout: 30_000 })
  }
}
