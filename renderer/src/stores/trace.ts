import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { KubeObject, TraceAnswer, TraceRequest } from '../../../preload/contract'
import { useApi } from '../api/current'
import { messageOf } from '../api/errors'
import { get, isControlPlane, nodeAddress } from '../lib/kube'
import { useObjectsStore } from './objects'

/** Where a client outside the cluster sends to reach a NodePort: a Ready worker's InternalIP (else any node's). */
export function entryNodeIP(nodes: readonly KubeObject[]): string | undefined {
  const ready = (n: KubeObject): boolean => (get<Array<{ type: string; status: string }>>(n, 'status', 'conditions') ?? []).some((c) => c.type === 'Ready' && c.status === 'True')
  const best = nodes.find((n) => ready(n) && !isControlPlane(n) && nodeAddress(n)) ?? nodes.find((n) => ready(n) && nodeAddress(n)) ?? nodes.find((n) => nodeAddress(n))
  return best && nodeAddress(best)
}

export type TraceSourceKind = 'pod' | 'node' | 'external'

/** How long each hop stays the current one while a trace plays on the canvas. */
export const hopMs = 400

/**
 * The packet trace the user is building and looking at: the question (a
 * source, a destination, a port), the trace engine's answer, and which hop
 * is shown. The inspector's Trace tab edits and runs it; the canvas draws
 * the answer hop by hop (trace-overlay.ts). Canvas and inspector actions
 * ("Trace from here", "Trace to here") fill the question in.
 */
export const useTraceStore = defineStore('trace', () => {
  const sourceKind = ref<TraceSourceKind>('pod')
  /** `namespace/name` for a pod, a node's name. */
  const sourceName = ref('')
  /** A Service name, DNS name, IP, or `namespace/pod`. */
  const destination = ref('')
  const port = ref<number | undefined>(80)
  const protocol = ref<'TCP' | 'UDP'>('TCP')
  const busy = ref(false)
  const error = ref('')
  const answer = shallowRef<TraceAnswer>()
  /** The hop shown on the canvas (every hop before it is drawn as the path so far). */
  const step = ref(-1)
  const playing = ref(false)
  /** Bumped to ask the inspector to show the Trace tab. */
  const opened = ref(0)
  let timer: ReturnType<typeof setTimeout> | undefined

  const ready = computed(() => !!destination.value.trim() && (sourceKind.value === 'external' || !!sourceName.value.trim()))

  function request(): TraceRequest {
    const to = destination.value.trim()
    // `pod:ns/name` (or `ns/name`) names a pod; anything else is an address.
    const podRef = to.startsWith('pod:') ? to.slice(4) : /^[a-z0-9-]+\/[a-z0-9.-]+$/.test(to) ? to : undefined
    const source = sourceKind.value === 'external' ? { external: true } : sourceKind.value === 'node' ? { node: sourceName.value.trim() } : { pod: sourceName.value.trim() }
    return { source, destination: { ...(podRef ? { pod: podRef } : { address: to }), ...(port.value ? { port: port.value } : {}) }, protocol: protocol.value }
  }

  async function run(): Promise<void> {
    if (!ready.value) return
    stop()
    busy.value = true
    error.value = ''
    answer.value = undefined
    step.value = -1
    try {
      answer.value = await useApi().call('network/trace', request())
      play()
    } catch (e) {
      error.value = messageOf(e)
    } finally {
      busy.value = false
    }
  }

  /** Walks the answer's hops on the canvas, one every hopMs. */
  function play(): void {
    stop()
    const hops = answer.value?.hops.length ?? 0
    if (!hops) return
    playing.value = true
    step.value = 0
    const next = (): void => {
      if (step.value >= hops - 1) {
        playing.value = false
        timer = undefined
        return
      }
      step.value++
      timer = setTimeout(next, hopMs)
    }
    timer = setTimeout(next, hopMs)
  }

  function stop(): void {
    if (timer) clearTimeout(timer)
    timer = undefined
    playing.value = false
  }

  /** Shows one hop (from the hop table). */
  function show(i: number): void {
    stop()
    step.value = i
  }

  function clear(): void {
    stop()
    answer.value = undefined
    error.value = ''
    step.value = -1
  }

  /** "Trace from here": a pod or a node sends. */
  function from(resource: string, obj: KubeObject): void {
    if (resource === 'nodes') {
      sourceKind.value = 'node'
      sourceName.value = obj.metadata.name ?? ''
    } else {
      sourceKind.value = 'pod'
      sourceName.value = `${obj.metadata.namespace}/${obj.metadata.name}`
    }
    opened.value++
  }

  /** "Trace to here": a pod (its first port), a Service (by DNS name; its NodePort from outside), a node's NodePort. */
  function to(resource: string, obj: KubeObject): void {
    if (resource === 'pods') {
      destination.value = `${obj.metadata.namespace}/${obj.metadata.name}`
      const containers = get<Array<{ ports?: Array<{ containerPort: number }> }>>(obj, 'spec', 'containers') ?? []
      port.value = containers.flatMap((c) => c.ports ?? [])[0]?.containerPort ?? port.value
    } else if (resource === 'services') {
      const ports = get<Array<{ port: number; nodePort?: number }>>(obj, 'spec', 'ports') ?? []
      // From outside, cluster names do not resolve: a client reaches a Service through a node and its NodePort.
      if (sourceKind.value === 'external' && fromOutsideTo(obj)) return
      const sourceNs = sourceKind.value === 'pod' ? sourceName.value.split('/')[0] : ''
      destination.value = sourceNs === obj.metadata.namespace ? (obj.metadata.name ?? '') : `${obj.metadata.name}.${obj.metadata.namespace}`
      port.value = ports[0]?.port ?? port.value
    } else if (resource === 'nodes') {
      destination.value = nodeAddress(obj) ?? obj.metadata.name ?? ''
    }
    opened.value++
  }

  /** From outside the cluster to a Service's NodePort on a node: the Node IP and the port. False when it has no NodePort or no node an address. */
  function fromOutsideTo(service: KubeObject): boolean {
    const nodePort = (get<Array<{ nodePort?: number }>>(service, 'spec', 'ports') ?? []).find((p) => p.nodePort)?.nodePort
    const ip = entryNodeIP(useObjectsStore().list('nodes'))
    if (!nodePort || !ip) return false
    sourceKind.value = 'external'
    destination.value = ip
    port.value = nodePort
    opened.value++
    return true
  }

  return { sourceKind, sourceName, destination, port, protocol, busy, error, answer, step, playing, opened, ready, run, play, stop, show, clear, from, to, fromOutsideTo }
})
