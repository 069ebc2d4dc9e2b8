/**
 * An in-process stand-in for the three Electron pieces the contract crosses:
 * ipcMain, ipcRenderer (with the window's WebContents) and contextBridge.
 * Like Electron, every payload is copied with the structured clone algorithm
 * (so a class instance, a function or a frozen object's identity never leaks
 * across), ipcMain allows one handler per channel, an invoke without a
 * handler rejects, and the context bridge copies values while proxying
 * functions and promises.
 */
import type { InvokeEventLike } from '../../../main/ipc/electron-transport'

type Handler = (event: InvokeEventLike, ...args: unknown[]) => unknown
type Listener = (event: unknown, payload: unknown) => void

export interface FakeElectron {
  ipcMain: { handle(channel: string, handler: Handler): void; removeHandler(channel: string): void; readonly channels: string[] }
  ipcRenderer: {
    invoke(channel: string, ...args: unknown[]): Promise<unknown>
    on(channel: string, listener: Listener): void
    removeListener(channel: string, listener: Listener): void
    listenerCount(channel: string): number
  }
  contextBridge: { exposeInMainWorld(key: string, api: unknown): void }
  /** The app window's WebContents, as main sees it. */
  webContents: { send(channel: string, payload: unknown): void; isDestroyed(): boolean }
  /** What the page sees: the keys exposed on `window`. */
  world: Record<string, unknown>
  /** Every channel main sent an event on. */
  sent: string[]
  /** Invokes as if from another window (or an iframe, with `frame`). */
  invokeAs(sender: unknown, frame: { parent: unknown } | null, channel: string, ...args: unknown[]): Promise<unknown>
}

export function createFakeElectron(): FakeElectron {
  const handlers = new Map<string, Handler>()
  const listeners = new Map<string, Set<Listener>>()
  const world: Record<string, unknown> = {}
  const sent: string[] = []
  const topFrame = { parent: null }
  const webContents = {
    send(channel: string, payload: unknown) {
      sent.push(channel)
      const copy = structuredClone(payload)
      // Electron delivers asynchronously, on the renderer's own turn.
      queueMicrotask(() => {
        for (const l of listeners.get(channel) ?? []) l({ sender: 'ipcRenderer' }, copy)
      })
    },
    isDestroyed: () => false
  }

  const invokeAs = async (sender: unknown, frame: { parent: unknown } | null, channel: string, ...args: unknown[]): Promise<unknown> => {
    const handler = handlers.get(channel)
    if (!handler) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`)
    const copied = structuredClone(args)
    try {
      return structuredClone(await handler({ sender, senderFrame: frame }, ...copied))
    } catch (e) {
      throw new Error(`Error invoking remote method '${channel}': ${String(e)}`, { cause: e })
    }
  }

  return {
    ipcMain: {
      handle(channel, handler) {
        if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
        handlers.set(channel, handler)
      },
      removeHandler(channel) {
        handlers.delete(channel)
      },
      get channels() {
        return [...handlers.keys()]
      }
    },
    ipcRenderer: {
      invoke: (channel, ...args) => invokeAs(webContents, topFrame, channel, ...args),
      on(channel, listener) {
        const set = listeners.get(channel) ?? new Set()
        set.add(listener)
        listeners.set(channel, set)
      },
      removeListener(channel, listener) {
        listeners.get(channel)?.delete(listener)
      },
      listenerCount: (channel) => listeners.get(channel)?.size ?? 0
    },
    contextBridge: {
      exposeInMainWorld(key, api) {
        if (key in world) throw new Error(`Cannot bind an API on top of an existing property on the window object: ${key}`)
        world[key] = bridge(api)
      }
    },
    webContents,
    world,
    sent,
    invokeAs
  }
}

/**
 * A value as it arrives on the other side of the context bridge: functions
 * and promises are proxied (their arguments and results bridged in turn),
 * everything else is copied. Errors lose their own properties, as in Electron.
 */
function bridge(value: unknown): unknown {
  if (typeof value === 'function') {
    return (...args: unknown[]) => bridge((value as (...a: unknown[]) => unknown)(...args.map(bridge)))
  }
  if (value instanceof Promise) {
    return value.then(bridge, (e: unknown) => {
      throw e instanceof Error ? new Error(e.message) : bridge(e)
    })
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.values(value).some((v) => typeof v === 'function')) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, bridge(v)]))
  }
  return structuredClone(value)
}
