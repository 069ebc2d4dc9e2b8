import type { KubelabApi } from '../../../preload/contract'

/**
 * The one transport the app uses, set once at start (hydrate.ts) and read by
 * the stores. Kept apart from the transport code so stores (and their tests)
 * need no browser.
 */
let current: KubelabApi | undefined

export function setApi(api: KubelabApi | undefined): void {
  current = api
}

export function useApi(): KubelabApi {
  if (!current) throw new Error('not connected to a cluster')
  return current
}
