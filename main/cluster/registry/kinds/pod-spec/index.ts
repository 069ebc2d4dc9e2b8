import type { PodSpec, PodTemplateSpec } from 'kubernetes-types/core/v1'
import { type FieldError, type FieldPath, field } from '../../../apimachinery/field-errors'
import { isDNS1123Subdomain, validateAnnotations, validateLabels } from '../../../apimachinery/validation'
import { validateDNS1123Label, validateDNS1123Subdomain, validateQualifiedName } from '../../validation/names'
import { validateIP } from '../../validation/network'
import { inclusiveRangeError } from '../../validation/numbers'
import { validateTolerations } from '../../validation/tolerations'
import { validateContainers, validateInitContainers } from './containers'
import { validateDNSConfig } from './dns-config'
import { validateEphemeralContainers } from './ephemeral-containers'
import { validateAffinity, validateTopologySpread } from './scheduling'
import { validatePodSecurityContext } from './security-context'
import { validateVolumes } from './volumes'

/**
 * The pod spec shared by Pods and every workload template (ReplicationController,
 * ReplicaSet, Deployment, DaemonSet, Job...): defaults as pkg/apis/core/v1/defaults.go
 * sets them (SetDefaults_PodSpec, _Container, _Probe, _Volume and friends) and
 * validation as pkg/apis/core/validation ValidatePodSpec does it, in the same
 * order, with the same field paths and messages.
 *
 * Pod-only behaviour (requests defaulted from limits, enableServiceLinks,
 * admission plugins) lives in kinds/pod.ts: Kubernetes deliberately keeps it out of
 * templates.
 */

export { defaultPodSpec, defaultPodTemplateSpec } from './defaults'

const restartPolicies = ['Always', 'OnFailure', 'Never']
const dnsPolicies = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None']

/**
 * Validates a pod spec as ValidatePodSpec does, with paths under fp
 * (`spec` for a Pod, `spec.template.spec` for a workload).
 */
export function validatePodSpec(spec: PodSpec, fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  const grace = spec.terminationGracePeriodSeconds ?? undefined
  if (grace === undefined) errs.push(field.required(fp.child('terminationGracePeriodSeconds').toString()))
  const vols = validateVolumes(spec.volumes ?? [], fp.child('volumes'))
  errs.push(...vols.errs)
  errs.push(...validateContainers(spec.containers ?? [], vols.names, grace, fp.child('containers')))
  errs.push(...validateInitContainers(spec.initContainers ?? [], spec.containers ?? [], vols.names, grace, fp.child('initContainers')))
  errs.push(...validateEphemeralContainers(spec.ephemeralContainers ?? [], spec.containers ?? [], spec.initContainers ?? [], vols.names, fp.child('ephemeralContainers')))
  if (spec.hostNetwork) {
    ;(spec.containers ?? []).forEach((c, i) => {
      ;(c.ports ?? []).forEach((p, j) => {
        // Templates may leave hostPort to be defaulted when the Pod is made; any other value must match.
        if ((p.hostPort ?? 0) !== 0 && p.hostPort !== p.containerPort) {
          errs.push(field.invalid(fp.child('containers').index(i).child('ports').index(j).child('hostPort').toString(), p.hostPort, 'must match `containerPort` when `hostNetwork` is true'))
        }
      })
    })
  }
  const rp = fp.child('restartPolicy').toString()
  if (!spec.restartPolicy) errs.push(field.required(rp))
  else if (!restartPolicies.includes(spec.restartPolicy)) errs.push(field.notSupported(rp, spec.restartPolicy, restartPolicies))
  const dp = fp.child('dnsPolicy').toString()
  if (!spec.dnsPolicy) errs.push(field.required(dp))
  else if (!dnsPolicies.includes(spec.dnsPolicy)) errs.push(field.notSupported(dp, spec.dnsPolicy, dnsPolicies))
  errs.push(...validateLabels(spec.nodeSelector, fp.child('nodeSelector')))
  errs.push(...validatePodSecurityContext(spec, fp.child('securityContext')))
  ;(spec.imagePullSecrets ?? []).forEach((s, i) => {
    if (Object.keys(s).some((k) => k !== 'name')) errs.push(field.invalid(fp.child('imagePullSecrets').index(i).toString(), s, 'only name may be set'))
  })
  errs.push(...validateAffinity(spec, fp.child('affinity')))
  errs.push(...validateDNSConfig(spec, fp.child('dnsConfig')))
  ;(spec.readinessGates ?? []).forEach((g, i) => errs.push(...validateQualifiedName(g.conditionType, fp.child('readinessGates').index(i).child('conditionType'))))
  const gates = new Set<string>()
  ;(spec.schedulingGates ?? []).forEach((g, i) => {
    errs.push(...validateQualifiedName(g.name, fp.child('schedulingGates').index(i)))
    if (gates.has(g.name)) errs.push(field.duplicate(fp.child('schedulingGates').index(i).toString(), g.name))
    gates.add(g.name)
  })
  errs.push(...validateTopologySpread(spec, fp.child('topologySpreadConstraints')))
  if (spec.serviceAccountName) {
    for (const m of isDNS1123Subdomain(spec.serviceAccountName)) errs.push(field.invalid(fp.child('serviceAccountName').toString(), spec.serviceAccountName, m))
  }
  if (spec.nodeName) for (const m of isDNS1123Subdomain(spec.nodeName)) errs.push(field.invalid(fp.child('nodeName').toString(), spec.nodeName, m))
  if (spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds !== null) {
    const v = spec.activeDeadlineSeconds
    if (v < 1 || v > 2147483647) errs.push(field.invalid(fp.child('activeDeadlineSeconds').toString(), v, inclusiveRangeError(1, 2147483647)))
  }
  if (spec.hostname) errs.push(...validateDNS1123Label(spec.hostname, fp.child('hostname')))
  if (spec.subdomain) errs.push(...validateDNS1123Label(spec.subdomain, fp.child('subdomain')))
  if (spec.tolerations?.length) errs.push(...validateTolerations(spec.tolerations, fp.child('tolerations')))
  ;(spec.hostAliases ?? []).forEach((h, i) => {
    errs.push(...validateIP(h.ip ?? '', fp.child('hostAliases').index(i).child('ip')))
    ;(h.hostnames ?? []).forEach((n, j) => errs.push(...validateDNS1123Subdomain(n, fp.child('hostAliases').index(i).child('hostnames').index(j))))
  })
  if (spec.priorityClassName) {
    for (const m of isDNS1123Subdomain(spec.priorityClassName)) errs.push(field.invalid(fp.child('priorityClassName').toString(), spec.priorityClassName, m))
  }
  if (spec.runtimeClassName !== undefined) {
    for (const m of isDNS1123Subdomain(spec.runtimeClassName)) errs.push(field.invalid(fp.child('runtimeClassName').toString(), spec.runtimeClassName, m))
  }
  if (spec.preemptionPolicy !== undefined) {
    const pp = fp.child('preemptionPolicy').toString()
    if (!spec.preemptionPolicy) errs.push(field.required(pp))
    else if (spec.preemptionPolicy !== 'PreemptLowerPriority' && spec.preemptionPolicy !== 'Never') errs.push(field.notSupported(pp, spec.preemptionPolicy, ['PreemptLowerPriority', 'Never']))
  }
  if (spec.os) {
    if (!spec.os.name) errs.push(field.required(fp.child('os', 'name').toString(), 'cannot be empty'))
    else if (spec.os.name !== 'linux' && spec.os.name !== 'windows') errs.push(field.notSupported(fp.child('os').toString(), spec.os.name, ['linux', 'windows']))
  }
  return errs
}

/** Validates a pod template as ValidatePodTemplateSpec does (fp is usually `spec.template`). */
export function validatePodTemplateSpec(t: PodTemplateSpec, fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  const meta = t.metadata ?? {}
  // Kubernetes reports template labels at `<template>.labels`, without `metadata`.
  errs.push(...validateLabels(meta.labels, fp.child('labels')))
  errs.push(...validateAnnotations(meta.annotations, fp.child('annotations')))
  errs.push(...validatePodSpec(t.spec ?? { containers: [] }, fp.child('spec')))
  if (t.spec?.ephemeralContainers?.length) errs.push(field.forbidden(fp.child('spec', 'ephemeralContainers').toString(), 'ephemeral containers not allowed in pod template'))
  return errs
}
