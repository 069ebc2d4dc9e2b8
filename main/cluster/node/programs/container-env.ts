import type { ConfigMap, Container, Pod, Secret } from 'kubernetes-types/core/v1'
import type { ContainerEnvironment } from '../../world/types'
import { fieldRefValue, resourceFieldRefValue, type PodRuntimeAddresses } from './downward-env'
import { podHostname } from './pod-hostname'
import { containerSpec } from '../pod-containers'

export type { ContainerEnvironment } from '../../world/types'

/** What the kubelet reads besides the pod to build a container's environment. */
export interface EnvSources {
  /** The Service variables of a namespace's pods (service-env.ts), one shared object while the Services do not change. */
  serviceEnv(namespace: string, enableServiceLinks: boolean): Readonly<Record<string, string>>
  configMap(namespace: string, name: string): ConfigMap | undefined
  secret(namespace: string, name: string): Secret | undefined
  /** The node's allocatable resources, the default for limits a container does not set. */
  allocatable(): Record<string, string>
  /** The pod's and node's addresses as the runtime knows them (the API may not have them yet). */
  addresses(pod: Pod): PodRuntimeAddresses
  /** The UID of the PersistentVolume a claim is bound to (whose storage a mount of the claim shows), if any. */
  claimedVolumeUID?(namespace: string, claim: string): string | undefined
}

/** Sources for contexts with no cluster behind them (a pod's IPs from its status only). */
export const noEnvSources: EnvSources = {
  serviceEnv: () => ({}),
  configMap: () => undefined,
  secret: () => undefined,
  allocatable: () => ({}),
  addresses: (pod) => ({ podIPs: (pod.status?.podIPs ?? []).map((p) => p.ip ?? ''), hostIPs: (pod.status?.hostIPs ?? []).map((p) => p.ip ?? '') })
}

/**
 * Why the kubelet cannot create the container: the container's waiting reason
 * is CreateContainerConfigError with this message, and the event `Failed`
 * says `Error: <message>`.
 */
export class ContainerConfigError extends Error {}

/**
 * The environment of a container's processes, as the kubelet builds it
 * (makeEnvironmentVariables): PATH and HOSTNAME from the runtime; then the
 * `envFrom` sources in order, then `env` in order (values with `$(VAR)`
 * references expanded, `valueFrom` resolved through the downward API,
 * ConfigMaps and Secrets); the Service variables last, where the container
 * did not set the name itself. A ConfigMap, Secret or key that is missing
 * and not optional throws ContainerConfigError with the kubelet's message.
 */
export function containerEnv(pod: Pod, containerName: string, sources: EnvSources = noEnvSources): ContainerEnvironment {
  const container: Container | undefined = containerSpec(pod, containerName)
  const namespace = pod.metadata?.namespace ?? ''
  const services = sources.serviceEnv(namespace, pod.spec?.enableServiceLinks !== false)
  const own: Record<string, string> = {}
  for (const from of container?.envFrom ?? []) {
    const prefix = from.prefix ?? ''
    if (from.configMapRef) {
      const cm = sources.configMap(namespace, from.configMapRef.name ?? '')
      if (!cm && from.configMapRef.optional) continue
      if (!cm) throw new ContainerConfigError(`configmap "${from.configMapRef.name}" not found`)
      for (const [k, v] of Object.entries(cm.data ?? {})) if (isEnvName(prefix + k)) own[prefix + k] = v
    } else if (from.secretRef) {
      const secret = sources.secret(namespace, from.secretRef.name ?? '')
      if (!secret && from.secretRef.optional) continue
      if (!secret) throw new ContainerConfigError(`secret "${from.secretRef.name}" not found`)
      for (const [k, v] of Object.entries(secret.data ?? {})) if (isEnvName(prefix + k)) own[prefix + k] = decodeBase64(v)
    }
  }
  for (const e of container?.env ?? []) {
    const value = e.value ? expandRefs(e.value, own, services) : e.valueFrom ? valueFrom(pod, container!, e.valueFrom, sources) : ''
    if (value !== undefined) own[e.name] = value
  }
  return { hostname: podHostname(pod), own, services }
}

/** The variables a process in the container sees, in the order `env` prints them. */
export function environmentVariables(e: ContainerEnvironment): Record<string, string> {
  const env: Record<string, string> = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', HOSTNAME: e.hostname, ...e.own }
  for (const [k, v] of Object.entries(e.services)) if (!(k in env)) env[k] = v
  env.HOME ??= '/root'
  return env
}

type ValueFrom = NonNullable<NonNullable<Container['env']>[number]['valueFrom']>

/** One `valueFrom`; undefined when an optional source or key is missing (the variable is left out). */
function valueFrom(pod: Pod, container: Container, from: ValueFrom, sources: EnvSources): string | undefined {
  const namespace = pod.metadata?.namespace ?? ''
  try {
    if (from.fieldRef) return fieldRefValue(pod, from.fieldRef, sources.addresses(pod))
    if (from.resourceFieldRef) return resourceFieldRefValue(container, from.resourceFieldRef, sources.allocatable())
  } catch (e) {
    throw new ContainerConfigError((e as Error).message)
  }
  if (from.configMapKeyRef) {
    const { name = '', key, optional } = from.configMapKeyRef
    const cm = sources.configMap(namespace, name)
    if (!cm) return missing(optional, `configmap "${name}" not found`)
    const value = cm.data?.[key]
    return value === undefined ? missing(optional, `couldn't find key ${key} in ConfigMap ${namespace}/${name}`) : value
  }
  if (from.secretKeyRef) {
    const { name = '', key, optional } = from.secretKeyRef
    const secret = sources.secret(namespace, name)
    if (!secret) return missing(optional, `secret "${name}" not found`)
    const value = secret.data?.[key]
    return value === undefined ? missing(optional, `couldn't find key ${key} in Secret ${namespace}/${name}`) : decodeBase64(value)
  }
  return ''
}

function missing(optional: boolean | undefined, message: string): undefined {
  if (optional) return undefined
  throw new ContainerConfigError(message)
}

/** Kubernetes 1.32 (RelaxedEnvironmentVariableValidation): printable ASCII but '='; other keys are skipped. */
function isEnvName(name: string): boolean {
  return /^[\x20-\x3c\x3e-\x7e]+$/.test(name)
}

function decodeBase64(value: string): string {
  return Buffer.from(value, 'base64').toString('utf8')
}

/** `$(VAR)` references to the container's earlier variables, then the Service variables; `$$` escapes; unknown references stay. */
function expandRefs(value: string, own: Record<string, string>, services: Record<string, string>): string {
  return value.replace(/\$\$|\$\(([^()]*)\)/g, (whole, name: string | undefined) => {
    if (name === undefined) return '$'
    return name in own ? own[name] : name in services ? services[name] : whole
  })
}

/**
 * Why the kubelet cannot build the container's environment, or undefined
 * when it can. Containers that read no ConfigMap or Secret need no look-up.
 */
export function configErrorOf(pod: Pod, containerName: string, sources: () => EnvSources): string | undefined {
  const container = containerSpec(pod, containerName)
  const readsObjects = !!container?.envFrom?.length || !!container?.env?.some((e) => e.valueFrom?.configMapKeyRef || e.valueFrom?.secretKeyRef || e.valueFrom?.resourceFieldRef || e.valueFrom?.fieldRef)
  if (!readsObjects) return undefined
  try {
    containerEnv(pod, containerName, sources())
    return undefined
  } catch (e) {
    if (e instanceof ContainerConfigError) return e.message
    throw e
  }
}
