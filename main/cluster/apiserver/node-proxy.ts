import type { Duplex } from 'node:stream'
import type { Pod } from 'kubernetes-types/core/v1'

/**
 * What the API front asks a node for, as kube-apiserver asks a kubelet on
 * :10250 (`/containerLogs`, `/exec`, `/attach`). The API front validates the
 * request and finds the pod; the simulated nodes (node/node-proxy.ts)
 * answer from the world. cluster.ts wires the implementation in.
 */
export interface NodeProxy {
  /**
   * A container's log (kubelet's GET /containerLogs). Throws a Status error
   * with the kubelet's message when there is no log to show (the container
   * is waiting to start, no previous instance...).
   */
  containerLogs(pod: Pod, container: string, options: ContainerLogOptions): ContainerLogStream
  /** Runs a command in a running container (kubelet's /exec); throws NodeStreamRefused before anything runs. */
  exec(pod: Pod, container: string, command: string[], io: StreamIO): Promise<StreamOutcome>
  /** Streams a running container's output until it stops or the client leaves (kubelet's /attach); throws NodeStreamRefused. */
  attach(pod: Pod, container: string, io: StreamIO): Promise<StreamOutcome>
  /** Opens a port-forward session into the pod's network namespace (kubelet's /portForward); throws NodeStreamRefused when the node has no running sandbox for it. */
  portForward(pod: Pod): PortForwardTarget
}

/** A pod's network namespace, as a port-forward session reaches it. */
export interface PortForwardTarget {
  /**
   * Connects one forwarded connection to a port inside the pod (what
   * arrives on the stream goes to the port, what the server answers comes
   * back); resolves when the connection is over, rejects with the text the
   * kubelet writes on the error stream. `current` is the pod as it is now,
   * undefined once it is gone.
   */
  forward(port: number, stream: Duplex, current: Pod | undefined): Promise<void>
}

/** PodLogOptions, validated and in the units the node uses. */
export interface ContainerLogOptions {
  follow?: boolean
  previous?: boolean
  /** Only lines at or after this cluster time, ms (from sinceSeconds or sinceTime). */
  sinceTime?: number
  tailLines?: number
  timestamps?: boolean
  limitBytes?: number
}

/** The log so far and, when following a running container, what it writes next. */
export interface ContainerLogStream {
  text: string
  /** Streams further text until the container stops or the byte limit is reached; returns the function that stops following. */
  follow?(write: (text: string) => void, end: () => void): () => void
}

/** The client's side of an exec or attach. */
export interface StreamIO {
  stdout?(text: string): void
  stderr?(text: string): void
  stdin?: AsyncIterable<string>
  tty: boolean
  /** Calls fn when the client goes away. */
  onClose(fn: () => void): void
}

/** How an exec or attach ended: the process's exit code, or an error of the runtime. */
export type StreamOutcome = { exitCode: number } | { error: string }

/** The node refused the stream before it began (the kubelet answers the upgrade with an error, e.g. `container not found ("c")`). */
export class NodeStreamRefused extends Error {}
