import type cytoscape from 'cytoscape'
import type { KubeObject } from '../../../../preload/contract'
import { isWaitingForNode, schedulingResultOf, verdictLine } from '../../lib/scheduling-result'

/**
 * Why Pending on the canvas: while a pod the scheduler could not place is
 * selected, each node box carries the scheduler's verdict for it under its
 * name (`✗ NodeResourcesFit: Insufficient cpu`, or `✓ fits`), rejected
 * boxes in the error colour. Any other selection clears the marks.
 */
export function markSchedulingVerdicts(cy: cytoscape.Core, pod: KubeObject | undefined): void {
  const summary = schedulingResultOf(pod)
  const verdicts = new Map(isWaitingForNode(pod, summary) ? summary!.verdicts.map((v) => [v.node, v]) : [])
  cy.nodes('.k8s-node').forEach((n) => {
    const v = verdicts.get(String(n.data('name')))
    n.removeClass('why-rejected why-fits')
    if (!v) {
      if (n.data('why') !== undefined) n.removeData('why whyLabel')
      return
    }
    const line = verdictLine(v)
    n.data({ why: line, whyLabel: `${n.data('label')}\n${line}` })
    n.addClass(v.fits ? 'why-fits' : 'why-rejected')
    n.removeClass('faded')
  })
}
