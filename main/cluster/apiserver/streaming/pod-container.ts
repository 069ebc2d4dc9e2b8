import type { Pod } from 'kubernetes-types/core/v1'
import { badRequest } from '../../apimachinery/errors'

/**
 * Which container a log, exec or attach request means, checked as the pod
 * registry checks it (pkg/registry/core/pod/strategy.go): a pod with one
 * container needs no name; with several, the request must name one; a name
 * must be one of the pod's containers.
 */

const names = (list: { name: string }[] | undefined): string => (list ?? []).map((c) => c.name).join(' ')

function pick(pod: Pod, requested: string | null, choices: () => string): string {
  const podName = pod.metadata?.name ?? ''
  const spec = pod.spec
  if (requested) {
    const ephemeral = (spec as { ephemeralContainers?: { name: string }[] } | undefined)?.ephemeralContainers ?? []
    const all = [...(spec?.initContainers ?? []), ...(spec?.containers ?? []), ...ephemeral]
    if (!all.some((c) => c.name === requested)) throw badRequest(`container ${requested} is not valid for pod ${podName}`)
    return requested
  }
  const containers = spec?.containers ?? []
  if (containers.length === 1) return containers[0].name
  if (containers.length === 0) throw badRequest(`a container name must be specified for pod ${podName}`)
  throw badRequest(`a container name must be specified for pod ${podName}, choose one of: ${choices()}`)
}

/** For pods/log: the names offered are every container, init containers first (podutil.VisitContainers). */
export function logContainer(pod: Pod, requested: string | null): string {
  return pick(pod, requested, () => `[${names([...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])])}]`)
}

/** For pods/exec and pods/attach (streamLocation): init containers are offered apart. */
export function streamContainer(pod: Pod, requested: string | null): string {
  return pick(pod, requested, () => {
    const init = pod.spec?.initContainers ?? []
    return `[${names(pod.spec?.containers)}]${init.length ? ` or one of the init containers: [${names(init)}]` : ''}`
  })
}
