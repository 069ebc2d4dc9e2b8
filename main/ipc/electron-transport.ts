import { callChannels, eventChannels, type CallReply, type EventChannel, type Events } from '../../preload/contract'
import type { Handlers } from './handlers'
import { dispatchCall, serializeError } from './dispatch'

/** The part of an `ipcMain.handle` event the transport checks. */
export interface InvokeEventLike {
  /** The WebContents that sent the call. */
  sender: unknown
  /** The frame that sent it; null once the frame is gone. */
  senderFrame: { parent: unknown } | null
}

/** The part of Electron's ipcMain the transport uses (a stand-in in tests). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown> | unknown): void
  removeHandler(channel: string): void
}

/** The part of a window's WebContents the transport uses. */
export interface WebContentsLike {
  send(channel: string, payload: unknown): void
  isDestroyed(): boolean
}

export interface ElectronTransport {
  /** Pushes an event to the app window. */
  emit<E extends EventChannel>(channel: E, payload: Events[E]): void
  close(): void
}

/**
 * The Electron transport: one ipcMain handler per contract call, answering
 * only the app window's top frame, and pushed events to that window. Every
 * reply is a CallReply, so errors (with the API's Status) reach the renderer
 * as data rather than as Electron's reworded exceptions.
 */
export function attachElectronTransport(ipcMain: IpcMainLike, webContents: WebContentsLike, handlers: Handlers): ElectronTransport {
  for (const channel of callChannels) {
    ipcMain.handle(channel, async (event, ...args): Promise<CallReply> => {
      // Only our own window's top frame may call the cluster: not an iframe, not another window.
      if (event.sender !== webContents || !event.senderFrame || event.senderFrame.parent !== null) {
        return { ok: false, error: { message: 'calls are accepted from the app window only' } }
      }
      try {
        return { ok: true, result: await dispatchCall(handlers, channel, args) }
      } catch (e) {
        return { ok: false, error: serializeError(e) }
      }
    })
  }
  return {
    emit(channel, payload) {
      if (!(eventChannels as readonly string[]).includes(channel)) throw new Error(`unknown event ${channel}`)
      if (!webContents.isDestroyed()) webContents.send(channel, payload)
    },
    close() {
      for (const channel of callChannels) ipcMain.removeHandler(channel)
    }
  }
}
