import { contextBridge, ipcRenderer } from 'electron'
import { callChannels, eventChannels, type CallFailure, type CallReply, type KubelabApi } from './contract'

/** The part of Electron's contextBridge preload uses (a stand-in in tests). */
export interface ContextBridgeLike {
  exposeInMainWorld(key: string, api: unknown): void
}

/** The part of Electron's ipcRenderer preload uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>
  on(channel: string, listener: (event: unknown, payload: unknown) => void): unknown
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): unknown
}

/**
 * Exposes exactly the contract as `window.kubelab`: a channel outside it is
 * refused here, before it reaches main. A failed call rejects with a plain
 * CallFailure object, because the context bridge drops an Error's own
 * properties (and with them the API's Status).
 */
export function exposeContract(contextBridge: ContextBridgeLike, ipcRenderer: IpcRendererLike): void {
  const calls = new Set<string>(callChannels)
  const events = new Set<string>(eventChannels)
  const api: KubelabApi = {
    async call(channel, ...args) {
      if (!calls.has(channel)) throw { message: `unknown call ${String(channel)}` } satisfies CallFailure
      const reply = (await ipcRenderer.invoke(channel, ...args)) as CallReply
      if (!reply.ok) throw { message: reply.error.message, ...(reply.error.status ? { status: reply.error.status } : {}) } satisfies CallFailure
      return reply.result as never
    },
    on(channel, listener) {
      if (!events.has(channel)) throw new Error(`unknown event ${String(channel)}`)
      // The IPC event (with its sender) stays here: the page sees the payload only.
      const wrapped = (_e: unknown, payload: unknown): void => listener(payload as never)
      ipcRenderer.on(channel, wrapped)
      return () => {
        ipcRenderer.removeListener(channel, wrapped)
      }
    }
  }
  contextBridge.exposeInMainWorld('kubelab', api)
}

// In the app window: expose the contract through Electron's own bridge.
exposeContract(contextBridge, ipcRenderer)
