import type { Namespace } from 'kubernetes-types/core/v1'
import * as errors from '../apimachinery/errors'
import { type FieldError, field, path } from '../apimachinery/field-errors'
import type { KubeObject } from '../apimachinery/types'
import { isQualifiedName } from '../apimachinery/validation'
import { validateKubeFinalizerName } from './validation/object-meta'
import type { ResourceStore } from './resource-store'

/**
 * The namespaces/finalize subresource (the apiserver's FinalizeREST): the
 * only write that changes a namespace's spec.finalizers, which the namespace
 * controller uses to say it has emptied a Terminating namespace. Everything
 * else of the stored namespace stays (FinalizeStrategy keeps the status; this
 * also keeps the metadata, which the namespace controller sends unchanged).
 *
 * A Terminating namespace left without any finalizer is then removed, as
 * the namespace store's ShouldDeleteNamespaceDuringUpdate does. Watchers see
 * the finalizer change and then the deletion, where the apiserver sends only
 * the deletion.
 */
export async function finalizeNamespace(namespaces: ResourceStore, input: Namespace): Promise<Namespace> {
  const name = input.metadata?.name ?? ''
  const gr = { group: '', resource: 'namespaces' }
  const finalizers = [...(input.spec?.finalizers ?? [])]
  const problems = validateFinalizers(finalizers)
  if (problems.length) throw errors.invalid({ group: '', kind: 'Namespace' }, name, problems)
  const expected = input.metadata?.resourceVersion
  const stored = (await namespaces.guaranteedUpdate(undefined, name, (ns: KubeObject) => {
    if (expected && expected !== ns.metadata.resourceVersion) throw errors.conflict(gr, name)
    if (input.metadata?.uid && input.metadata.uid !== ns.metadata.uid) {
      throw errors.conflict(gr, name, `Precondition failed: UID in precondition: ${input.metadata.uid}, UID in object meta: ${ns.metadata.uid}`)
    }
    const spec = { ...((ns.spec as Namespace['spec']) ?? {}) }
    if (finalizers.length) spec.finalizers = finalizers
    else delete spec.finalizers
    ns.spec = spec
    return ns
  })) as Namespace
  const done = !!stored.metadata?.deletionTimestamp && !stored.spec?.finalizers?.length && !stored.metadata?.finalizers?.length
  if (!done) return stored
  try {
    return (await namespaces.delete(undefined, name, { preconditions: { uid: stored.metadata?.uid } })) as Namespace
  } catch (e) {
    // Someone else finished the job meanwhile.
    if (errors.isNotFound(e)) return stored
    throw e
  }
}

/** ValidateNamespaceFinalizeUpdate: each finalizer a qualified name, standard or fully qualified. */
function validateFinalizers(finalizers: readonly string[]): FieldError[] {
  const errs: FieldError[] = []
  const fp = path('spec', 'finalizers')
  finalizers.forEach((f, i) => {
    for (const m of isQualifiedName(f)) errs.push(field.invalid(fp.index(i).toString(), f, m))
    errs.push(...validateKubeFinalizerName(f, fp.index(i)))
  })
  return errs
}
