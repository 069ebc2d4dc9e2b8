/**
 * Namespaces and isolation: two namespaces hold objects of the same names
 * without clashing, but by default their pods still reach each other; a
 * NetworkPolicy is what isolates them.
 */
import { get } from './objects'
import { allOf, done, firstReadyPod, notYet, podsReady, traceVerdict } from './checks'
import type { Check, CheckContext, Lesson, StepAction } from './types'

const namespaces = `apiVersion: v1
kind: Namespace
metadata:
  name: dev
---
apiVersion: v1
kind: Namespace
metadata:
  name: prod
`

const web = (ns: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ${ns}
spec:
  replicas: 1
  selector:
    matchLabels:
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
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: ${ns}
spec:
  selector:
    app: web
  ports:
  - port: 80
`

const isolate = `# Pods in prod accept traffic only from pods in prod.
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: same-namespace-only
  namespace: prod
spec:
  podSelector: {}
  policyTypes:
  - Ingress
  ingress:
  - from:
    - podSelector: {}
`

const active = (name: string): Check => (ctx) => {
  const ns = ctx.find({ resource: 'namespaces', name })
  const phase = ns ? get<string>(ns, 'status', 'phase') : undefined
  return phase === 'Active' ? done(`namespace ${name} Active`) : notYet(ns ? `namespace ${name} is ${phase ?? 'new'}` : `no namespace ${name} yet`)
}

const traceDevToProd: StepAction = {
  label: 'Trace dev → web.prod:80',
  action: (ctx: CheckContext) => {
    const from = firstReadyPod(ctx, 'dev', { app: 'web' })
    return from ? { type: 'trace', request: { source: { pod: from }, destination: { address: 'web.prod', port: 80 }, protocol: 'TCP' } } : 'no web pod Ready in dev yet'
  }
}

export const namespacesLesson: Lesson = {
  id: 'namespaces',
  title: 'Namespaces and isolation',
  summary: 'Run the same app in dev and prod: names do not clash, traffic still flows between them until a NetworkPolicy stops it.',
  minutes: 4,
  steps: [
    {
      id: 'create',
      title: 'Create dev and prod',
      text: ['Namespaces scope names: a Deployment called web can exist once per namespace. The sidebar’s namespace filter (‹ above shows the sidebar) draws one at a time.'],
      commands: ['kubectl create namespace dev', 'kubectl create namespace prod', 'kubectl get namespaces'],
      manifests: namespaces,
      check: allOf(active('dev'), active('prod'))
    },
    {
      id: 'same-names',
      title: 'The same app in both',
      text: ['A Deployment and a Service, both named web, in each namespace. From a pod in dev, web means dev’s Service; web.prod (or web.prod.svc.cluster.local) means prod’s.'],
      commands: ['kubectl apply -f web.yaml', 'kubectl get deploy,svc web -n dev', 'kubectl get deploy,svc web -n prod'],
      manifests: `${web('dev')}---\n${web('prod')}`,
      check: allOf(podsReady('deployments.apps', 'web', 1, 'dev'), podsReady('deployments.apps', 'web', 1, 'prod'))
    },
    {
      id: 'open',
      title: 'Namespaces do not isolate traffic',
      text: ['Trace from dev’s web pod to web.prod:80. It is delivered: every pod can reach every other pod, whatever their namespaces.'],
      commands: ['kubectl exec -n dev deploy/web -- curl -s web.prod'],
      actions: [traceDevToProd],
      check: traceVerdict('namespaces/open', 'Delivered')
    },
    {
      id: 'isolate',
      title: 'Isolate prod with a NetworkPolicy',
      text: [
        'A NetworkPolicy selecting every pod in prod that allows ingress only from pods of prod. Once a pod is selected by a policy, whatever the policy does not allow is dropped.',
        'Trace again: the packet now stops at the destination pod, and the hop names the policy.'
      ],
      commands: ['kubectl apply -f same-namespace-only.yaml', 'kubectl describe networkpolicy -n prod'],
      manifests: isolate,
      actions: [traceDevToProd],
      check: traceVerdict('namespaces/isolate', 'Dropped')
    }
  ]
}
