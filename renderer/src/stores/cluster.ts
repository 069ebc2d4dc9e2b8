import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ClockState, ClusterInfo, KubelabApi } from '../../../preload/contract'
import { messageOf } from '../api/errors'

/** Wall time, for interpolating a running clock between ticks. */
const wallNow = (): number => performance.now()

/**
 * The cluster itself: its info (name, networks, kubeconfig) and its clock.
 * Ticks come at most a few times a second; between them a running realtime
 * clock is interpolated (`nowAt`), so the toolbar's time moves smoothly.
 */
export const useClusterStore = defineStore('cluster', () => {
  const info = ref<ClusterInfo | null>(null)
  const clock = ref<ClockState | null>(null)
  const error = ref('')
  const busy = ref(false)
  /** False once the transport closed (serve mode stopped): what is shown no longer changes. */
  const connected = ref(true)
  let clockAt = 0
  let unsubscribe: (() => void) | undefined
  let api: KubelabApi | undefined

  function setClock(state: ClockState): void {
    clock.value = state
    clockAt = wallNow()
  }

  async function hydrate(connection: KubelabApi): Promise<void> {
    api = connection
    unsubscribe = api.on('clock/tick', setClock)
    try {
      info.value = await api.call('cluster/info')
      setClock(await api.call('clock/state'))
    } catch (e) {
      error.value = messageOf(e)
    }
  }

  function dispose(): void {
    unsubscribe?.()
    unsubscribe = undefined
  }

  /** Cluster time at a wall time (performance.now()), interpolated while a realtime clock runs. */
  function nowAt(wall: number = wallNow()): number {
    const c = clock.value
    if (!c) return 0
    if (c.paused || c.mode !== 'realtime') return c.now
    return c.now + (wall - clockAt) * c.speed
  }

  async function run<T>(fn: (api: KubelabApi) => Promise<T>): Promise<T | undefined> {
    if (!api) return undefined
    busy.value = true
    try {
      return await fn(api)
    } catch (e) {
      error.value = messageOf(e)
      return undefined
    } finally {
      busy.value = false
    }
  }

  async function setPaused(paused: boolean): Promise<void> {
    const s = await run((a) => a.call('clock/set', { paused }))
    if (s) setClock(s)
  }

  /** Plays at a speed (1x, 10x, 60x): resumes a paused clock too. */
  async function play(speed: number): Promise<void> {
    const s = await run((a) => a.call('clock/set', { speed, paused: false }))
    if (s) setClock(s)
  }

  async function step(ms: number): Promise<void> {
    const s = await run((a) => a.call('clock/step', { ms }))
    if (s) setClock(s)
  }

  function markDisconnected(): void {
    connected.value = false
  }

  return { info, clock, error, busy, connected, markDisconnected, hydrate, dispose, nowAt, setPaused, play, step }
})
