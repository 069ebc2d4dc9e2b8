import type { FlowSchema } from 'kubernetes-types/flowcontrol/v1'
import type { KubeObject } from '../../apimachinery/types'
import { type FieldError, field, path } from '../../apimachinery/field-errors'
import { nameIsDNSSubdomain } from '../../apimachinery/validation'
import type { ResourceDefinition } from '../types'
import { ageColumn, column, nameColumn } from '../columns/common'
import { validateCoreObjectMeta } from '../validation/object-meta'

/**
 * flowcontrol.apiserver.k8s.io/v1 FlowSchema: API Priority and Fairness'
 * classification of requests (by user, group or service account, and by
 * verb and resource) into a priority level. kube-apiserver creates its
 * bootstrap schemas (flowcontrol-bootstrap.ts). Kubelab stores and shows
 * them; it does not queue or reject requests by them. Defaults as
 * SetDefaults_FlowSchemaSpec, validation as ValidateFlowSchema (the parts a
 * learner meets).
 */
export type FlowSchemaObject = FlowSchema & KubeObject

const distinguisherMethods = ['ByUser', 'ByNamespace'] as const
const subjectKinds = ['Group', 'ServiceAccount', 'User'] as const

function validateFlowSchema(fs: FlowSchemaObject): FieldError[] {
  const errs = validateCoreObjectMeta(fs.metadata, false, nameIsDNSSubdomain, path('metadata'))
  const spec = fs.spec ?? ({} as NonNullable<FlowSchema['spec']>)
  const precedence = spec.matchingPrecedence ?? 0
  if (precedence < 1 || precedence > 10000) errs.push(field.invalid('spec.matchingPrecedence', precedence, 'must be between 1 and 10000, inclusive'))
  if (!spec.priorityLevelConfiguration?.name) errs.push(field.required('spec.priorityLevelConfiguration.name', 'must reference a priority level'))
  const dm = spec.distinguisherMethod?.type
  if (spec.distinguisherMethod && !(distinguisherMethods as readonly string[]).includes(dm ?? '')) errs.push(field.notSupported('spec.distinguisherMethod.type', dm ?? '', distinguisherMethods))
  ;(spec.rules ?? []).forEach((rule, i) => {
    const fp = `spec.rules[${i}]`
    if (!rule.subjects?.length) errs.push(field.required(`${fp}.subjects`, 'subjects must contain at least one value'))
    ;(rule.subjects ?? []).forEach((s, j) => {
      const sp = `${fp}.subjects[${j}]`
      if (!(subjectKinds as readonly string[]).includes(s.kind)) errs.push(field.notSupported(`${sp}.kind`, s.kind, subjectKinds))
      else if (s.kind === 'User' && !s.user?.name) errs.push(field.required(`${sp}.user.name`, 'username is required'))
      else if (s.kind === 'Group' && !s.group?.name) errs.push(field.required(`${sp}.group.name`, 'group name is required'))
      else if (s.kind === 'ServiceAccount' && !s.serviceAccount?.name) errs.push(field.required(`${sp}.serviceAccount.name`, 'serviceaccount name is required'))
    })
    if (!rule.resourceRules?.length && !rule.nonResourceRules?.length) {
      errs.push(field.required(`${fp}`, 'at least one of resourceRules and nonResourceRules has to be non-empty'))
    }
    ;(rule.resourceRules ?? []).forEach((r, j) => {
      const rp = `${fp}.resourceRules[${j}]`
      if (!r.verbs?.length) errs.push(field.required(`${rp}.verbs`, 'verbs must contain at least one value'))
      if (!r.apiGroups?.length) errs.push(field.required(`${rp}.apiGroups`, 'resource rules must supply at least one api group'))
      if (!r.resources?.length) errs.push(field.required(`${rp}.resources`, 'resource rules must supply at least one resource'))
      if (!r.namespaces?.length && !r.clusterScope) errs.push(field.required(`${rp}.namespaces`, 'resource rules that are not cluster scoped must supply at least one namespace'))
    })
    ;(rule.nonResourceRules ?? []).forEach((r, j) => {
      const rp = `${fp}.nonResourceRules[${j}]`
      if (!r.verbs?.length) errs.push(field.required(`${rp}.verbs`, 'verbs must contain at least one value'))
      if (!r.nonResourceURLs?.length) errs.push(field.required(`${rp}.nonResourceURLs`, 'nonResourceURLs must contain at least one value'))
    })
  })
  return errs
}

export const flowSchemaDefinition: ResourceDefinition<FlowSchemaObject> = {
  group: 'flowcontrol.apiserver.k8s.io',
  version: 'v1',
  kind: 'FlowSchema',
  plural: 'flowschemas',
  singular: 'flowschema',
  shortNames: [],
  categories: [],
  namespaced: false,
  hasStatus: true,
  tableColumns: [
    nameColumn(),
    column('PriorityLevel', '`name` is the name of the priority level configuration being referenced Required.', (fs) => fs.spec?.priorityLevelConfiguration?.name ?? ''),
    column('MatchingPrecedence', 'matchingPrecedence is used to choose among the FlowSchemas that match a given request.', (fs) => fs.spec?.matchingPrecedence ?? 0),
    column('DistinguisherMethod', 'distinguisherMethod defines how to compute the flow distinguisher for requests that match this schema.', (fs) => fs.spec?.distinguisherMethod?.type ?? '<none>'),
    ageColumn(),
    column('MissingPL', 'references a broken or non-existent PriorityLevelConfiguration', (fs) => fs.status?.conditions?.find((c) => c.type === 'Dangling')?.status ?? '?')
  ],

  defaults(fs) {
    if (fs.spec && !fs.spec.matchingPrecedence) fs.spec.matchingPrecedence = 1000
  },

  prepareForCreate(fs) {
    // The apiserver's configuration controller owns status.
    fs.status = {}
  },

  validate: validateFlowSchema
}
