import type { CallChannel, Calls, EventChannel, Events, KubelabApi } from '../../../preload/contract'
import { CallError } from './errors'

interface Pending {
  resolve(v: unknown): void
  reject(e: Error): void
}

/**
 * Serve mode's transport: the same contract as Electron's preload, over a
 * WebSocket to the page's own origin, authorised by the token in the page URL.
 */
export function createWebSocketApi(token: string): KubelabApi {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ipc?token=${encodeURIComponent(token)}`
  const socket = new WebSocket(url)
  const opened = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true })
    socket.addEventListener('error', () => reject(new Error('cannot reach the cluster: is `npm run serve` still running, and is the token right?')), { once: true })
  })
  const pending = new Map<number, Pending>()
  const listeners = new Map<string, Set<(p: unknown) => void>>()
  let nextId = 1

  socket.addEventListener('message', (e) => {
    const msg = JSON.parse(String(e.data)) as { type: string; id?: number; ok?: boolean; result?: unknown; error?: { message: string; status?: CallError['status'] }; channel?: string; payload?: unknown }
    if (msg.type === 'result' && msg.id !== undefined) {
      const p = pending.get(msg.id)
      pending.delete(msg.id)
      if (!p) return
      if (msg.ok) p.resolve(msg.result)
      else p.reject(new CallError(msg.error?.message ?? 'call failed', msg.error?.status))
    } else if (msg.type === 'event' && msg.channel) {
      for (const l of listeners.get(msg.channel) ?? []) l(msg.payload)
    }
  })
  socket.addEventListener('close', () => {
    for (const p of pending.values()) p.reject(new CallError('the connection to the cluster closed'))
    pending.clear()
    // The app says so (a banner), rather than silently showing a cluster that no longer changes.
    window.dispatchEvent(new CustomEvent('kubelab:disconnected'))
  })

  return {
    async call<C extends CallChannel>(channel: C, ...args: Calls[C]['args']): Promise<Calls[C]['result']> {
      await opened
      const id = nextId++
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject })
        socket.send(JSON.stringify({ type: 'call', id, channel, args }))
      })
    },
    on<E extends EventChannel>(channel: E, listener: (payload: Events[E]) => void): () => void {
      const set = listeners.get(channel) ?? new Set()
      set.add(listener as (p: unknown) => void)
      listeners.set(channel, set)
      return () => set.delete(listener as (p: unknown) => void)
    }
  }
}
