import type { Pod } from 'kubernetes-types/core/v1'
import type { ProxyRules } from '../network/kube-proxy/types'
import type { ClusterDns } from '../network/dns/types'

/**
 * The simulated world under the API: what runs inside containers and what
 * travels on the wires. The API is the control plane (components meet only
 * there); the world is the data plane a real cluster has in its kernels and
 * processes: container output, processes answering on ports, packets. The
 * kubelet (node/) fills it as it starts and stops containers; the network
 * model (network/) sends traffic through it; the API front reaches it for
 * pods/log and pods/exec, as kube-apiserver reaches a kubelet on :10250.
 */
export interface World {
  /** What containers wrote to stdout/stderr (`kubectl logs`). */
  readonly logs: ContainerLogs
  /** The processes running in containers: their ports, load, usage. */
  readonly processes: ContainerProcesses
  /** Commands that can run inside a container (`kubectl exec`). */
  readonly commands: ExecCommands
  /** kube-proxy's iptables rules on each node (network/kube-proxy keeps them; traces and `iptables-save` read them). */
  readonly proxyRules: ProxyRules
  /** The cluster DNS behind kube-dns, and each pod's resolv.conf and resolver (network/dns). */
  readonly dns: ClusterDns
}

/**
 * A container's environment as fixed when it was created (a ConfigMap or a
 * Service that changes later does not change it): its own variables apart
 * from the Service variables, which many containers share.
 */
export interface ContainerEnvironment {
  hostname: string
  own: Readonly<Record<string, string>>
  services: Readonly<Record<string, string>>
}

/** One container of one pod instance (the uid tells a recreated pod of the same name apart). */
export interface ContainerRef {
  namespace: string
  pod: string
  uid: string
  container: string
}

export interface LogLine {
  /** Cluster time (ms since the epoch) the line was written. */
  time: number
  stream: 'stdout' | 'stderr'
  text: string
}

export interface LogReadOptions {
  /** The previous (terminated) instance of the container instead of the current one. */
  previous?: boolean
  /** Only the last N lines. */
  tailLines?: number
  /** Only lines written at or after this cluster time (ms). */
  sinceTime?: number
}

/** The container log files the kubelet serves. One current log and one previous per container. */
export interface ContainerLogs {
  /** Appends a line the container wrote now (by the cluster clock). */
  write(ref: ContainerRef, text: string, stream?: 'stdout' | 'stderr'): void
  /** The container restarted: its current log becomes the previous one and a new, empty one begins. */
  rotate(ref: ContainerRef): void
  /** The lines kept for the container; undefined when it never wrote a log (never started). */
  read(ref: ContainerRef, options?: LogReadOptions): LogLine[] | undefined
  /** Calls `onLine` for each line written from now on, until the returned function is called. */
  follow(ref: ContainerRef, onLine: (line: LogLine) => void): () => void
  /** The pod is gone: drops its logs. */
  forget(uid: string): void
}

/** A request arriving at a pod's IP on a port, from the network model (a traffic generator, `curl` in another pod). */
export interface InboundRequest {
  /** Source `ip:port` as the destination pod sees it (after any SNAT). */
  from: string
  protocol: 'TCP' | 'UDP' | 'SCTP'
  port: number
  /** For HTTP-ish requests: method and path, so access logs read like the real servers'. */
  method?: string
  path?: string
  /** How many identical requests this stands for (traffic is simulated in batches). */
  count?: number
}

export interface InboundResult {
  /** Something listens on that port in the pod (else: connection refused / port unreachable). */
  listening: boolean
  /** The container that answered. */
  container?: string
  /** What the server answered, shaped like the real software (an HTTP status line and body, a redis reply...). */
  status?: number
  body?: string
}

/** The processes running in containers, as the simulated container runtime runs them. */
export interface ContainerProcesses {
  /** Delivers a request to a running pod; the answering process gets the load and writes its access log. */
  receive(pod: { namespace: string; name: string; uid: string }, request: InboundRequest): InboundResult
  /** The TCP/UDP ports processes of a running pod listen on (declared containerPorts and what the image listens on). */
  listeningPorts(pod: { namespace: string; name: string; uid: string }): { port: number; protocol: string; container: string }[]
}

/** What a command inside a container sees. */
export interface ExecContext {
  /** The pod (as stored), which gives it its network namespace: pod IP, node, DNS config. */
  pod: Pod
  container: string
  /** argv[0] is the command name. */
  argv: string[]
  stdout(text: string): void
  stderr(text: string): void
  /** Standard input, when the client sent one (kubectl exec -i). */
  stdin?: AsyncIterable<string>
  /** The container's file system (its image and its volumes); absent: the image's alone. */
  files?: ContainerFiles
}

/** What a process can read of its container's file system, and change where it is writable. */
export interface ContainerFiles {
  /** A file's content; undefined when there is no such file. */
  read(path: string): string | undefined
  /** A directory's entries, sorted; undefined when there is no such directory. */
  list(path: string): string[] | undefined
  /** Writes (or appends to) a file; absent on a file system nothing can write to (the image's root alone). */
  write?(path: string, content: string, append?: boolean): FileError | undefined
  /** Makes a directory (and its parents with `parents`). */
  mkdir?(path: string, parents?: boolean): FileError | undefined
  /** Removes a file, or a directory and all below it with `recursive`. */
  remove?(path: string, recursive?: boolean): FileError | undefined
}

/** Why a change to the file system failed, as errno names it. */
export type FileError = 'EROFS' | 'ENOENT' | 'EISDIR' | 'EEXIST' | 'ENOTDIR' | 'EBUSY'

/** A simulated program: writes its output through the context and returns its exit code. */
export type ExecCommand = (ctx: ExecContext) => Promise<number> | number

/** The programs a container has (a small toolbox: sh, curl, nslookup, ip, cat ...). */
export interface ExecCommands {
  register(name: string, command: ExecCommand): void
  /** The program for argv[0] (a path like /bin/ls is looked up by its base name). */
  lookup(name: string): ExecCommand | undefined
}
