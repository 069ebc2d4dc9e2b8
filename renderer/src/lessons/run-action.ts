/**
 * Carries out a lesson's action through the contract's calls, and says in
 * kubectl's words what happened. (A step's manifests go through
 * lessons/apply, so main knows what to delete on Reset; traces go through
 * the trace store, so they play on the canvas: see stores/lessons.ts.)
 */
import type { ApplyResult, Gvr, KubelabApi } from '../../../preload/contract'
import type { CallAction } from './types'

const qualified = (gvr: Gvr, kind: string): string => (gvr.group ? `${kind.toLowerCase()}.${gvr.group}` : kind.toLowerCase())
/** kubectl's name for a resource in its messages: `replicationcontroller`, `deployment.apps`. */
const singular = (gvr: Gvr): string => `${gvr.resource.replace(/(ies|sses|s)$/, (m) => ({ ies: 'y', sses: 'ss' })[m] ?? '')}${gvr.group ? `.${gvr.group}` : ''}`

/** An apply's outcome as kubectl prints it (`replicationcontroller/frontend created`), and the API's messages for what failed. */
export function applyOutcome(results: ApplyResult[]): { lines: string[]; failures: string[] } {
  const lines: string[] = []
  const failures: string[] = []
  for (const r of results) {
    if (r.ok) lines.push(`${qualified(r.gvr, r.object.kind ?? '')}/${r.object.metadata.name} ${r.action}`)
    else failures.push(r.message)
  }
  return { lines, failures }
}

/** Runs an action; resolves to the lines kubectl would print. */
export async function runAction(api: KubelabApi, action: CallAction): Promise<string[]> {
  switch (action.type) {
    case 'scale':
      await api.call('objects/scale', { gvr: action.gvr, namespace: action.namespace, name: action.name, replicas: action.replicas })
      return [`${singular(action.gvr)}/${action.name} scaled to ${action.replicas}`]
    case 'patch':
      await api.call('objects/patch', { gvr: action.gvr, namespace: action.namespace, name: action.name, type: action.patchType, patch: action.patch })
      return [`${singular(action.gvr)}/${action.name} patched`]
    case 'delete':
      await api.call('objects/delete', { gvr: action.gvr, namespace: action.namespace, name: action.name, propagationPolicy: 'Background' })
      return [`${singular(action.gvr)} "${action.name}" deleted`]
    case 'node':
      await api.call('nodes/action', { node: action.node, action: action.action })
      return [`node/${action.node} ${action.action === 'power-off' ? 'powered off' : action.action === 'power-on' ? 'powered on' : action.action}`]
    case 'clock': {
      const s = await api.call('clock/set', { ...(action.speed !== undefined ? { speed: action.speed } : {}), ...(action.paused !== undefined ? { paused: action.paused } : {}) })
      return [s.paused ? 'clock paused' : `clock at ${s.speed}x`]
    }
    case 'step-clock':
      await api.call('clock/step', { ms: action.ms })
      return [`clock moved on ${Math.round(action.ms / 1000)} s`]
  }
}
