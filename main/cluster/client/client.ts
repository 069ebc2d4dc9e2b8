import type { GroupVersionResource, KubeObject } from '../apimachinery/types'
import { notFoundPath } from '../apimachinery/errors'
import type { Resources } from '../registry/resources'
import type { Client, ResourceClient } from './types'
import { bindPod } from '../registry/pod-binding'
import { finalizeNamespace } from '../registry/namespace-finalize'

/** Who a client writes as. */
export interface ClientIdentity {
  /**
   * The field manager its writes are recorded under in managedFields, as a
   * real component's client-go user agent names it (`kube-controller-manager`,
   * `kubelet`); a write may still name another. None: ownership stays as it is.
   */
  fieldManager?: string
}

/**
 * The in-process client: each call runs the same pipeline as the HTTP API.
 * Objects it returns are shared and frozen; clone before changing them.
 */
export function createClient(resources: Resources, identity: ClientIdentity = {}): Client {
  const as = <O extends { fieldManager?: string }>(options: O | undefined): O | undefined =>
    identity.fieldManager && !options?.fieldManager ? ({ ...options, fieldManager: identity.fieldManager } as O) : options
  return {
    async bind(binding) {
      const pods = resources.forResource('', 'pods')!
      await bindPod(pods, resources.clock, binding.metadata?.namespace ?? 'default', binding.metadata?.name ?? '', binding)
    },
    finalizeNamespace(namespace) {
      return finalizeNamespace(resources.forResource('', 'namespaces')!, namespace)
    },
    resource<T = KubeObject>(gvr: GroupVersionResource): ResourceClient<T> {
      const rs = resources.forGVR(gvr)
      if (!rs) throw notFoundPath()
      const v = gvr.version
      return {
        get: async (ns, name) => rs.get(ns, name, v) as T,
        list: async (ns, options) => rs.list(ns, options, v) as never,
        create: (obj, options) => rs.create(ns(obj), obj as KubeObject, as(options), v) as Promise<T>,
        update: (obj, options) => rs.update(ns(obj), obj as KubeObject, as(options), v) as Promise<T>,
        updateStatus: (obj, options) => rs.update(ns(obj), obj as KubeObject, { ...as(options), subresource: 'status' }, v) as Promise<T>,
        delete: (ns, name, options) => rs.delete(ns, name, options, v) as Promise<T>,
        watch: (ns, options, onEvent) => rs.watch(ns, options, onEvent as never, v)
      }
    }
  }
}

function ns(obj: unknown): string | undefined {
  return (obj as KubeObject).metadata?.namespace
}
