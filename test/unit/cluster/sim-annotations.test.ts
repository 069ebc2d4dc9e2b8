import { describe, expect, it } from 'vitest'
import { simAnnotationWarnings } from '../../../main/cluster/sim-annotations'

const warn = (annotations: Record<string, string>, old?: Record<string, string>) => simAnnotationWarnings('pod', annotations, old, 'metadata.annotations')

describe('warnings about sim.kubelab.dev annotations', () => {
  it('readable knobs, other annotations and the scheduler\'s result are not warned about', () => {
    expect(
      warn({
        'sim.kubelab.dev/startup-delay': '0.5',
        'sim.kubelab.dev/crash-after': '0',
        'sim.kubelab.dev/exit-code': '255',
        'sim.kubelab.dev/cpu-usage': '50m',
        'sim.kubelab.dev/memory-growth': '1Mi',
        'sim.kubelab.dev/scheduling-result': '{}',
        'example.com/anything': 'goes'
      })
    ).toEqual([])
  })

  it('negative, empty and malformed values are', () => {
    expect(warn({ 'sim.kubelab.dev/readiness-delay': '-1', 'sim.kubelab.dev/memory-usage': '-1Mi', 'sim.kubelab.dev/startup-delay': '', 'sim.kubelab.dev/exit-code': '1.5' })).toEqual([
      'metadata.annotations[sim.kubelab.dev/readiness-delay]: Kubelab ignores "-1": not a non-negative number of seconds (such as 5 or 0.5)',
      'metadata.annotations[sim.kubelab.dev/memory-usage]: Kubelab ignores "-1Mi": not a non-negative quantity (such as 64Mi)',
      'metadata.annotations[sim.kubelab.dev/startup-delay]: Kubelab ignores "": not a non-negative number of seconds (such as 5 or 0.5)',
      'metadata.annotations[sim.kubelab.dev/exit-code]: Kubelab ignores "1.5": not an exit code from 0 to 255'
    ])
  })

  it('a value the stored object already had is not warned about again; the node\'s power is a node knob only', () => {
    expect(warn({ 'sim.kubelab.dev/crash-after': 'soon' }, { 'sim.kubelab.dev/crash-after': 'soon' })).toEqual([])
    expect(warn({ 'sim.kubelab.dev/power': 'off' })).toHaveLength(1)
    expect(simAnnotationWarnings('node', { 'sim.kubelab.dev/power': ' Off ' }, undefined, 'metadata.annotations')).toEqual([])
  })
})
