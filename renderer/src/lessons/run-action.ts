/**
 * Carries out a lesson's action through the contract's calls, and says in
 * kubectl's words what happened. Applies report the objects they created,
 * so Reset can delete them. (Traces go through the trace store instead, so
 * they play on the canvas and in the inspector: see stores/lessons.ts.)
 */
import type { Gvr, KubelabApi } from '../../../preload/contract'
import type { Action } from './types'

/** An object a lesson created, to delete on Reset. */
export interface CreatedRef {
  gvr: Gvr
  namespace?: string
  name: string
}

export interface ActionOutcome {
  /** One line per object or effect, as kubectl prints them. */
  lines: string[]
  created: CreatedRef[]
}

export class ActionFailed extends Error {
  constructor(
    message: string,
    readonly outcome: ActionOutcome
  ) {
    super(message)
  }
}

const qualified = (gvr: Gvr, kind: string): string => (gvr.group ? `${kind.toLowerCase()}.${gvr.group}` : kind.toLowerCase())
/** kubectl's name for a resource in its messages: `replicationcontroller`, `deployment.apps`. */
const singular = (gvr: Gvr): string => `${gvr.resource.replace(/(ies|sses|s)$/, (m) => ({ ies: 'y', sses: 'ss' })[m] ?? '')}${gvr.group ? `.${gvr.group}` : ''}`

export async function runAction(api: KubelabApi, action: Exclude<Action, { type: 'trace' }>): Promise<ActionOutcome> {
  const out: ActionOutcome = { lines: [], created: [] }
  switch (action.type) {
    case 'apply': {
      const results = await api.call('objects/apply', { yaml: action.yaml, namespace: 'default' })
      const failures: string[] = []
      for (const r of results) {
        if (!r.ok) {
          failures.push(r.message)
          continue
        }
        out.lines.push(`${qualified(r.gvr, r.object.kind ?? '')}/${r.object.metadata.name} ${r.action}`)
        if (r.action === 'created') out.created.push({ gvr: r.gvr, namespace: r.object.metadata.namespace, name: r.object.metadata.name ?? '' })
      }
      if (failures.length) throw new ActionFailed(failures.join('\n'), out)
      return out
    }
    case 'scale': {
      await api.call('objects/scale', { gvr: action.gvr, namespace: action.namespace, name: action.name, replicas: action.replicas })
      out.lines.push(`${singular(action.gvr)}/${action.name} scaled to ${action.replicas}`)
      return out
    }
    case 'patch': {
      await api.call('objects/patch', { gvr: action.gvr, namespace: action.namespace, name: action.name, type: action.patchType, patch: action.patch })
      out.lines.push(`${singular(action.gvr)}/${action.name} patched`)
      return out
    }
    case 'delete': {
      await api.call('objects/delete', { gvr: action.gvr, namespace: action.namespace, name: action.name, propagationPolicy: 'Background' })
      out.lines.push(`${singular(action.gvr)} "${action.name}" deleted`)
      return out
    }
    case 'node': {
      await api.call('nodes/action', { node: action.node, action: action.action })
      out.lines.push(`node/${action.node} ${action.action === 'power-off' ? 'powered off' : action.action === 'power-on' ? 'powered on' : action.action}`)
      return out
    }
    case 'clock': {
      const s = await api.call('clock/set', { ...(action.speed !== undefined ? { speed: action.speed } : {}), ...(action.paused !== undefined ? { paused: action.paused } : {}) })
      out.lines.push(s.paused ? 'clock paused' : `clock at ${s.speed}x`)
      return out
    }
    case 'step-clock': {
      await api.call('clock/step', { ms: action.ms })
      out.lines.push(`clock moved on ${Math.round(action.ms / 1000)} s`)
      return out
    }
  }
}
