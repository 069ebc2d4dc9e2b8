import type { CreateAdmission } from '../types'

/** Runs admission plugins in order, as the apiserver's admission chain does; the first error stops the create. */
export function admissionChain(plugins: readonly CreateAdmission[]): CreateAdmission | undefined {
  if (plugins.length <= 1) return plugins[0]
  return {
    async admitCreate(obj, name) {
      for (const p of plugins) await p.admitCreate(obj, name)
    }
  }
}
