import type { PriorityClass } from 'kubernetes-types/scheduling/v1'
import type { TableColumn } from '../types'
import { ageColumn, column, nameColumn } from './common'
import { docs } from './descriptions'

/** PriorityClass columns, as printPriorityClass prints them. */
export const priorityClassColumns: TableColumn<PriorityClass>[] = [
  nameColumn(),
  column('Value', docs.priorityClassValue, (pc) => pc.value ?? 0, 0, 'integer'),
  column('Global-Default', docs.priorityClassGlobalDefault, (pc) => pc.globalDefault ?? false, 0, 'boolean'),
  ageColumn(),
  column('PreemptionPolicy', docs.priorityClassPreemptionPolicy, (pc) => pc.preemptionPolicy ?? '')
]
