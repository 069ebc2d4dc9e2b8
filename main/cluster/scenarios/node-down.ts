/**
 * A node goes down and its pods move: the kubelet stops posting status, the
 * node lifecycle controller marks the node NotReady after 40 s and taints
 * it, and after the pods' 300 s toleration they are evicted and the
 * ReplicationController recreates them on the nodes that are left.
 */
import { nodeReady } from './objects'
import { controllerPods, done, isPodReady, nodeOf, notYet, podsReady, poweredOff, workers } from './checks'
import type { CheckContext, Lesson } from './types'

const web = `apiVersion: v1
kind: ReplicationController
metadata:
  name: web
spec:
  replicas: 6
  selector:
    app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports:
        - containerPort: 80
`

const webPods = (ctx: CheckContext) => controllerPods(ctx, 'replicationcontrollers', 'default', 'web').pods

/** The worker running most of web's pods: the one whose loss shows most. */
function busiestWorker(ctx: CheckContext): string | undefined {
  const counts = new Map<string, number>()
  for (const p of webPods(ctx)) counts.set(nodeOf(p), (counts.get(nodeOf(p)) ?? 0) + 1)
  const names = workers(ctx).map((n) => n.metadata.name ?? '')
  return names.filter((n) => counts.get(n)).sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0))[0]
}

export const nodeDownLesson: Lesson = {
  id: 'node-down',
  title: 'A node goes down',
  summary: 'Cut a worker’s power: see it turn NotReady, and its pods evicted and recreated on the other workers.',
  minutes: 4,
  steps: [
    {
      id: 'spread',
      title: 'Spread six pods over the workers',
      text: ['A ReplicationController of 6 nginx pods. The scheduler spreads them over the three workers (the control plane is tainted NoSchedule).'],
      commands: ['kubectl apply -f web.yaml', 'kubectl get pods -l app=web -o wide'],
      manifests: web,
      check: podsReady('replicationcontrollers', 'web', 6)
    },
    {
      id: 'power-off',
      title: 'Power off a worker',
      text: [
        'Cut the power of the worker running most web pods (select it and use Power off, or the button below). Its kubelet stops renewing its lease.',
        'After 40 s without a heartbeat the node lifecycle controller sets the Ready condition to Unknown (NodeNotReady): play the clock at 60x to get there in a second.'
      ],
      commands: ['kubectl annotate node <node> sim.kubelab.dev/power=off', 'kubectl get nodes -w'],
      actions: [
        {
          label: 'Power off the busiest worker',
          action: (ctx) => {
            const node = busiestWorker(ctx)
            return node ? { type: 'node', node, action: 'power-off' } : 'no worker runs a web pod yet'
          }
        },
        { label: 'Play at 60x', action: { type: 'clock', speed: 60, paused: false } }
      ],
      check: (ctx) => {
        const [node] = poweredOff(ctx)
        if (!node) return notYet('every node still has power')
        const ready = nodeReady(node)
        return ready === 'True' ? notYet(`${node.metadata.name} is off, but still Ready until its 40 s grace period ends`) : done(`${node.metadata.name} is NotReady (Ready=${ready})`)
      }
    },
    {
      id: 'moved',
      title: 'Watch the pods move',
      text: [
        'The node is tainted node.kubernetes.io/unreachable. Pods tolerate that for 300 s, then they are evicted and the RC creates replacements on the remaining workers.',
        'The old pods stay Terminating: no kubelet is left to confirm they stopped.'
      ],
      commands: ['kubectl describe node <node> | grep Taints', 'kubectl get pods -l app=web -o wide'],
      actions: [{ label: 'Play at 60x', action: { type: 'clock', speed: 60, paused: false } }],
      check: (ctx) => {
        const [off] = poweredOff(ctx)
        if (!off) return notYet('no node is powered off')
        const pods = webPods(ctx)
        const stranded = pods.filter((p) => nodeOf(p) === off.metadata.name).length
        const elsewhere = pods.filter((p) => nodeOf(p) !== off.metadata.name && isPodReady(p)).length
        const text = `${elsewhere} of 6 web pods Ready on other nodes`
        return stranded === 0 && elsewhere === 6 ? done(text) : notYet(stranded ? `${text}; ${stranded} still bound to ${off.metadata.name}` : text)
      }
    },
    {
      id: 'power-on',
      title: 'Bring the node back',
      text: ['Restore the power: the kubelet posts Ready again, the taint goes, and the node takes new pods (the moved ones stay where they are).'],
      commands: ['kubectl annotate node <node> sim.kubelab.dev/power=on --overwrite'],
      actions: [
        {
          label: 'Power it on',
          action: (ctx) => {
            const [off] = poweredOff(ctx)
            return off ? { type: 'node', node: off.metadata.name ?? '', action: 'power-on' } : 'no node is powered off'
          }
        }
      ],
      check: (ctx) => {
        if (poweredOff(ctx).length) return notYet(`${poweredOff(ctx)[0].metadata.name} is still powered off`)
        const down = ctx.list('nodes').filter((n) => nodeReady(n) !== 'True')
        return down.length ? notYet(`${down[0].metadata.name} is not Ready yet`) : done('every node is Ready')
      }
    }
  ],
  resetActions: [
    (ctx) => {
      const [off] = poweredOff(ctx)
      return off ? { type: 'node', node: off.metadata.name ?? '', action: 'power-on' } : 'every node has power'
    }
  ]
}
