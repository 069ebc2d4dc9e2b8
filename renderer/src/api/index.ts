import type { KubelabApi } from '../../../preload/contract'
import { createWebSocketApi } from './websocket-api'

/**
 * The transport, picked once at start: Electron's preload bridge when the app
 * runs in its window, else serve mode's WebSocket (token from the page URL,
 * kept for reloads in sessionStorage).
 */
export function connectApi(): KubelabApi | undefined {
  if (window.kubelab) return window.kubelab
  const fromUrl = new URLSearchParams(location.search).get('token')
  if (fromUrl) sessionStorage.setItem('kubelab-token', fromUrl)
  const token = fromUrl ?? sessionStorage.getItem('kubelab-token')
  return token ? createWebSocketApi(token) : undefined
}
