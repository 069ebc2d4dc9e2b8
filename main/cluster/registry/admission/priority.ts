import type { Pod } from 'kubernetes-types/core/v1'
import type { PriorityClass } from 'kubernetes-types/scheduling/v1'
import { forbidden } from '../../apimachinery/errors'
import type { KubeObject } from '../../apimachinery/types'
import type { Store } from '../../storage/types'
import { listPrefix, objectKey } from '../keys'
import type { CreateAdmission, ResourceDefinition } from '../types'

/**
 * The Priority admission plugin (plugin/pkg/admission/priority): a pod's
 * spec.priority and preemptionPolicy come from its PriorityClass (or the
 * global default class, or 0 when there is none) and may not be set to
 * anything else; a class that does not exist is refused. On PriorityClass
 * creates, only one class may be the global default.
 */
export class PriorityPodAdmission implements CreateAdmission<Pod> {
  constructor(
    private readonly store: Store,
    private readonly classes: ResourceDefinition
  ) {}

  admitCreate(pod: Pod): void {
    const spec = pod.spec!
    const deny = (msg: string) => forbidden({ group: '', resource: 'pods' }, pod.metadata?.name || pod.metadata?.generateName || 'Unknown', msg)
    let priority = 0
    let policy = 'PreemptLowerPriority'
    if (!spec.priorityClassName) {
      const def = globalDefault(this.store, this.classes)
      if (def) {
        spec.priorityClassName = def.metadata!.name
        priority = def.value
        policy = def.preemptionPolicy ?? policy
      }
    } else {
      const pc = this.store.get(objectKey(this.classes, undefined, spec.priorityClassName)) as unknown as PriorityClass | undefined
      if (!pc) throw deny(`no PriorityClass with name ${spec.priorityClassName} was found`)
      priority = pc.value
      policy = pc.preemptionPolicy ?? policy
    }
    if (spec.priority !== undefined && spec.priority !== null && spec.priority !== priority) {
      throw deny(`the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`)
    }
    spec.priority = priority
    if (spec.preemptionPolicy && spec.preemptionPolicy !== policy) {
      throw deny(`the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${policy} from the given PriorityClass name`)
    }
    spec.preemptionPolicy = policy
  }
}

/** The global default class with the lowest value, as getDefaultPriorityClass picks it. */
function globalDefault(store: Store, classes: ResourceDefinition): PriorityClass | undefined {
  const defaults = (store.list(listPrefix(classes, undefined)).items as unknown as PriorityClass[]).filter((c) => c.globalDefault)
  return defaults.sort((a, b) => a.value - b.value)[0]
}

/** Priority admission on PriorityClass creates: a second global default is refused. */
export class PriorityClassAdmission implements CreateAdmission {
  constructor(
    private readonly store: Store,
    private readonly classes: ResourceDefinition
  ) {}

  admitCreate(obj: KubeObject): void {
    const pc = obj as unknown as PriorityClass
    if (!pc.globalDefault) return
    const existing = globalDefault(this.store, this.classes)
    if (existing) {
      throw forbidden({ group: 'scheduling.k8s.io', resource: 'priorityclasses' }, pc.metadata?.name ?? '', `PriorityClass ${existing.metadata?.name} is already marked as default. Only one default can exist`)
    }
  }
}
