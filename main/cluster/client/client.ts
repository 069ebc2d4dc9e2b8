import type { GroupVersionResource, KubeObject } from '../apimachinery/types'
import { notFoundPath } from '../apimachinery/errors'
import type { Resources } from '../registry/resources'
import type { Client, ResourceClient } from './types'
import { bindPod } from '../registry/pod-binding'
import { finalizeNamespace } from '../registry/namespace-finalize'

/**
 * The in-process client: each call runs the same pipeline as the HTTP API.
 * Objects it returns are shared and frozen; clone before changing them.
 */
export function createClient(resources: Resources): Client {
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
        create: (obj, options) => rs.create(ns(obj), obj as KubeObject, options, v) as Promise<T>,
        update: (obj, options) => rs.update(ns(obj), obj as KubeObject, options, v) as Promise<T>,
        updateStatus: (obj, options) => rs.update(ns(obj), obj as KubeObject, { ...options, subresource: 'status' }, v) as Promise<T>,
        delete: (ns, name, options) => rs.delete(ns, name, options, v) as Promise<T>,
        watch: (ns, options, onEvent) => rs.watch(ns, options, onEvent as never, v)
      }
    }
  }
}

function ns(obj: unknown): string | undefined {
  return (obj as KubeObject).metadata?.namespace
}
