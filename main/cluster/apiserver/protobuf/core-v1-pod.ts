import { field, list, map, message, pointer, required } from './descriptor'
import { LabelSelector, ObjectMeta } from './meta-v1'
import { CORE, LocalObjectReference } from './core-v1-refs'
import {
  AppArmorProfile,
  Container,
  ResourceRequirements,
  SELinuxOptions,
  SeccompProfile,
  WindowsSecurityContextOptions
} from './core-v1-container'
import { Volume } from './core-v1-volume'

/**
 * k8s.io/api/core/v1 PodTemplateSpec and PodSpec. Ephemeral containers and
 * dynamic resource claims are left out: no create command sends them.
 */

export const NodeSelectorRequirement = message(`${CORE}.NodeSelectorRequirement`, {
  1: required('key', 'string'),
  2: required('operator', 'string'),
  3: list('values', 'string')
})

export const NodeSelectorTerm = message(`${CORE}.NodeSelectorTerm`, {
  1: list('matchExpressions', NodeSelectorRequirement),
  2: list('matchFields', NodeSelectorRequirement)
})

export const NodeSelector = message(`${CORE}.NodeSelector`, {
  1: list('nodeSelectorTerms', NodeSelectorTerm)
})

export const PreferredSchedulingTerm = message(`${CORE}.PreferredSchedulingTerm`, {
  1: required('weight', 'int32'),
  2: required('preference', NodeSelectorTerm)
})

export const NodeAffinity = message(`${CORE}.NodeAffinity`, {
  1: pointer('requiredDuringSchedulingIgnoredDuringExecution', NodeSelector),
  2: list('preferredDuringSchedulingIgnoredDuringExecution', PreferredSchedulingTerm)
})

export const PodAffinityTerm = message(`${CORE}.PodAffinityTerm`, {
  1: pointer('labelSelector', LabelSelector),
  2: list('namespaces', 'string'),
  3: required('topologyKey', 'string'),
  4: pointer('namespaceSelector', LabelSelector),
  5: list('matchLabelKeys', 'string'),
  6: list('mismatchLabelKeys', 'string')
})

export const WeightedPodAffinityTerm = message(`${CORE}.WeightedPodAffinityTerm`, {
  1: required('weight', 'int32'),
  2: required('podAffinityTerm', PodAffinityTerm)
})

const podAffinity = (name: string) =>
  message(`${CORE}.${name}`, {
    1: list('requiredDuringSchedulingIgnoredDuringExecution', PodAffinityTerm),
    2: list('preferredDuringSchedulingIgnoredDuringExecution', WeightedPodAffinityTerm)
  })
export const PodAffinity = podAffinity('PodAffinity')
export const PodAntiAffinity = podAffinity('PodAntiAffinity')

export const Affinity = message(`${CORE}.Affinity`, {
  1: pointer('nodeAffinity', NodeAffinity),
  2: pointer('podAffinity', PodAffinity),
  3: pointer('podAntiAffinity', PodAntiAffinity)
})

export const Toleration = message(`${CORE}.Toleration`, {
  1: field('key', 'string'),
  2: field('operator', 'string'),
  3: field('value', 'string'),
  4: field('effect', 'string'),
  5: pointer('tolerationSeconds', 'int64')
})

export const HostAlias = message(`${CORE}.HostAlias`, {
  1: field('ip', 'string'),
  2: list('hostnames', 'string')
})

export const Sysctl = message(`${CORE}.Sysctl`, {
  1: required('name', 'string'),
  2: required('value', 'string')
})

export const PodSecurityContext = message(`${CORE}.PodSecurityContext`, {
  1: pointer('seLinuxOptions', SELinuxOptions),
  2: pointer('runAsUser', 'int64'),
  3: pointer('runAsNonRoot', 'bool'),
  4: list('supplementalGroups', 'int64'),
  5: pointer('fsGroup', 'int64'),
  6: pointer('runAsGroup', 'int64'),
  7: list('sysctls', Sysctl),
  8: pointer('windowsOptions', WindowsSecurityContextOptions),
  9: pointer('fsGroupChangePolicy', 'string'),
  10: pointer('seccompProfile', SeccompProfile),
  11: pointer('appArmorProfile', AppArmorProfile),
  12: pointer('supplementalGroupsPolicy', 'string'),
  13: pointer('seLinuxChangePolicy', 'string')
})

export const PodDNSConfigOption = message(`${CORE}.PodDNSConfigOption`, {
  1: field('name', 'string'),
  2: pointer('value', 'string')
})

export const PodDNSConfig = message(`${CORE}.PodDNSConfig`, {
  1: list('nameservers', 'string'),
  2: list('searches', 'string'),
  3: list('options', PodDNSConfigOption)
})

export const PodReadinessGate = message(`${CORE}.PodReadinessGate`, {
  1: required('conditionType', 'string')
})

export const TopologySpreadConstraint = message(`${CORE}.TopologySpreadConstraint`, {
  1: required('maxSkew', 'int32'),
  2: required('topologyKey', 'string'),
  3: required('whenUnsatisfiable', 'string'),
  4: pointer('labelSelector', LabelSelector),
  5: pointer('minDomains', 'int32'),
  6: pointer('nodeAffinityPolicy', 'string'),
  7: pointer('nodeTaintsPolicy', 'string'),
  8: list('matchLabelKeys', 'string')
})

export const PodOS = message(`${CORE}.PodOS`, {
  1: required('name', 'string')
})

export const PodSchedulingGate = message(`${CORE}.PodSchedulingGate`, {
  1: required('name', 'string')
})

export const PodSpec = message(`${CORE}.PodSpec`, {
  1: list('volumes', Volume),
  2: list('containers', Container),
  3: field('restartPolicy', 'string'),
  4: pointer('terminationGracePeriodSeconds', 'int64'),
  5: pointer('activeDeadlineSeconds', 'int64'),
  6: field('dnsPolicy', 'string'),
  7: map('nodeSelector', 'string'),
  8: field('serviceAccountName', 'string'),
  9: field('serviceAccount', 'string'),
  10: field('nodeName', 'string'),
  11: field('hostNetwork', 'bool'),
  12: field('hostPID', 'bool'),
  13: field('hostIPC', 'bool'),
  14: pointer('securityContext', PodSecurityContext),
  15: list('imagePullSecrets', LocalObjectReference),
  16: field('hostname', 'string'),
  17: field('subdomain', 'string'),
  18: pointer('affinity', Affinity),
  19: field('schedulerName', 'string'),
  20: list('initContainers', Container),
  21: pointer('automountServiceAccountToken', 'bool'),
  22: list('tolerations', Toleration),
  23: list('hostAliases', HostAlias),
  24: field('priorityClassName', 'string'),
  25: pointer('priority', 'int32'),
  26: pointer('dnsConfig', PodDNSConfig),
  27: pointer('shareProcessNamespace', 'bool'),
  28: list('readinessGates', PodReadinessGate),
  29: pointer('runtimeClassName', 'string'),
  30: pointer('enableServiceLinks', 'bool'),
  31: pointer('preemptionPolicy', 'string'),
  32: map('overhead', 'Quantity'),
  33: list('topologySpreadConstraints', TopologySpreadConstraint),
  35: pointer('setHostnameAsFQDN', 'bool'),
  36: pointer('os', PodOS),
  37: pointer('hostUsers', 'bool'),
  38: list('schedulingGates', PodSchedulingGate),
  40: pointer('resources', ResourceRequirements)
})

export const PodTemplateSpec = message(`${CORE}.PodTemplateSpec`, {
  1: field('metadata', ObjectMeta),
  2: field('spec', PodSpec)
})

/**
 * A Pod as `kubectl debug node/...` and `kubectl debug --copy-to` create it.
 * Clients send no status; its scalar fields are here so a status that does
 * arrive decodes rather than being reported as unknown.
 */
export const Pod = message(`${CORE}.Pod`, {
  1: field('metadata', ObjectMeta),
  2: field('spec', PodSpec),
  3: field(
    'status',
    message(`${CORE}.PodStatus`, {
      1: field('phase', 'string'),
      3: field('message', 'string'),
      4: field('reason', 'string'),
      5: field('hostIP', 'string'),
      6: field('podIP', 'string'),
      9: field('qosClass', 'string'),
      11: field('nominatedNodeName', 'string')
    })
  )
})
