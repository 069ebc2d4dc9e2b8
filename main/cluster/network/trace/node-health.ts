import type { Node } from 'kubernetes-types/core/v1'

/** The knob that cuts a node's power (the kubelet's simulation annotations). */
export const powerAnnotation = 'sim.kubelab.dev/power'

/** Why a node cannot forward or receive packets, in words; undefined when it can. */
export function nodeDownReason(node: Node | undefined, name: string): string | undefined {
  if (!node) return `node ${name} does not exist`
  if (node.metadata?.annotations?.[powerAnnotation]?.trim().toLowerCase() === 'off') return `node ${name} is powered off (${powerAnnotation}=off)`
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready')
  if (ready && ready.status !== 'True') return `node ${name} is NotReady (${ready.reason ?? 'Ready ' + ready.status}${ready.message ? `: ${ready.message}` : ''})`
  return undefined
}
