import type { ContainerProcesses, InboundRequest, InboundResult } from './types'

interface Listener {
  container: string
  port: number
  protocol: string
}

/**
 * The processes running in pods and the ports they listen on. The kubelet
 * registers a container's listeners when it starts and removes them when it
 * stops; the network model delivers requests here.
 */
export class ProcessTable implements ContainerProcesses {
  private readonly listeners = new Map<string, Listener[]>()

  /** A container started: it listens on these ports. */
  started(uid: string, container: string, ports: { port: number; protocol: string }[]): void {
    const rest = (this.listeners.get(uid) ?? []).filter((l) => l.container !== container)
    this.listeners.set(uid, [...rest, ...ports.map((p) => ({ container, port: p.port, protocol: p.protocol }))])
  }

  /** A container stopped: its ports close. */
  stopped(uid: string, container: string): void {
    const rest = (this.listeners.get(uid) ?? []).filter((l) => l.container !== container)
    if (rest.length) this.listeners.set(uid, rest)
    else this.listeners.delete(uid)
  }

  /** The pod is gone. */
  forget(uid: string): void {
    this.listeners.delete(uid)
  }

  receive(pod: { namespace: string; name: string; uid: string }, request: InboundRequest): InboundResult {
    const listener = this.listeningPorts(pod).find((l) => l.port === request.port && l.protocol === request.protocol)
    if (!listener) return { listening: false }
    return { listening: true, container: listener.container }
  }

  listeningPorts(pod: { namespace: string; name: string; uid: string }): { port: number; protocol: string; container: string }[] {
    return (this.listeners.get(pod.uid) ?? []).map((l) => ({ ...l }))
  }
}
