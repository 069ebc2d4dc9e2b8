import type { Locator, Page } from '@playwright/test'

/** The app's main page, by its data-test hooks. */
export class AppPage {
  constructor(readonly page: Page) {}

  get root(): Locator {
    return this.page.locator('[data-test="app"]')
  }

  get clusterName(): Locator {
    return this.page.locator('[data-test="cluster-name"]')
  }

  get error(): Locator {
    return this.page.locator('[data-test="error"]')
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url)
  }
}
