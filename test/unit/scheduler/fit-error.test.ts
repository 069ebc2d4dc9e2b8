import { describe, expect, it } from 'vitest'
import { Diagnosis, fitErrorMessage, unresolvable, unschedulable } from '../../../main/cluster/scheduler'

/** A diagnosis with explicit node statuses. */
function diagnosis(statuses: Record<string, ReturnType<typeof unschedulable>>): Diagnosis {
  const d = new Diagnosis()
  for (const [n, s] of Object.entries(statuses)) d.nodeToStatus.set(n, s)
  return d
}

describe('FitError message (FitError.Error)', () => {
  it('counts each reason over nodes and sorts the "<count> <reason>" strings', () => {
    const d = diagnosis({
      'cp-1': unresolvable('node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }'),
      w1: unschedulable('Insufficient cpu'),
      w2: unschedulable('Insufficient cpu'),
      w3: unschedulable('Insufficient cpu')
    })
    d.postFilterMsg = 'preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.'
    expect(fitErrorMessage(4, d)).toBe(
      '0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.'
    )
  })

  it('counts every reason of a node that has several', () => {
    const d = diagnosis({ a: unschedulable('Insufficient cpu', 'Insufficient memory'), b: unschedulable('Insufficient memory') })
    expect(fitErrorMessage(2, d)).toBe('0/2 nodes are available: 1 Insufficient cpu, 2 Insufficient memory.')
  })

  it('sorts as strings, as Go does: "10 ..." before "9 ..."', () => {
    const statuses: Record<string, ReturnType<typeof unschedulable>> = {}
    for (let i = 0; i < 10; i++) statuses[`a${i}`] = unschedulable('Too many pods')
    for (let i = 0; i < 9; i++) statuses[`b${i}`] = unschedulable('Insufficient cpu')
    expect(fitErrorMessage(19, diagnosis(statuses))).toBe('0/19 nodes are available: 10 Too many pods, 9 Insufficient cpu.')
  })

  it('uses only the PreFilter message when PreFilter rejected the pod', () => {
    const d = new Diagnosis()
    d.absentStatus = unresolvable('pod has unbound immediate PersistentVolumeClaims')
    d.preFilterMsg = 'pod has unbound immediate PersistentVolumeClaims'
    d.postFilterMsg = 'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.'
    expect(fitErrorMessage(3, d)).toBe(
      '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.'
    )
  })

  it('counts the absent-nodes status for every node without an explicit one', () => {
    const d = diagnosis({ 'node-3': unresolvable('node(s) had untolerated taint {dedicated: gpu}') })
    d.absentStatus = unresolvable("node(s) didn't satisfy plugin(s) [NodeAffinity]")
    expect(fitErrorMessage(4, d)).toBe("0/4 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 3 node(s) didn't satisfy plugin(s) [NodeAffinity].")
  })

  it('appends a PostFilter message that is not about preemption as it is', () => {
    const d = diagnosis({ a: unschedulable('Insufficient cpu') })
    d.postFilterMsg = 'preemption: not eligible due to preemptionPolicy=Never.'
    expect(fitErrorMessage(1, d)).toBe('0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.')
  })
})
