import type { PriorityClass } from 'kubernetes-types/scheduling/v1'
import { isAlreadyExists } from '../apimachinery/errors'
import type { Client } from '../client/types'
import { systemPriorityClasses } from '../registry/kinds/priorityclass'

/**
 * The apiserver's scheduling/bootstrap-system-priority-classes post-start
 * hook: system-node-critical and system-cluster-critical exist before any
 * pod names them (the control-plane static pods, CoreDNS, kube-proxy).
 */
export async function ensureSystemPriorityClasses(client: Client): Promise<void> {
  const classes = client.resource<PriorityClass>({ group: 'scheduling.k8s.io', version: 'v1', resource: 'priorityclasses' })
  const existing = new Set((await classes.list()).items.map((c) => c.metadata?.name))
  for (const pc of systemPriorityClasses) {
    if (existing.has(pc.metadata?.name)) continue
    try {
      await classes.create(structuredClone(pc))
    } catch (e) {
      if (!isAlreadyExists(e)) throw e
    }
  }
}
