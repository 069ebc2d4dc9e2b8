import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { callChannels, eventChannels, type KubelabApi } from './contract'

const calls = new Set<string>(callChannels)
const events = new Set<string>(eventChannels)

// Exposes exactly the contract: a channel outside it is refused here, before it reaches main.
const api: KubelabApi = {
  call(channel, ...args) {
    if (!calls.has(channel)) return Promise.reject(new Error(`unknown call ${String(channel)}`))
    return ipcRenderer.invoke(channel, ...args)
  },
  on(channel, listener) {
    if (!events.has(channel)) throw new Error(`unknown event ${String(channel)}`)
    const wrapped = (_e: IpcRendererEvent, payload: unknown): void => listener(payload as never)
    ipcRenderer.on(channel, wrapped)
    return () => ipcRenderer.removeListener(channel, wrapped)
  }
}

contextBridge.exposeInMainWorld('kubelab', api)
