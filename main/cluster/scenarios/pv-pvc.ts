/**
 * PersistentVolumes and claims: a volume made by hand bound to a claim that
 * fits it, a pod mounting the claim, then a claim of the default
 * StorageClass provisioned on first consumer.
 */
import { get } from './objects'
import { allOf, done, isPodReady, notYet } from './checks'
import type { Check, Lesson } from './types'

const manual = `apiVersion: v1
kind: PersistentVolume
metadata:
  name: pv-manual
  labels:
    type: local
spec:
  storageClassName: manual
  capacity:
    storage: 1Gi
  accessModes:
  - ReadWriteOnce
  hostPath:
    path: /mnt/data
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: claim-manual
spec:
  storageClassName: manual
  accessModes:
  - ReadWriteOnce
  resources:
    requests:
      storage: 500Mi
`

const pod = (name: string, claim: string): string => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
  - name: app
    image: nginx:1.27
    volumeMounts:
    - name: data
      mountPath: /usr/share/nginx/html
  volumes:
  - name: data
    persistentVolumeClaim:
      claimName: ${claim}
`

const dynamic = `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  accessModes:
  - ReadWriteOnce
  resources:
    requests:
      storage: 1Gi
---
${pod('writer', 'data')}`

/** Done when a claim is Bound (to `volume` when named) and its volume says Bound too. */
function claimBound(name: string, volume?: string): Check {
  return (ctx) => {
    const pvc = ctx.find({ resource: 'persistentvolumeclaims', namespace: 'default', name })
    if (!pvc) return notYet(`no claim ${name} yet`)
    const phase = get<string>(pvc, 'status', 'phase') ?? 'Pending'
    const bound = get<string>(pvc, 'spec', 'volumeName')
    if (phase !== 'Bound' || !bound) return notYet(`claim ${name} is ${phase}`)
    if (volume && bound !== volume) return notYet(`claim ${name} is bound to ${bound}, not ${volume}`)
    const pv = ctx.find({ resource: 'persistentvolumes', name: bound })
    const pvPhase = pv ? get<string>(pv, 'status', 'phase') : undefined
    return pvPhase === 'Bound' ? done(`claim ${name} Bound to ${bound}`) : notYet(`volume ${bound} is ${pvPhase ?? 'not there'}`)
  }
}

function podReady(name: string): Check {
  return (ctx) => {
    const p = ctx.find({ resource: 'pods', namespace: 'default', name })
    if (!p) return notYet(`no pod ${name} yet`)
    return isPodReady(p) ? done(`pod ${name} Ready with its volume mounted`) : notYet(`pod ${name} is ${get<string>(p, 'status', 'phase') ?? 'Pending'}`)
  }
}

export const pvPvcLesson: Lesson = {
  id: 'pv-pvc',
  title: 'Volumes and claims',
  summary: 'Bind a PersistentVolumeClaim to a volume made by hand, mount it, then let the default StorageClass provision one.',
  minutes: 3,
  steps: [
    {
      id: 'static',
      title: 'Bind a claim to a volume',
      text: [
        'An administrator made pv-manual (1Gi, class manual). A claim for 500Mi of class manual finds it: the PV controller binds them both ways (claimRef, volumeName).',
        'Switch to the Storage view (above the canvas) to see the binding.'
      ],
      commands: ['kubectl apply -f pv-manual.yaml', 'kubectl get pv,pvc'],
      manifests: manual,
      check: claimBound('claim-manual', 'pv-manual')
    },
    {
      id: 'mount',
      title: 'Mount it in a pod',
      text: ['A pod names the claim, not the volume: the kubelet mounts whatever the claim is bound to.'],
      commands: ['kubectl apply -f pv-pod.yaml', 'kubectl describe pod pv-pod'],
      manifests: pod('pv-pod', 'claim-manual'),
      check: allOf(claimBound('claim-manual', 'pv-manual'), podReady('pv-pod'))
    },
    {
      id: 'dynamic',
      title: 'Provision on first consumer',
      text: [
        'A claim without a class gets the default one (standard). Its binding mode is WaitForFirstConsumer: the claim stays Pending until a pod using it is scheduled, then the provisioner makes a volume on that pod’s node.'
      ],
      commands: ['kubectl get storageclass', 'kubectl apply -f data.yaml', 'kubectl get pvc data -w'],
      manifests: dynamic,
      check: allOf(claimBound('data'), podReady('writer'))
    }
  ]
}
