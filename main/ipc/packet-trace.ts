import type { Cluster } from '../cluster/cluster'
import type { KubeObject } from '../cluster/apimachinery/types'
import type { TraceAnswer, TraceRequest, TraceResult } from '../../preload/contract'
import { placesOfTrace } from './trace-places'

/**
 * A packet trace for the UI: a kubelab.dev/v1alpha1 PacketTrace created
 * through the API, as `kubectl create -f trace.yaml` would; the trace
 * engine answers it (a create-only kind: nothing is stored) and the answer
 * is its status: the verdict, the reason, and every hop. The UI also gets
 * the objects each hop is at and, for a drop, the objects to blame, so the
 * canvas can draw the path (trace-places.ts).
 */
const packetTraces = { group: 'kubelab.dev', version: 'v1alpha1', resource: 'packettraces' }
let traces = 0

export async function tracePacket(cluster: Cluster, request: TraceRequest): Promise<TraceAnswer> {
  const obj = {
    apiVersion: 'kubelab.dev/v1alpha1',
    kind: 'PacketTrace',
    metadata: { name: `ui-trace-${++traces}` },
    spec: { source: request.source, destination: request.destination, ...(request.protocol ? { protocol: request.protocol } : {}) }
  } as KubeObject
  const answered = await cluster.client.resource(packetTraces).create(obj)
  const status = answered.status as TraceResult
  return { ...status, ...(await placesOfTrace(cluster, request, status)) }
}
