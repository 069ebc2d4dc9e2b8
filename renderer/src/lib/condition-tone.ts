/**
 * How a condition's status reads: most conditions are good when True
 * (Ready, Available, PodScheduled), but for some True is the trouble (a node
 * under pressure or without its network, a ReplicaSet failing to create
 * pods, a pod about to be disrupted, a failed Job), so their False is the
 * healthy state. Unknown reads as neither.
 */
const troubleWhenTrue = new Set(['MemoryPressure', 'DiskPressure', 'PIDPressure', 'NetworkUnavailable', 'ReplicaFailure', 'DisruptionTarget', 'Failed', 'FailureTarget'])

export function conditionTone(type: string, status: string | undefined): 'ok' | 'warn' | 'neutral' {
  if (status !== 'True' && status !== 'False') return 'neutral'
  const good = troubleWhenTrue.has(type) ? status === 'False' : status === 'True'
  return good ? 'ok' : 'warn'
}
