/**
 * The renderer's whole view of the main process: every call it may make and
 * every event main may push. Types and channel names only: preload, main and
 * both transports (Electron IPC, serve mode's WebSocket) are derived from it.
 */

/** What the cluster says about itself. */
export interface ClusterInfo {
  name: string
  dataDir: string
  /** The latest storage revision. */
  revision: number
  /** Cluster time, ms since the epoch. */
  now: number
}

/** Invoke calls: channel name -> [argument tuple, result]. Channels are named `area/verb`. */
export interface Calls {
  'cluster/info': { args: []; result: ClusterInfo }
}

/** Pushed events: channel name -> payload. */
export interface Events {
  'clock/tick': { now: number; speed: number; paused: boolean }
}

export type CallChannel = keyof Calls
export type EventChannel = keyof Events

/** The channel lists, checked against the types above by the compiler. */
export const callChannels = ['cluster/info'] as const satisfies readonly CallChannel[]
export const eventChannels = ['clock/tick'] as const satisfies readonly EventChannel[]

/** The object preload exposes as `window.kubelab`. */
export interface KubelabApi {
  call<C extends CallChannel>(channel: C, ...args: Calls[C]['args']): Promise<Calls[C]['result']>
  on<E extends EventChannel>(channel: E, listener: (payload: Events[E]) => void): () => void
}
