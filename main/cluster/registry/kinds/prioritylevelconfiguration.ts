import type { PriorityLevelConfiguration } from 'kubernetes-types/flowcontrol/v1'
import type { KubeObject } from '../../apimachinery/types'
import { type FieldError, field, path } from '../../apimachinery/field-errors'
import { nameIsDNSSubdomain } from '../../apimachinery/validation'
import type { ResourceDefinition } from '../types'
import { ageColumn, column, nameColumn } from '../columns/common'
import { validateCoreObjectMeta } from '../validation/object-meta'

/**
 * flowcontrol.apiserver.k8s.io/v1 PriorityLevelConfiguration: one of API
 * Priority and Fairness' concurrency pools (its share of the server's seats,
 * how much of it may be lent, and how excess requests queue or are
 * rejected). kube-apiserver creates the bootstrap levels
 * (flowcontrol-bootstrap.ts); Kubelab stores and shows them without
 * limiting anything by them. Defaults as the v1 SetDefaults_* functions,
 * validation as ValidatePriorityLevelConfiguration's main rules.
 */
export type PriorityLevelConfigurationObject = PriorityLevelConfiguration & KubeObject

const levelTypes = ['Exempt', 'Limited'] as const
const responseTypes = ['Queue', 'Reject'] as const

function validateLevel(pl: PriorityLevelConfigurationObject): FieldError[] {
  const errs = validateCoreObjectMeta(pl.metadata, false, nameIsDNSSubdomain, path('metadata'))
  const spec = pl.spec ?? ({} as NonNullable<PriorityLevelConfiguration['spec']>)
  if (!(levelTypes as readonly string[]).includes(spec.type ?? '')) errs.push(field.notSupported('spec.type', spec.type ?? '', levelTypes))
  if (pl.metadata?.name === 'exempt' && spec.type !== 'Exempt') errs.push(field.invalid('spec.type', spec.type ?? '', 'type must be Exempt if and only if name is exempt'))
  if (spec.type === 'Exempt' && spec.limited) errs.push(field.forbidden('spec.limited', 'must be nil if the type is not Limited'))
  if (spec.type === 'Limited') {
    const limited = spec.limited
    if (!limited) return [...errs, field.required('spec.limited', 'must not be empty when type is Limited')]
    const ncs = limited.nominalConcurrencyShares ?? 0
    if (ncs < 0) errs.push(field.invalid('spec.limited.nominalConcurrencyShares', ncs, 'must be a non-negative integer'))
    const lendable = limited.lendablePercent ?? 0
    if (lendable < 0 || lendable > 100) errs.push(field.invalid('spec.limited.lendablePercent', lendable, 'must be between 0 and 100, inclusive'))
    const response = limited.limitResponse
    if (!(responseTypes as readonly string[]).includes(response?.type ?? '')) errs.push(field.notSupported('spec.limited.limitResponse.type', response?.type ?? '', responseTypes))
    const q = response?.queuing
    if (response?.type === 'Queue') {
      if (!q) errs.push(field.required('spec.limited.limitResponse.queuing', 'must not be empty if type is Queue'))
      else {
        if ((q.queueLengthLimit ?? 0) <= 0) errs.push(field.invalid('spec.limited.limitResponse.queuing.queueLengthLimit', q.queueLengthLimit ?? 0, 'must be positive'))
        if ((q.queues ?? 0) <= 0) errs.push(field.invalid('spec.limited.limitResponse.queuing.queues', q.queues ?? 0, 'must be positive'))
        if ((q.handSize ?? 0) <= 0) errs.push(field.invalid('spec.limited.limitResponse.queuing.handSize', q.handSize ?? 0, 'must be positive'))
        else if ((q.handSize ?? 0) > (q.queues ?? 0)) errs.push(field.invalid('spec.limited.limitResponse.queuing.handSize', q.handSize, `should not be greater than queues (${q.queues ?? 0})`))
      }
    } else if (q) errs.push(field.forbidden('spec.limited.limitResponse.queuing', 'must be nil if limited.limitResponse.type is not Limited'))
  }
  return errs
}

const none = '<none>'

export const priorityLevelConfigurationDefinition: ResourceDefinition<PriorityLevelConfigurationObject> = {
  group: 'flowcontrol.apiserver.k8s.io',
  version: 'v1',
  kind: 'PriorityLevelConfiguration',
  plural: 'prioritylevelconfigurations',
  singular: 'prioritylevelconfiguration',
  shortNames: [],
  categories: [],
  namespaced: false,
  hasStatus: true,
  tableColumns: [
    nameColumn(),
    column('Type', '`type` indicates whether this priority level is subject to limitation on request execution.', (pl) => pl.spec?.type ?? ''),
    column('NominalConcurrencyShares', '`nominalConcurrencyShares` (NCS) contributes to the computation of the NominalConcurrencyLimit (NominalCL) of this level.', (pl) => pl.spec?.limited?.nominalConcurrencyShares ?? none),
    column('Queues', '`queues` is the number of queues for this priority level.', (pl) => pl.spec?.limited?.limitResponse?.queuing?.queues ?? none),
    column('HandSize', '`handSize` is a small positive number that configures the shuffle sharding of requests into queues.', (pl) => pl.spec?.limited?.limitResponse?.queuing?.handSize ?? none),
    column('QueueLengthLimit', '`queueLengthLimit` is the maximum number of requests allowed to be waiting in a given queue of this priority level at a time.', (pl) => pl.spec?.limited?.limitResponse?.queuing?.queueLengthLimit ?? none),
    ageColumn()
  ],

  defaults(pl) {
    const spec = pl.spec
    if (!spec) return
    if (spec.exempt) {
      spec.exempt.nominalConcurrencyShares ??= 0
      spec.exempt.lendablePercent ??= 0
    }
    const limited = spec.limited
    if (limited) {
      limited.nominalConcurrencyShares ??= 30
      limited.lendablePercent ??= 0
      const q = limited.limitResponse?.queuing
      if (q) {
        if (!q.queues) q.queues = 64
        if (!q.handSize) q.handSize = 8
        if (!q.queueLengthLimit) q.queueLengthLimit = 50
      }
    }
  },

  prepareForCreate(pl) {
    pl.status = {}
  },

  validate: validateLevel
}
