import type { KubelabApi } from '../../../preload/contract'
import { toCallError } from './errors'
import { createWebSocketApi } from './websocket-api'

/**
 * The transport, picked once at start: Electron's preload bridge when the app
 * runs in its window, else serve mode's WebSocket (token from the page URL,
 * kept for reloads in sessionStorage). Either way a failed call rejects with
 * a CallError carrying the API's Status.
 */
export function connectApi(): KubelabApi | undefined {
  const bridge = window.kubelab
  if (bridge) {
    return {
      call: (channel, ...args) => bridge.call(channel, ...args).catch((e: unknown) => Promise.reject(toCallError(e))),
      on: (channel, listener) => bridge.on(channel, listener)
    }
  }
  const fromUrl = new URLSearchParams(location.search).get('token')
  if (fromUrl) sessionStorage.setItem('kubelab-token', fromUrl)
  const token = fromUrl ?? sessionStorage.getItem('kubelab-token')
  return token ? createWebSocketApi(token) : undefined
}
