import { expect, type Locator, type Page } from '@playwright/test'
import type { AppPage } from './app-page'

/** What the page exposes as `window.__kubelabTrace` with `?e2e` (trace-overlay.ts): the trace classes on canvas elements. */
interface TraceHook {
  marked(cls: 'trace-path' | 'trace-current' | 'trace-culprit'): string[]
  step(): number
}

/** The packet trace: the canvas's right-click menu, the inspector's Trace tab, and the marks on the canvas. */
export class TracePanel {
  constructor(
    readonly page: Page,
    private readonly app: AppPage
  ) {}

  private t(id: string): Locator {
    return this.page.locator(`[data-test="${id}"]`)
  }

  get verdict(): Locator {
    return this.t('trace-verdict')
  }
  get hops(): Locator {
    return this.t('trace-hop')
  }
  get culprits(): Locator {
    return this.t('trace-culprit')
  }
  get source(): Locator {
    return this.t('trace-source')
  }
  get destination(): Locator {
    return this.t('trace-destination')
  }
  get port(): Locator {
    return this.t('trace-port')
  }
  get marker(): Locator {
    return this.t('trace-marker')
  }

  /** Right-clicks an element on the canvas and picks a menu item. */
  async fromCanvas(id: string, item: 'from' | 'to' | 'outside'): Promise<void> {
    // The element may still be gliding to its place after a layout change: aim again until the menu opens, for it
    // (a click that lands on the node box under a moving pod opens the box's menu: closed, and aimed again).
    const name = id.slice(id.lastIndexOf('/') + 1)
    await expect(async () => {
      if (await this.t('trace-menu').isVisible()) await this.page.keyboard.press('Escape')
      await this.app.hover(id)
      await this.page.mouse.down({ button: 'right' })
      await this.page.mouse.up({ button: 'right' })
      await expect(this.t('trace-menu')).toBeVisible({ timeout: 1_000 })
      await expect(this.t('trace-menu').locator('.title')).toHaveText(name, { timeout: 500 })
    }).toPass({ timeout: 20_000 })
    await this.t(`menu-trace-${item}`).click()
    await expect(this.t('trace-menu')).toBeHidden()
  }

  async run(): Promise<void> {
    await this.t('trace-run').click()
  }

  async replay(): Promise<void> {
    await this.t('trace-replay').click()
  }

  /** Waits until the path has played to its last hop. */
  async played(): Promise<void> {
    // The answer first (the run button is busy until it comes), then its hops.
    await expect(this.t('trace-run')).toHaveText('Trace')
    await expect(this.verdict).toBeVisible()
    const n = await this.hops.count()
    await expect.poll(() => this.step()).toBe(n - 1)
  }

  async step(): Promise<number> {
    return this.page.evaluate(() => (globalThis as { __kubelabTrace?: TraceHook }).__kubelabTrace?.step() ?? -1)
  }

  async marked(cls: 'trace-path' | 'trace-current' | 'trace-culprit'): Promise<string[]> {
    return this.page.evaluate((c) => (globalThis as { __kubelabTrace?: TraceHook }).__kubelabTrace?.marked(c) ?? [], cls)
  }
}
