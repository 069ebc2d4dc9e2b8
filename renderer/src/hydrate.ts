import type { KubelabApi } from '../../preload/contract'
import { setApi } from './api/current'
import { useClusterStore } from './stores/cluster'
import { useObjectsStore } from './stores/objects'
import { useSelectionStore } from './stores/selection'
import { useUiStore } from './stores/ui'

/**
 * Starts every store: preferences first (the theme shows at once), then the
 * cluster's info and clock and its objects (lists and deltas) side by side:
 * neither needs the other, and on a big cluster the lists are the long wait.
 */
export async function hydrate(api: KubelabApi | undefined): Promise<void> {
  useUiStore().hydrate(localStorage)
  setApi(api)
  if (!api) return
  useSelectionStore().hydrate()
  await Promise.all([useClusterStore().hydrate(api), useObjectsStore().hydrate(api)])
}

/** Stops every subscription, in reverse order. */
export function dispose(): void {
  useObjectsStore().dispose()
  useClusterStore().dispose()
  useSelectionStore().dispose()
  useUiStore().dispose()
  setApi(undefined)
}
