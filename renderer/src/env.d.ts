/// <reference types="vite/client" />
import type { KubelabApi } from '../../preload/contract'

declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}

/** Read-only view of the canvas for browser tests (`?e2e` in the URL): cytoscape draws on a canvas the DOM cannot see into. */
export interface TopologyTestHook {
  view(): string
  /** Ids of every node on the canvas: `pod/<ns>/<name>`, `node/<name>`, `svc/<ns>/<name>`, boxes and layers. */
  nodes(): string[]
  edges(): string[]
  /** An element's data as drawn (pods: status, ready, ip, node; nodes: ready, ip), or undefined. */
  data(id: string): Record<string, unknown> | undefined
  /** How many times the canvas was brought up to date. */
  frames(): number
  /** Whether no element is moving (layout animations done): the moment to take a screenshot. */
  idle(): boolean
  /** Where an element is drawn, in pixels from the canvas's top-left corner. */
  renderedPosition(id: string): { x: number; y: number } | undefined
  /** When each update reached the canvas (with the pods and nodes it stands for) and when cytoscape drew (performance.now()). */
  syncs(): Array<{ frame: number; at: number; pods: number; nodes: number }>
  draws(): Array<{ frame: number; at: number }>
  zoom(): number
}

declare global {
  interface Window {
    /** Present in the Electron window (exposed by preload); absent in serve mode. */
    kubelab?: KubelabApi
    __kubelabTopology?: TopologyTestHook
  }
}
