/**
 * Static pods and the pause container: the control plane runs as pods the
 * kubelet starts from files (the API shows read-only mirrors of them); a
 * learner drops a file of their own into a node's manifest directory; and a
 * pod of two containers shows that its containers share one network
 * namespace, held by the pause container.
 */
import { get } from './objects'
import { done, isPodReady, notYet } from './checks'
import type { Check, CheckContext, Lesson } from './types'

const mirrorAnnotation = 'kubernetes.io/config.mirror'
const staticName = 'static-web-kubelab-worker'

/** The simulated /etc/kubernetes/manifests of kubelab-worker, under the cluster's data dir. */
const manifestDir = (ctx: Pick<CheckContext, 'dataDir'>): string => `${ctx.dataDir ?? '<data dir>'}/nodes/kubelab-worker/manifests`

const staticWeb = `apiVersion: v1
kind: Pod
metadata:
  name: static-web
  labels:
    role: myrole
spec:
  containers:
  - name: web
    image: nginx:1.27
    ports:
    - containerPort: 80`

const sharedNet = `apiVersion: v1
kind: Pod
metadata:
  name: shared-net
spec:
  containers:
  - name: nginx
    image: nginx:1.27
    ports:
    - containerPort: 80
  - name: sidecar
    image: busybox:1.36
    command: ["sh", "-c", "sleep 3600"]
`

const isMirror = (ctx: CheckContext, namespace: string, name: string): boolean => {
  const pod = ctx.find({ resource: 'pods', namespace, name })
  return !!pod?.metadata.annotations?.[mirrorAnnotation]
}

const inspectsMirror: Check = (ctx) => {
  const s = ctx.selected
  if (!s || s.resource !== 'pods') return notYet('select a pod of kube-system on the control-plane node')
  return s.namespace && isMirror(ctx, s.namespace, s.name) ? done(`${s.name} is a mirror pod`) : notYet(`${s.name} is not a static pod: it has no ${mirrorAnnotation} annotation`)
}

const staticRunning: Check = (ctx) => {
  const pod = ctx.find({ resource: 'pods', namespace: 'default', name: staticName })
  if (!pod) return notYet(`no pod ${staticName} yet: the kubelet rescans its manifest directory every 20 s`)
  if (!isMirror(ctx, 'default', staticName)) return notYet(`${staticName} exists but is not a mirror pod`)
  return isPodReady(pod) ? done(`${staticName} Ready, mirrored into the API`) : notYet(`${staticName} is ${get<string>(pod, 'status', 'phase') ?? 'Pending'}`)
}

const sharedReady: Check = (ctx) => {
  const pod = ctx.find({ resource: 'pods', namespace: 'default', name: 'shared-net' })
  if (!pod) return notYet('no pod shared-net yet')
  const ip = get<string>(pod, 'status', 'podIP')
  const statuses = get<Array<{ ready?: boolean }>>(pod, 'status', 'containerStatuses') ?? []
  const ready = statuses.filter((c) => c.ready).length
  return ready === 2 && ip ? done(`both containers Ready on one IP, ${ip}`) : notYet(`${ready} of 2 containers Ready`)
}

const staticGone: Check = (ctx) =>
  ctx.find({ resource: 'pods', namespace: 'default', name: staticName }) ? notYet(`${staticName} still runs: remove its file, not the pod`) : done(`${staticName} is gone`)

export const staticPodsLesson: Lesson = {
  id: 'static-pods',
  title: 'Static pods and the pause container',
  summary: 'See how the control plane runs as static pods, run one of your own from a file, and meet the pause container that holds a pod’s network.',
  minutes: 4,
  steps: [
    {
      id: 'control-plane',
      title: 'The control plane is static pods',
      text: [
        'kube-apiserver, etcd, kube-scheduler and kube-controller-manager run on kubelab-control-plane from manifest files in its /etc/kubernetes/manifests, not from the API. The kubelet posts a mirror pod for each, named <pod>-<node>.',
        'Click kube-apiserver-kubelab-control-plane on the control-plane node (or find it in the sidebar’s Pods: ‹ above shows the sidebar) and look at its annotations and its owner, the Node.'
      ],
      commands: ['kubectl get pods -n kube-system -o wide', 'kubectl get pod -n kube-system kube-apiserver-kubelab-control-plane -o yaml'],
      check: inspectsMirror
    },
    {
      id: 'own-static',
      title: 'Run a static pod of your own',
      text: [
        'Write a pod manifest into kubelab-worker’s manifest directory (Kubelab keeps each node’s under its data dir). The kubelet notices the file, runs the pod, and mirrors it into the API with its node’s name appended.',
        'kubectl delete pod on a mirror only makes the kubelet post it again: the file is the truth.'
      ],
      commands: [(ctx) => `cat > ${manifestDir(ctx)}/static-web.yaml <<'EOF'\n${staticWeb}\nEOF`, `kubectl get pod ${staticName} -o wide`],
      check: staticRunning
    },
    {
      id: 'pause',
      title: 'Two containers, one network',
      text: [
        'Every pod starts with a pause container (registry.k8s.io/pause) that holds its network namespace and IP; the app containers join it. So two containers of a pod share the IP and talk over localhost.',
        'Run a pod with nginx and a busybox sidecar, then ask each container for its address: both answer with the pod’s IP, on the same eth0.'
      ],
      commands: ['kubectl apply -f shared-net.yaml', 'kubectl exec shared-net -c nginx -- ip addr', 'kubectl exec shared-net -c sidecar -- ip addr', 'kubectl get pod shared-net -o wide'],
      manifests: sharedNet,
      check: sharedReady
    },
    {
      id: 'remove-static',
      title: 'Remove the static pod',
      text: ['Delete the file: the kubelet stops the pod and removes its mirror.'],
      commands: [(ctx) => `rm ${manifestDir(ctx)}/static-web.yaml`],
      check: staticGone
    }
  ]
}
