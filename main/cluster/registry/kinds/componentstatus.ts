import type { ComponentStatus } from 'kubernetes-types/core/v1'
import type { KubeObject } from '../../apimachinery/types'
import { column, nameColumn } from '../columns/common'
import type { ResourceDefinition, TableColumn } from '../types'

/**
 * core/v1 ComponentStatus (`kubectl get cs`, deprecated since 1.19 and still
 * served in 1.32): the health of the control plane's scheduler,
 * controller-manager and etcd, computed on every read by what the API front
 * registers (Resources.answerReads); nothing is stored. get and list only.
 */
export type ComponentStatusObject = ComponentStatus & KubeObject

/** printComponentStatus: the Healthy condition's status, message and error ("Unknown" without one). */
function healthy(cs: ComponentStatusObject): { status: string; message: string; error: string } {
  const c = (cs.conditions ?? []).find((x) => x.type === 'Healthy')
  if (!c) return { status: 'Unknown', message: '', error: '' }
  return { status: c.status === 'True' ? 'Healthy' : 'Unhealthy', message: c.message ?? '', error: c.error ?? '' }
}

const componentStatusColumns: TableColumn<ComponentStatusObject>[] = [
  nameColumn(),
  column('Status', 'Status of the component conditions', (cs) => healthy(cs).status),
  column('Message', 'Message of the component conditions', (cs) => healthy(cs).message),
  column('Error', 'Error of the component conditions', (cs) => healthy(cs).error)
]

export const componentStatusDefinition: ResourceDefinition<ComponentStatusObject> = {
  group: '',
  version: 'v1',
  kind: 'ComponentStatus',
  plural: 'componentstatuses',
  singular: 'componentstatus',
  shortNames: ['cs'],
  categories: [],
  namespaced: false,
  hasStatus: false,
  computed: true,
  verbs: ['get', 'list'],
  deprecationWarning: 'v1 ComponentStatus is deprecated in v1.19+',
  tableColumns: componentStatusColumns,

  defaults() {},

  validate() {
    return []
  }
}
