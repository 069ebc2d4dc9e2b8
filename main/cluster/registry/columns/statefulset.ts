import type { ControllerRevision, StatefulSet } from 'kubernetes-types/apps/v1'
import type { TableColumn } from '../types'
import { ageColumn, column, containerCells, int, nameColumn } from './common'
import { docs } from './descriptions'

/** printStatefulSet: ready pods over desired, then the template's containers and images with -o wide. */
export const statefulSetColumns: TableColumn<StatefulSet>[] = [
  nameColumn(),
  column('Ready', docs.readyPods, (s) => `${int(s.status?.readyReplicas)}/${int(s.spec?.replicas)}`),
  ageColumn(),
  column('Containers', docs.containers, (s) => containerCells(s.spec?.template?.spec?.containers).names, 1),
  column('Images', docs.images, (s) => containerCells(s.spec?.template?.spec?.containers).images, 1)
]

/** printControllerRevision's Controller cell: `statefulset.apps/web`, or `<none>` without a controller. */
function controllerCell(cr: ControllerRevision): string {
  const ref = cr.metadata?.ownerReferences?.find((r) => r.controller)
  if (!ref) return '<none>'
  const group = ref.apiVersion.includes('/') ? ref.apiVersion.split('/')[0] : ''
  return `${(group ? `${ref.kind}.${group}` : ref.kind).toLowerCase()}/${ref.name}`
}

/** printControllerRevision: NAME CONTROLLER REVISION AGE. */
export const controllerRevisionColumns: TableColumn<ControllerRevision>[] = [
  nameColumn(),
  column('Controller', 'Controller of the object', controllerCell),
  column('Revision', 'Revision indicates the revision of the state represented by Data.', (cr) => cr.revision ?? 0, 0, 'integer'),
  ageColumn()
]
