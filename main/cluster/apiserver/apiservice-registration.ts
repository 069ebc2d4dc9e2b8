import { isAlreadyExists, isNotFound } from '../apimachinery/errors'
import type { Client } from '../client/types'
import type { Clock } from '../clock/types'
import type { Registry } from '../registry/registry'
import type { APIService, APIServiceCondition } from '../registry/kinds/apiservice'
import { metricsGroup, metricsVersion } from './metrics/metrics-group'

/**
 * kube-apiserver's autoregister controller, as its
 * kube-apiserver-autoregistration post-start hook runs it: one Local
 * APIService (no service: kube-apiserver answers it itself) for each
 * group-version the server lists, with the group and version priorities of
 * kube-apiserver's table, labelled as registered on start; those a former
 * start registered that are no longer served are removed. Local APIServices
 * are always available, so their Available condition is written at once.
 *
 * metrics.k8s.io/v1beta1 is registered here too, with the priorities
 * metrics-server's manifest gives it. Kubelab answers that group itself
 * (there is no metrics-server Service to point at), so its APIService is
 * Local as well: what a real cluster shows is `kube-system/metrics-server`.
 */

/** groupPriorityMinimum and versionPriority of each group-version, as kube-apiserver 1.32's defaults table sets them. */
const priorities: Readonly<Record<string, readonly [number, number]>> = {
  v1: [18000, 1],
  'apiregistration.k8s.io/v1': [18000, 15],
  'apps/v1': [17800, 15],
  'events.k8s.io/v1': [17750, 15],
  'authentication.k8s.io/v1': [17700, 15],
  'authorization.k8s.io/v1': [17600, 15],
  'autoscaling/v2': [17500, 30],
  'autoscaling/v1': [17500, 15],
  'batch/v1': [17400, 15],
  'certificates.k8s.io/v1': [17300, 15],
  'networking.k8s.io/v1': [17200, 15],
  'policy/v1': [17100, 15],
  'rbac.authorization.k8s.io/v1': [17000, 15],
  'storage.k8s.io/v1': [16800, 15],
  'admissionregistration.k8s.io/v1': [16700, 15],
  'apiextensions.k8s.io/v1': [16700, 15],
  'scheduling.k8s.io/v1': [16600, 15],
  'coordination.k8s.io/v1': [16500, 15],
  'node.k8s.io/v1': [16300, 15],
  'discovery.k8s.io/v1': [16200, 15],
  'flowcontrol.apiserver.k8s.io/v1': [16100, 21],
  // metrics-server's own APIService (its components.yaml).
  [`${metricsGroup}/${metricsVersion}`]: [100, 100]
}

/** The label autoregister puts on what it registers on start: its own, to remove once no longer served. */
export const autoRegisterLabel = 'kube-aggregator.kubernetes.io/automanaged'

/** `<version>.<group>`, an APIService's name. */
export function apiServiceName(group: string, version: string): string {
  return `${version}.${group}`
}

/** The group-versions the registry serves, with metrics.k8s.io, as the listed paths /api/v1 and /apis/<group>/<version>. */
export function servedGroupVersions(registry: Registry): { group: string; version: string }[] {
  const seen = new Map<string, { group: string; version: string }>()
  for (const def of registry.definitions) {
    for (const version of [def.version, ...(def.versions ?? []).map((v) => v.version)]) seen.set(`${def.group}/${version}`, { group: def.group, version })
  }
  seen.set(`${metricsGroup}/${metricsVersion}`, { group: metricsGroup, version: metricsVersion })
  return [...seen.values()]
}

/** The APIService autoregister wants for a group-version; undefined when the table does not know it (a CRD's, Kubelab's own). */
export function localAPIService(group: string, version: string): APIService & { metadata: { name: string; labels: Record<string, string> } } | undefined {
  const p = priorities[group ? `${group}/${version}` : version]
  if (!p) return undefined
  return {
    apiVersion: 'apiregistration.k8s.io/v1',
    kind: 'APIService',
    metadata: { name: apiServiceName(group, version), labels: { [autoRegisterLabel]: 'onstart' } },
    spec: { group, version, groupPriorityMinimum: p[0], versionPriority: p[1] }
  }
}

/** The Available condition of a Local APIService, as the availability controller writes it. */
function localAvailable(now: string): APIServiceCondition {
  return { type: 'Available', status: 'True', lastTransitionTime: now, reason: 'Local', message: 'Local APIServices are always available' }
}

type Stored = APIService & { metadata: { name?: string; labels?: Record<string, string>; resourceVersion?: string } }

/** Registers the served group-versions' APIServices (idempotent: a restart changes nothing that is already right). */
export async function ensureAutoregisteredAPIServices(client: Client, registry: Registry, clock: Clock): Promise<void> {
  const apiServices = client.resource<Stored>({ group: 'apiregistration.k8s.io', version: 'v1', resource: 'apiservices' })
  const existing = new Map((await apiServices.list()).items.map((a) => [a.metadata.name ?? '', a]))
  const wanted = new Set<string>()
  for (const { group, version } of servedGroupVersions(registry)) {
    const desired = localAPIService(group, version)
    if (!desired) continue
    wanted.add(desired.metadata.name)
    let current = existing.get(desired.metadata.name)
    if (!current) {
      try {
        current = await apiServices.create(desired)
      } catch (e) {
        if (!isAlreadyExists(e)) throw e
        current = await apiServices.get(undefined, desired.metadata.name)
      }
    } else if (JSON.stringify(current.spec) !== JSON.stringify(desired.spec)) {
      current = await apiServices.update({ ...current, spec: desired.spec })
    }
    const available = current.status?.conditions?.find((c) => c.type === 'Available')
    if (!current.spec?.service && (available?.status !== 'True' || available.reason !== 'Local')) {
      const others = (current.status?.conditions ?? []).filter((c) => c.type !== 'Available')
      await apiServices.updateStatus({ ...current, status: { conditions: [...others, localAvailable(clock.rfc3339())] } })
    }
  }
  // What a former start registered and this one no longer serves goes, as autoregister's sync on start removes it.
  for (const [name, a] of existing) {
    if (wanted.has(name) || a.metadata.labels?.[autoRegisterLabel] !== 'onstart') continue
    try {
      await apiServices.delete(undefined, name)
    } catch (e) {
      if (!isNotFound(e)) throw e
    }
  }
}
