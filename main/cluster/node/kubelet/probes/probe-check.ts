import type { Container, Pod, Probe } from 'kubernetes-types/core/v1'
import type { ExecCommands } from '../../../world/types'

/**
 * One probe attempt, as the kubelet's prober runs it, against the simulated
 * world: httpGet, tcpSocket and grpc succeed when a process of the pod
 * listens on the port (world.processes), exec when the program exists and
 * exits 0. Failures carry the kubelet's own output text, which becomes the
 * Unhealthy event (`Readiness probe failed: Get "http://10.244.1.5:8080/healthz":
 * dial tcp 10.244.1.5:8080: connect: connection refused`).
 */

export interface ProbeOutcome {
  ok: boolean
  /** What the kubelet reports after `<Kind> probe failed: `. */
  output: string
}

/** What an attempt can see. */
export interface ProbeScope {
  pod: Pod
  container: Container
  /** The pod's IP (the node's for hostNetwork pods). */
  podIP: string
  /** TCP ports processes of the pod listen on. */
  listening: Set<number>
  commands?: ExecCommands
}

/** A probe's port: a number, or a named containerPort. */
function resolvePort(port: number | string | undefined, container: Container): number | undefined {
  if (typeof port === 'number') return port
  if (port === undefined) return undefined
  if (/^\d+$/.test(port)) return Number(port)
  return container.ports?.find((p) => p.name === port)?.containerPort
}

function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`
}

function refused(host: string, port: number): string {
  return `dial tcp ${hostPort(host, port)}: connect: connection refused`
}

/** Exec: the program runs in the container; a missing one fails as the runtime reports it. */
async function execProbe(probe: NonNullable<Probe['exec']>, scope: ProbeScope): Promise<ProbeOutcome> {
  const argv = probe.command ?? []
  const program = argv.length ? scope.commands?.lookup(argv[0]) : undefined
  if (!program) {
    return { ok: false, output: `OCI runtime exec failed: exec failed: unable to start container process: exec: ${JSON.stringify(argv[0] ?? '')}: executable file not found in $PATH: unknown` }
  }
  let output = ''
  const code = await program({ pod: scope.pod, container: scope.container.name, argv, stdout: (t) => (output += t), stderr: (t) => (output += t) })
  return { ok: code === 0, output }
}

/** Runs one attempt of the probe. */
export async function checkProbe(probe: Probe, scope: ProbeScope): Promise<ProbeOutcome> {
  if (probe.exec) return execProbe(probe.exec, scope)
  if (probe.httpGet) {
    const port = resolvePort(probe.httpGet.port, scope.container)
    const host = probe.httpGet.host || scope.podIP
    const scheme = (probe.httpGet.scheme ?? 'HTTP').toLowerCase()
    const path = probe.httpGet.path ? (probe.httpGet.path.startsWith('/') ? probe.httpGet.path : `/${probe.httpGet.path}`) : '/'
    if (port === undefined) return { ok: false, output: `unable to resolve port ${JSON.stringify(String(probe.httpGet.port))}` }
    if (scope.listening.has(port)) return { ok: true, output: '' }
    return { ok: false, output: `Get "${scheme}://${hostPort(host, port)}${path}": ${refused(host, port)}` }
  }
  if (probe.tcpSocket) {
    const port = resolvePort(probe.tcpSocket.port, scope.container)
    const host = probe.tcpSocket.host || scope.podIP
    if (port === undefined) return { ok: false, output: `unable to resolve port ${JSON.stringify(String(probe.tcpSocket.port))}` }
    return scope.listening.has(port) ? { ok: true, output: '' } : { ok: false, output: refused(host, port) }
  }
  if (probe.grpc) {
    const port = probe.grpc.port
    const timeout = probe.timeoutSeconds ?? 1
    if (scope.listening.has(port)) return { ok: true, output: '' }
    return { ok: false, output: `timeout: failed to connect service ${JSON.stringify(hostPort(scope.podIP, port))} within ${timeout}s: context deadline exceeded` }
  }
  return { ok: false, output: 'missing probe handler' }
}
