import type { Lease } from 'kubernetes-types/coordination/v1'
import type { ConfigMap, Namespace, Secret, ServiceAccount } from 'kubernetes-types/core/v1'
import type { NetworkPolicy } from 'kubernetes-types/networking/v1'
import { formatLabelSelector } from '../../apimachinery/label-selector'
import type { TableColumn } from '../types'
import { ageColumn, column, nameColumn } from './common'
import { docs } from './descriptions'

/** Columns of the kinds whose cells are a field or a count. */

export const namespaceColumns: TableColumn<Namespace>[] = [nameColumn(), column('Status', docs.namespaceStatus, (ns) => ns.status?.phase ?? ''), ageColumn()]

export const configMapColumns: TableColumn<ConfigMap>[] = [
  nameColumn(),
  // DATA counts data and binaryData keys; typed string, as Kubernetes declares it.
  column('Data', docs.configMapData, (cm) => Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length),
  ageColumn()
]

export const secretColumns: TableColumn<Secret>[] = [
  nameColumn(),
  column('Type', docs.secretType, (s) => s.type ?? ''),
  column('Data', docs.secretData, (s) => Object.keys(s.data ?? {}).length),
  ageColumn()
]

export const serviceAccountColumns: TableColumn<ServiceAccount>[] = [
  nameColumn(),
  column('Secrets', docs.serviceAccountSecrets, (sa) => (sa.secrets ?? []).length),
  ageColumn()
]

export const leaseColumns: TableColumn<Lease>[] = [nameColumn(), column('Holder', docs.leaseSpecHolderIdentity, (l) => l.spec?.holderIdentity ?? ''), ageColumn()]

export const networkPolicyColumns: TableColumn<NetworkPolicy>[] = [
  nameColumn(),
  column('Pod-Selector', docs.networkPolicySpecPodSelector, (np) => formatLabelSelector(np.spec?.podSelector ?? {})),
  ageColumn()
]
