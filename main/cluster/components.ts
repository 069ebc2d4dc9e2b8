import type { ComponentFactory } from './component'

/**
 * Every component a cluster runs, in start order. Each is a client of the
 * API; adding one is adding a line here.
 */
export const defaultComponents: readonly ComponentFactory[] = []
