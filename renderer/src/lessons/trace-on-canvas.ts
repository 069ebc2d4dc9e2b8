/**
 * A lesson's packet trace, asked through the trace store as the inspector's
 * Trace tab asks it: the question fills the tab, the sender (or, from
 * outside, the node the packet enters by) is selected, the answer plays hop
 * by hop on the canvas, and a drop's culprit is marked.
 */
import type { TraceRequest, TraceResult } from '../../../preload/contract'
import { nodeAddress } from '../lib/kube'
import { useObjectsStore } from '../stores/objects'
import { useSelectionStore } from '../stores/selection'
import { useTraceStore } from '../stores/trace'

export async function traceOnCanvas(request: TraceRequest): Promise<TraceResult> {
  const trace = useTraceStore()
  const selection = useSelectionStore()
  const { source, destination } = request
  trace.sourceKind = source.external ? 'external' : source.node ? 'node' : 'pod'
  trace.sourceName = source.pod ?? source.node ?? ''
  trace.destination = destination.pod ? `pod:${destination.pod}` : (destination.address ?? '')
  trace.port = destination.port
  trace.protocol = request.protocol ?? 'TCP'
  if (source.pod) {
    const [namespace, name] = source.pod.split('/')
    selection.select({ resource: 'pods', namespace, name })
  } else if (source.node) {
    selection.select({ resource: 'nodes', name: source.node })
  } else {
    const entry = useObjectsStore()
      .list('nodes')
      .find((n) => nodeAddress(n) === destination.address)
    if (entry) selection.select({ resource: 'nodes', name: entry.metadata.name ?? '' })
  }
  trace.opened++
  await trace.run()
  if (!trace.answer) throw new Error(trace.error || 'the trace engine gave no answer')
  return trace.answer
}
