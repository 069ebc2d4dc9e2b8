import type { CronJob } from 'kubernetes-types/batch/v1'
import { formatLabelSelector } from '../../apimachinery/label-selector'
import type { TableColumn } from '../types'
import { ageColumn, column, containerCells, int, nameColumn } from './common'
import { docs } from './descriptions'
import { timestampSince } from './human-duration'

/** batch/v1 CronJob's Table columns, as Kubernetes 1.32's printCronJob. */

const containersOf = (cj: CronJob) => containerCells(cj.spec?.jobTemplate?.spec?.template?.spec?.containers)

/** printBoolPtr: True, False or <unset>. */
function boolPtr(v: boolean | undefined | null): string {
  if (v === undefined || v === null) return '<unset>'
  return v ? 'True' : 'False'
}

export const cronJobColumns: TableColumn<CronJob>[] = [
  nameColumn(),
  column('Schedule', 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.', (cj) => cj.spec?.schedule ?? ''),
  column('Timezone', 'The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones.', (cj) => cj.spec?.timeZone ?? '<none>'),
  column('Suspend', 'This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.  Defaults to false.', (cj) => boolPtr(cj.spec?.suspend), 0, 'boolean'),
  column('Active', 'A list of pointers to currently running jobs.', (cj) => int(cj.status?.active?.length), 0, 'integer'),
  column('Last Schedule', 'Information when was the last time the job was successfully scheduled.', (cj, now) => (cj.status?.lastScheduleTime ? timestampSince(cj.status.lastScheduleTime, now) : '<none>')),
  ageColumn(),
  column('Containers', docs.containers, (cj) => containersOf(cj).names, 1),
  column('Images', docs.images, (cj) => containersOf(cj).images, 1),
  column('Selector', 'A label query over pods that should match the pod count. Normally, the system sets this field for you. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors', (cj) => formatLabelSelector(cj.spec?.jobTemplate?.spec?.selector), 1)
]
