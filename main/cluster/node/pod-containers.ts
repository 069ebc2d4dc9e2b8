import type { Container, Pod } from 'kubernetes-types/core/v1'

/**
 * The spec of a pod's container by name, whatever its kind: init, app or
 * ephemeral (podutil.VisitContainers). An ephemeral container's spec has the
 * fields of a Container (EphemeralContainerCommon) plus its target.
 */
export function containerSpec(pod: Pod, name: string): Container | undefined {
  const spec = pod.spec
  return (
    spec?.containers?.find((c) => c.name === name) ??
    spec?.initContainers?.find((c) => c.name === name) ??
    (spec?.ephemeralContainers?.find((c) => c.name === name) as Container | undefined)
  )
}
