import { expect, type Locator, type Page } from '@playwright/test'

/**
 * What the page exposes as `window.__kubelabTopology` with `?e2e` (see
 * renderer/src/env.d.ts): declared again here because this code is compiled
 * as node code, where the page's types are not visible.
 */
interface TopologyHook {
  view(): string
  nodes(): string[]
  edges(): string[]
  idle(): boolean
  data(id: string): Record<string, unknown> | undefined
  renderedPosition(id: string): { x: number; y: number } | undefined
}

/** The app's main page, by its data-test hooks; tests read as what a user does. */
export class AppPage {
  constructor(readonly page: Page) {}

  private t(id: string): Locator {
    return this.page.locator(`[data-test="${id}"]`)
  }

  get root(): Locator {
    return this.t('app')
  }
  get clusterName(): Locator {
    return this.t('cluster-name')
  }
  get clusterState(): Locator {
    return this.t('cluster-state')
  }
  get error(): Locator {
    return this.t('error')
  }
  get canvas(): Locator {
    return this.t('topology-canvas')
  }
  get emptyState(): Locator {
    return this.t('topology').locator('[data-test="empty-state"]')
  }
  get events(): Locator {
    return this.t('events')
  }
  get clockTime(): Locator {
    return this.t('clock-time')
  }

  namespace(name: string): Locator {
    return this.t(`namespace-${name}`)
  }
  kind(resource: string): Locator {
    return this.t(`kind-${resource}`)
  }
  kindCount(resource: string): Locator {
    return this.kind(resource).locator('[data-test="kind-count"]')
  }
  namespaceCount(name: string): Locator {
    return this.namespace(name).locator('[data-test="namespace-count"]')
  }

  /** Selects an object through the sidebar's kind list. */
  async selectFromSidebar(resource: string, name: string): Promise<void> {
    const item = this.t(`item-${resource}-${name}`)
    if (!(await item.isVisible())) await this.kind(resource).click()
    await item.click()
  }

  /** Moves cluster time on by whole minutes with the toolbar's +1m button (each step waits for the last). */
  async stepMinutes(n: number): Promise<void> {
    const button = this.t('clock-step-minute')
    for (let i = 0; i < n; i++) {
      await expect(button).toBeEnabled()
      await button.click()
    }
    await expect(button).toBeEnabled()
  }

  /** The last notification shown. */
  get toast(): Locator {
    return this.t('toast').last()
  }

  /** Opens the app; `e2e` turns on the canvas's read-only test hook. */
  async open(url: string): Promise<void> {
    const u = new URL(url)
    u.searchParams.set('e2e', '1')
    await this.page.goto(u.toString())
  }

  /** Waits until the stores have listed the cluster (the sidebar shows the namespaces). */
  async ready(): Promise<void> {
    await expect(this.namespace('kube-system')).toBeVisible()
  }

  /** Ids of what the canvas draws (pods: `pod/<ns>/<name>`, nodes: `node/<name>`). */
  async topologyNodes(): Promise<string[]> {
    return this.page.evaluate(() => (globalThis as { __kubelabTopology?: TopologyHook }).__kubelabTopology?.nodes() ?? [])
  }
  /** An element's data as the canvas draws it (pods: `status`, `ready`, `ip`, `node`). */
  async topologyData(id: string): Promise<Record<string, unknown> | undefined> {
    return this.page.evaluate((i) => (globalThis as { __kubelabTopology?: TopologyHook }).__kubelabTopology?.data(i), id)
  }
  async topologyEdges(): Promise<string[]> {
    return this.page.evaluate(() => (globalThis as { __kubelabTopology?: TopologyHook }).__kubelabTopology?.edges() ?? [])
  }

  /** Moves the mouse over an element on the canvas (cytoscape hit-tests real pointer events). */
  async hover(id: string): Promise<void> {
    await expect.poll(() => this.page.evaluate(() => (globalThis as { __kubelabTopology?: TopologyHook }).__kubelabTopology?.idle() ?? true)).toBe(true)
    const p = await this.page.evaluate((i) => (globalThis as { __kubelabTopology?: TopologyHook }).__kubelabTopology?.renderedPosition(i), id)
    if (!p) throw new Error(`${id} is not on the canvas`)
    const box = (await this.canvas.boundingBox())!
    await this.page.mouse.move(box.x + p.x, box.y + p.y)
  }

  async clickOnCanvas(id: string): Promise<void> {
    await this.hover(id)
    await this.page.mouse.down()
    await this.page.mouse.up()
  }

  async switchView(view: 'cluster' | 'networks' | 'storage'): Promise<void> {
    await this.t(`view-${view}`).click()
    await expect.poll(() => this.page.evaluate(() => (globalThis as { __kubelabTopology?: TopologyHook }).__kubelabTopology?.view())).toBe(view)
  }

  /** Saves a screenshot once the canvas has stopped moving (layout changes animate). */
  async screenshot(name: string): Promise<void> {
    await expect.poll(() => this.page.evaluate(() => (globalThis as { __kubelabTopology?: TopologyHook }).__kubelabTopology?.idle() ?? true)).toBe(true)
    await this.page.screenshot({ path: `test-results/${name}.png` })
  }
}

/** The Apply dialog. */
export class ApplyDialog {
  constructor(readonly page: Page) {}

  get root(): Locator {
    return this.page.locator('[data-test="apply-dialog"]')
  }
  get editor(): Locator {
    return this.root.locator('[data-test="apply-yaml"]')
  }
  get error(): Locator {
    return this.root.locator('[data-test="apply-error"]')
  }
  /** The API's messages shown in the editor under the lines they are about. */
  get fieldErrors(): Locator {
    return this.root.locator('[data-test="apply-field-error"]')
  }
  /** The editor lines marked as wrong. */
  get errorLines(): Locator {
    return this.root.locator('[data-test="apply-error-line"]')
  }
  get progress(): Locator {
    return this.root.locator('[data-test="apply-progress"]')
  }

  async open(): Promise<void> {
    await this.page.locator('[data-test="open-apply"]').click()
    await expect(this.root).toBeVisible()
  }

  async loadExample(id: string): Promise<void> {
    await this.root.locator('[data-test="apply-example"]').selectOption(id)
  }

  /** Replaces the editor's text (CodeMirror: a contenteditable, so typed as a user pastes). */
  async setText(yaml: string): Promise<void> {
    await this.editor.fill(yaml)
  }

  async apply(yaml?: string): Promise<void> {
    if (yaml !== undefined) await this.setText(yaml)
    await this.root.locator('[data-test="apply-submit"]').click()
  }
}

/** The inspector on the right. */
export class Inspector {
  constructor(readonly page: Page) {}

  get root(): Locator {
    return this.page.locator('[data-test="inspector"]')
  }
  get kind(): Locator {
    return this.root.locator('[data-test="inspector-kind"]')
  }
  get name(): Locator {
    return this.root.locator('[data-test="inspector-name"]')
  }
  field(label: string): Locator {
    return this.root.locator(`[data-test="field-${label}"]`)
  }
  async showYaml(): Promise<Locator> {
    await this.root.locator('[data-test="inspector-tab-yaml"]').click()
    return this.root.locator('[data-test="inspector-yaml"]')
  }
}
