import { field, inline, list, map, message, pointer, required } from './descriptor'
import {
  CORE,
  LocalObjectReference,
  ObjectFieldSelector,
  ResourceFieldSelector
} from './core-v1-refs'

/** k8s.io/api/core/v1 Container and everything it holds. */

export const ContainerPort = message(`${CORE}.ContainerPort`, {
  1: field('name', 'string'),
  2: field('hostPort', 'int32'),
  3: required('containerPort', 'int32'),
  4: field('protocol', 'string'),
  5: field('hostIP', 'string')
})

const keySelector = (name: string) =>
  message(`${CORE}.${name}`, {
    1: inline('localObjectReference', LocalObjectReference),
    2: required('key', 'string'),
    3: pointer('optional', 'bool')
  })
export const ConfigMapKeySelector = keySelector('ConfigMapKeySelector')
export const SecretKeySelector = keySelector('SecretKeySelector')

export const EnvVarSource = message(`${CORE}.EnvVarSource`, {
  1: pointer('fieldRef', ObjectFieldSelector),
  2: pointer('resourceFieldRef', ResourceFieldSelector),
  3: pointer('configMapKeyRef', ConfigMapKeySelector),
  4: pointer('secretKeyRef', SecretKeySelector)
})

export const EnvVar = message(`${CORE}.EnvVar`, {
  1: required('name', 'string'),
  2: field('value', 'string'),
  3: pointer('valueFrom', EnvVarSource)
})

const envSource = (name: string) =>
  message(`${CORE}.${name}`, {
    1: inline('localObjectReference', LocalObjectReference),
    2: pointer('optional', 'bool')
  })
export const ConfigMapEnvSource = envSource('ConfigMapEnvSource')
export const SecretEnvSource = envSource('SecretEnvSource')

export const EnvFromSource = message(`${CORE}.EnvFromSource`, {
  1: field('prefix', 'string'),
  2: pointer('configMapRef', ConfigMapEnvSource),
  3: pointer('secretRef', SecretEnvSource)
})

/** A container's claim on a pod-level ResourceClaim (not the resource.k8s.io kind). */
export const ResourceClaim = message(`${CORE}.ResourceClaim`, {
  1: required('name', 'string'),
  2: field('request', 'string')
})

export const ResourceRequirements = message(`${CORE}.ResourceRequirements`, {
  1: map('limits', 'Quantity'),
  2: map('requests', 'Quantity'),
  3: list('claims', ResourceClaim)
})

export const ContainerResizePolicy = message(`${CORE}.ContainerResizePolicy`, {
  1: required('resourceName', 'string'),
  2: required('restartPolicy', 'string')
})

export const VolumeMount = message(`${CORE}.VolumeMount`, {
  1: required('name', 'string'),
  2: field('readOnly', 'bool'),
  3: required('mountPath', 'string'),
  4: field('subPath', 'string'),
  5: pointer('mountPropagation', 'string'),
  6: field('subPathExpr', 'string'),
  7: pointer('recursiveReadOnly', 'string')
})

export const VolumeDevice = message(`${CORE}.VolumeDevice`, {
  1: required('name', 'string'),
  2: required('devicePath', 'string')
})

export const ExecAction = message(`${CORE}.ExecAction`, {
  1: list('command', 'string')
})

export const HTTPHeader = message(`${CORE}.HTTPHeader`, {
  1: required('name', 'string'),
  2: required('value', 'string')
})

export const HTTPGetAction = message(`${CORE}.HTTPGetAction`, {
  1: field('path', 'string'),
  2: required('port', 'IntOrString'),
  3: field('host', 'string'),
  4: field('scheme', 'string'),
  5: list('httpHeaders', HTTPHeader)
})

export const TCPSocketAction = message(`${CORE}.TCPSocketAction`, {
  1: required('port', 'IntOrString'),
  2: field('host', 'string')
})

export const GRPCAction = message(`${CORE}.GRPCAction`, {
  1: required('port', 'int32'),
  2: pointer('service', 'string')
})

export const ProbeHandler = message(`${CORE}.ProbeHandler`, {
  1: pointer('exec', ExecAction),
  2: pointer('httpGet', HTTPGetAction),
  3: pointer('tcpSocket', TCPSocketAction),
  4: pointer('grpc', GRPCAction)
})

export const Probe = message(`${CORE}.Probe`, {
  1: inline('handler', ProbeHandler),
  2: field('initialDelaySeconds', 'int32'),
  3: field('timeoutSeconds', 'int32'),
  4: field('periodSeconds', 'int32'),
  5: field('successThreshold', 'int32'),
  6: field('failureThreshold', 'int32'),
  7: pointer('terminationGracePeriodSeconds', 'int64')
})

export const SleepAction = message(`${CORE}.SleepAction`, {
  1: required('seconds', 'int64')
})

export const LifecycleHandler = message(`${CORE}.LifecycleHandler`, {
  1: pointer('exec', ExecAction),
  2: pointer('httpGet', HTTPGetAction),
  3: pointer('tcpSocket', TCPSocketAction),
  4: pointer('sleep', SleepAction)
})

export const Lifecycle = message(`${CORE}.Lifecycle`, {
  1: pointer('postStart', LifecycleHandler),
  2: pointer('preStop', LifecycleHandler)
})

export const Capabilities = message(`${CORE}.Capabilities`, {
  1: list('add', 'string'),
  2: list('drop', 'string')
})

export const SELinuxOptions = message(`${CORE}.SELinuxOptions`, {
  1: field('user', 'string'),
  2: field('role', 'string'),
  3: field('type', 'string'),
  4: field('level', 'string')
})

export const WindowsSecurityContextOptions = message(`${CORE}.WindowsSecurityContextOptions`, {
  1: pointer('gmsaCredentialSpecName', 'string'),
  2: pointer('gmsaCredentialSpec', 'string'),
  3: pointer('runAsUserName', 'string'),
  4: pointer('hostProcess', 'bool')
})

const profile = (name: string) =>
  message(`${CORE}.${name}`, {
    1: required('type', 'string'),
    2: pointer('localhostProfile', 'string')
  })
export const SeccompProfile = profile('SeccompProfile')
export const AppArmorProfile = profile('AppArmorProfile')

export const SecurityContext = message(`${CORE}.SecurityContext`, {
  1: pointer('capabilities', Capabilities),
  2: pointer('privileged', 'bool'),
  3: pointer('seLinuxOptions', SELinuxOptions),
  4: pointer('runAsUser', 'int64'),
  5: pointer('runAsNonRoot', 'bool'),
  6: pointer('readOnlyRootFilesystem', 'bool'),
  7: pointer('allowPrivilegeEscalation', 'bool'),
  8: pointer('runAsGroup', 'int64'),
  9: pointer('procMount', 'string'),
  10: pointer('windowsOptions', WindowsSecurityContextOptions),
  11: pointer('seccompProfile', SeccompProfile),
  12: pointer('appArmorProfile', AppArmorProfile)
})

export const Container = message(`${CORE}.Container`, {
  1: required('name', 'string'),
  2: field('image', 'string'),
  3: list('command', 'string'),
  4: list('args', 'string'),
  5: field('workingDir', 'string'),
  6: list('ports', ContainerPort),
  7: list('env', EnvVar),
  8: field('resources', ResourceRequirements),
  9: list('volumeMounts', VolumeMount),
  10: pointer('livenessProbe', Probe),
  11: pointer('readinessProbe', Probe),
  12: pointer('lifecycle', Lifecycle),
  13: field('terminationMessagePath', 'string'),
  14: field('imagePullPolicy', 'string'),
  15: pointer('securityContext', SecurityContext),
  16: field('stdin', 'bool'),
  17: field('stdinOnce', 'bool'),
  18: field('tty', 'bool'),
  19: list('envFrom', EnvFromSource),
  20: field('terminationMessagePolicy', 'string'),
  21: list('volumeDevices', VolumeDevice),
  22: pointer('startupProbe', Probe),
  23: list('resizePolicy', ContainerResizePolicy),
  24: pointer('restartPolicy', 'string')
})
