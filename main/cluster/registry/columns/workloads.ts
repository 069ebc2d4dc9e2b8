import type { DaemonSet, Deployment, ReplicaSet } from 'kubernetes-types/apps/v1'
import type { ReplicationController } from 'kubernetes-types/core/v1'
import { formatLabelSelector, labelSelectorFromObject } from '../../apimachinery/label-selector'
import type { TableColumn } from '../types'
import { ageColumn, column, containerCells, formatLabels, int, nameColumn } from './common'
import { docs } from './descriptions'

/** printDeployment's selector: the selector's string, `<invalid>` when it does not parse (an empty one prints empty). */
function deploymentSelector(d: Deployment): string {
  try {
    return labelSelectorFromObject(d.spec?.selector).toString()
  } catch {
    return '<invalid>'
  }
}

export const replicationControllerColumns: TableColumn<ReplicationController>[] = [
  nameColumn(),
  column('Desired', docs.rcSpecReplicas, (rc) => int(rc.spec?.replicas), 0, 'integer'),
  column('Current', docs.rcStatusReplicas, (rc) => int(rc.status?.replicas), 0, 'integer'),
  column('Ready', docs.rcStatusReadyReplicas, (rc) => int(rc.status?.readyReplicas), 0, 'integer'),
  ageColumn(),
  column('Containers', docs.containers, (rc) => containerCells(rc.spec?.template?.spec?.containers).names, 1),
  column('Images', docs.images, (rc) => containerCells(rc.spec?.template?.spec?.containers).images, 1),
  column('Selector', docs.rcSpecSelector, (rc) => formatLabels(rc.spec?.selector), 1)
]

export const replicaSetColumns: TableColumn<ReplicaSet>[] = [
  nameColumn(),
  column('Desired', docs.rsSpecReplicas, (rs) => int(rs.spec?.replicas), 0, 'integer'),
  column('Current', docs.rsStatusReplicas, (rs) => int(rs.status?.replicas), 0, 'integer'),
  column('Ready', docs.rsStatusReadyReplicas, (rs) => int(rs.status?.readyReplicas), 0, 'integer'),
  ageColumn(),
  column('Containers', docs.containers, (rs) => containerCells(rs.spec?.template?.spec?.containers).names, 1),
  column('Images', docs.images, (rs) => containerCells(rs.spec?.template?.spec?.containers).images, 1),
  column('Selector', docs.rsSpecSelector, (rs) => formatLabelSelector(rs.spec?.selector), 1)
]

export const deploymentColumns: TableColumn<Deployment>[] = [
  nameColumn(),
  column('Ready', docs.readyPods, (d) => `${int(d.status?.readyReplicas)}/${int(d.spec?.replicas)}`),
  // Typed string, as Kubernetes declares them, though the cells are integers.
  column('Up-to-date', docs.deploymentStatusUpdatedReplicas, (d) => int(d.status?.updatedReplicas)),
  column('Available', docs.deploymentStatusAvailableReplicas, (d) => int(d.status?.availableReplicas)),
  ageColumn(),
  column('Containers', docs.containers, (d) => containerCells(d.spec?.template?.spec?.containers).names, 1),
  column('Images', docs.images, (d) => containerCells(d.spec?.template?.spec?.containers).images, 1),
  column('Selector', docs.deploymentSpecSelector, deploymentSelector, 1)
]

export const daemonSetColumns: TableColumn<DaemonSet>[] = [
  nameColumn(),
  column('Desired', docs.dsStatusDesiredNumberScheduled, (ds) => int(ds.status?.desiredNumberScheduled), 0, 'integer'),
  column('Current', docs.dsStatusCurrentNumberScheduled, (ds) => int(ds.status?.currentNumberScheduled), 0, 'integer'),
  column('Ready', docs.dsStatusNumberReady, (ds) => int(ds.status?.numberReady), 0, 'integer'),
  column('Up-to-date', docs.dsStatusUpdatedNumberScheduled, (ds) => int(ds.status?.updatedNumberScheduled), 0, 'integer'),
  column('Available', docs.dsStatusNumberAvailable, (ds) => int(ds.status?.numberAvailable), 0, 'integer'),
  column('Node Selector', docs.podSpecNodeSelector, (ds) => formatLabels(ds.spec?.template?.spec?.nodeSelector)),
  ageColumn(),
  column('Containers', docs.containers, (ds) => containerCells(ds.spec?.template?.spec?.containers).names, 1),
  column('Images', docs.images, (ds) => containerCells(ds.spec?.template?.spec?.containers).images, 1),
  column('Selector', docs.dsSpecSelector, (ds) => formatLabelSelector(ds.spec?.selector), 1)
]
