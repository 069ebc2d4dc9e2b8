import type { Container, Pod, Probe } from 'kubernetes-types/core/v1'
import type { Clock } from '../../../clock/types'
import type { ClusterWorld } from '../../../world'
import { containerFieldPath, type ContainerRuntime, type PodRuntime } from '../runtime-state'
import { checkProbe } from './probe-check'
import { ProbeWorker, probeTiming, type ProbeKind } from './probe-worker'

/**
 * The prober manager of one pod: a worker per probe of every running
 * container instance (readiness, liveness, startup), started when the
 * instance starts and dropped when it stops. Results go back to the pod
 * worker, which marks the container ready or started, or kills it.
 */

const probeField: Record<ProbeKind, 'readinessProbe' | 'livenessProbe' | 'startupProbe'> = {
  readiness: 'readinessProbe',
  liveness: 'livenessProbe',
  startup: 'startupProbe'
}

/** `Readiness`, as the Unhealthy event names the probe. */
const title: Record<ProbeKind, string> = { readiness: 'Readiness', liveness: 'Liveness', startup: 'Startup' }

export interface PodProbesHost {
  clock: Clock
  world?: ClusterWorld
  /** The pod's IP (hostIP for hostNetwork pods). */
  podIP(): string
  /** The pod as last seen. */
  pod(): Pod
  /** Records an event about the pod; `fieldPath` names the container (`spec.containers{web}`). */
  event(type: 'Normal' | 'Warning', reason: string, message: string, fieldPath?: string): void
  /** A probe's result changed for the container instance. */
  result(container: ContainerRuntime, kind: ProbeKind, ok: boolean): void
}

/** Whether the kubelet runs this probe through the prober (it needs the world to look at). */
export function isProbed(host: { world?: ClusterWorld }, spec: Container | undefined, kind: ProbeKind): boolean {
  return !!host.world && !!spec?.[probeField[kind]]
}

/** Whether any of the pod's containers has a probe for the prober to run (probes cannot be added to a pod once created). */
export function needsProber(host: { world?: ClusterWorld }, pod: Pod): boolean {
  return !!host.world && (anyProbed(pod.spec?.initContainers) || anyProbed(pod.spec?.containers))
}

function anyProbed(containers: readonly Container[] | undefined): boolean {
  for (const c of containers ?? []) if (c.readinessProbe || c.livenessProbe || c.startupProbe) return true
  return false
}

export class PodProbes {
  private readonly workers = new Map<string, ProbeWorker>()

  constructor(private readonly host: PodProbesHost) {}

  /** Starts workers for running instances, stops those of instances that stopped. */
  track(pod: Pod, rt: PodRuntime): void {
    if (!this.host.world) return
    const wanted = new Set<string>()
    const running = [...rt.init.filter((c) => c.kind === 'sidecar'), ...rt.containers].filter((c) => c.state === 'running')
    for (const c of running) {
      const list = c.kind === 'app' ? pod.spec?.containers : pod.spec?.initContainers
      const spec = list?.find((x) => x.name === c.name)
      if (!spec) continue
      for (const kind of ['startup', 'liveness', 'readiness'] as const) {
        const probe = spec[probeField[kind]]
        if (!probe) continue
        const key = `${kind}/${c.kind}/${c.name}/${c.instances}`
        wanted.add(key)
        if (!this.workers.has(key)) this.workers.set(key, this.worker(kind, probe, spec, c))
      }
    }
    for (const [key, worker] of this.workers) {
      if (wanted.has(key)) continue
      worker.stop()
      this.workers.delete(key)
    }
  }

  stop(): void {
    for (const worker of this.workers.values()) worker.stop()
    this.workers.clear()
  }

  private worker(kind: ProbeKind, probe: Probe, spec: Container, c: ContainerRuntime): ProbeWorker {
    const host = this.host
    const instance = c.instances
    const current = (): boolean => c.state === 'running' && c.instances === instance
    return new ProbeWorker(
      kind,
      probeTiming(probe),
      {
        clock: host.clock,
        active: () => current() && (kind === 'startup' ? !c.started : c.started),
        attempt: () => {
          const pod = host.pod()
          const ref = { namespace: pod.metadata?.namespace ?? '', name: pod.metadata?.name ?? '', uid: pod.metadata?.uid ?? '' }
          const listening = new Set((host.world?.processes.listeningPorts(ref) ?? []).filter((l) => l.protocol === 'TCP').map((l) => l.port))
          return checkProbe(probe, { pod, container: spec, podIP: host.podIP(), listening, commands: host.world?.commands })
        },
        failed: (output) => {
          if (current()) host.event('Warning', 'Unhealthy', `${title[kind]} probe failed: ${output}`, containerFieldPath(c))
        },
        settled: (ok) => {
          if (current()) host.result(c, kind, ok)
        }
      },
      c.startedAt ?? host.clock.now()
    )
  }
}
