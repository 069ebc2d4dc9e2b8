import type { Event } from 'kubernetes-types/core/v1'
import { type FieldError, field, path } from '../../apimachinery/field-errors'
import { isDNS1123Subdomain, isQualifiedName, nameIsPathSegment } from '../../apimachinery/validation'
import type { ResourceDefinition } from '../types'
import { eventColumns } from '../columns/event'
import { validateCoreObjectMeta } from '../validation/object-meta'

/**
 * core/v1 Events (pkg/registry/core/event). Through this API version only
 * the legacy checks apply (the strict ones belong to events.k8s.io/v1), and
 * names need only be valid path segments: components name events
 * `<object>.<hex>`.
 */

/** legacyValidateEvent. */
function legacyValidate(ev: Event): FieldError[] {
  const errs: FieldError[] = []
  const ns = ev.metadata?.namespace ?? ''
  const ioNs = ev.involvedObject?.namespace ?? ''
  const nsPath = path('involvedObject', 'namespace').toString()
  const mismatch = 'does not match event.namespace'
  if (!ev.eventTime) {
    // Old-style events: the namespaces must agree ("default" is tolerated for cluster-scoped objects).
    if (!ioNs) {
      if (ns !== '' && ns !== 'default') errs.push(field.invalid(nsPath, ioNs, mismatch))
    } else if (ns !== ioNs) errs.push(field.invalid(nsPath, ioNs, mismatch))
  } else {
    if (!ioNs && ns !== 'default' && ns !== 'kube-system') errs.push(field.invalid(nsPath, ioNs, mismatch))
    const rc = ev.reportingComponent ?? ''
    if (!rc) errs.push(field.required('reportingController'))
    for (const m of isQualifiedName(rc)) errs.push(field.invalid('reportingController', rc, m))
    const ri = ev.reportingInstance ?? ''
    if (!ri) errs.push(field.required('reportingInstance'))
    if (ri.length > 128) errs.push(field.invalid('reportingInstance', '', 'can have at most 128 characters'))
    const action = ev.action ?? ''
    if (!action) errs.push(field.required('action'))
    if (action.length > 128) errs.push(field.invalid('action', '', 'can have at most 128 characters'))
    const reason = ev.reason ?? ''
    if (!reason) errs.push(field.required('reason'))
    if (reason.length > 128) errs.push(field.invalid('reason', '', 'can have at most 128 characters'))
    if ((ev.message ?? '').length > 1024) errs.push(field.invalid('message', '', 'can have at most 1024 characters'))
  }
  for (const m of isDNS1123Subdomain(ns)) errs.push(field.invalid('namespace', ns, m))
  return errs
}

/** The strategy's checks first; the generic metadata checks only once those pass, as rest.BeforeCreate runs them. */
function validate(ev: Event): FieldError[] {
  const errs = legacyValidate(ev)
  if (errs.length) return errs
  return validateCoreObjectMeta(ev.metadata, true, nameIsPathSegment, path('metadata'))
}

/** ToSelectableFields of the event registry. */
function selectableFields(ev: Event): Record<string, string> {
  const io = ev.involvedObject ?? {}
  return {
    'involvedObject.kind': io.kind ?? '',
    'involvedObject.namespace': io.namespace ?? '',
    'involvedObject.name': io.name ?? '',
    'involvedObject.uid': io.uid ?? '',
    'involvedObject.apiVersion': io.apiVersion ?? '',
    'involvedObject.resourceVersion': io.resourceVersion ?? '',
    'involvedObject.fieldPath': io.fieldPath ?? '',
    reason: ev.reason ?? '',
    reportingComponent: ev.reportingComponent ?? '',
    // Events from newer reporters have no source; the reporting controller stands in.
    source: ev.source?.component || ev.reportingComponent || '',
    type: ev.type ?? ''
  }
}

export const eventDefinition: ResourceDefinition<Event> = {
  group: '',
  version: 'v1',
  kind: 'Event',
  plural: 'events',
  singular: 'event',
  shortNames: ['ev'],
  categories: [],
  namespaced: true,
  hasStatus: false,
  tableColumns: eventColumns,
  // The defaults below only fill absent ones: an event recorder's shared, frozen references and sources are stored as they are.
  keepsFrozen: { involvedObject: true, source: true },
  // These are plain strings and structs in Go, so the API always returns them, empty or not.
  defaults: (ev) => {
    const e = ev as Event & { reportingComponent?: string; reportingInstance?: string }
    e.involvedObject ??= {}
    e.source ??= {}
    e.reportingComponent ??= ''
    e.reportingInstance ??= ''
  },
  validate,
  selectableFields
  // Table columns and the OpenAPI schema are added here by a later change.
}
