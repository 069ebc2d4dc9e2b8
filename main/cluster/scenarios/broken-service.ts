/**
 * A broken Service to debug with the packet trace: its selector names a
 * label no pod has, so it has no endpoints and kube-proxy rejects its
 * traffic. The trace says so, naming the pods that nearly match; fixing the
 * selector fills the endpoints and the same trace is delivered.
 */
import { allOf, done, firstReadyPod, gvrs, notYet, podsReady, readyEndpoints, serviceHasEndpoints, traceVerdict } from './checks'
import type { Check, CheckContext, Lesson, StepAction } from './types'

const shop = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
spec:
  replicas: 2
  selector:
    matchLabels:
      app: shop
  template:
    metadata:
      labels:
        app: shop
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports:
        - containerPort: 80
---
# The mistake: the pods are labelled app=shop.
apiVersion: v1
kind: Service
metadata:
  name: shop
spec:
  selector:
    app: shop-frontend
  ports:
  - port: 80
    targetPort: 80
---
apiVersion: v1
kind: Pod
metadata:
  name: client
  labels:
    app: client
spec:
  containers:
  - name: toolbox
    image: busybox:1.36
    command: ["sh", "-c", "sleep 3600"]
`

const traceFromClient = (label: string): StepAction => ({
  label,
  action: (ctx: CheckContext) => {
    const from = firstReadyPod(ctx, 'default', { app: 'client' })
    return from ? { type: 'trace', request: { source: { pod: from }, destination: { address: 'shop', port: 80 }, protocol: 'TCP' } } : 'the client pod is not Ready yet'
  }
})

const clientReady: Check = (ctx) => {
  const from = firstReadyPod(ctx, 'default', { app: 'client' })
  return from ? done('client pod Ready') : notYet('client pod not Ready yet')
}

const serviceExists: Check = (ctx) => (ctx.find({ resource: 'services', namespace: 'default', name: 'shop' }) ? done('Service shop exists') : notYet('no Service shop yet'))

export const brokenServiceLesson: Lesson = {
  id: 'broken-service',
  title: 'Debug a broken Service',
  summary: 'Requests to the shop Service go nowhere. Trace a packet to find out why, fix the Service, and trace again.',
  minutes: 4,
  steps: [
    {
      id: 'deploy',
      title: 'Deploy the shop and a client',
      text: [
        'Two shop pods running nginx, a Service in front of them, and a client pod to send requests from. Everything turns Running, yet the canvas draws no link from the Service to any pod.',
        'kubectl get endpoints shop shows <none>.'
      ],
      commands: ['kubectl apply -f shop.yaml', 'kubectl get endpoints shop', 'kubectl exec client -- wget -qO- -T 2 http://shop'],
      manifests: shop,
      check: allOf(podsReady('deployments.apps', 'shop', 2), clientReady, serviceExists)
    },
    {
      id: 'trace',
      title: 'Trace a request',
      text: [
        'Trace a packet from the client to shop:80 (here, or select the client pod and use its Trace tab). Read the hops: DNS resolves shop to its ClusterIP, then kube-proxy has nowhere to send it.',
        'The explanation names the selector and the pods whose labels come closest.'
      ],
      commands: ['kubectl describe svc shop', 'kubectl get pods --show-labels'],
      actions: [traceFromClient('Trace client → shop:80')],
      check: traceVerdict('broken-service/trace', 'Dropped')
    },
    {
      id: 'fix',
      title: 'Fix the selector',
      text: ['Make the Service select app=shop. The endpoints controller then lists both pods, kube-proxy writes their DNAT rules, and the canvas links the Service to them.'],
      commands: [`kubectl patch svc shop -p '{"spec":{"selector":{"app":"shop"}}}'`, 'kubectl get endpoints shop'],
      actions: [{ label: 'Fix it for me', action: { type: 'patch', gvr: gvrs.services, namespace: 'default', name: 'shop', patchType: 'merge', patch: { spec: { selector: { app: 'shop' } } } } }],
      check: serviceHasEndpoints('shop', 2)
    },
    {
      id: 'retrace',
      title: 'Trace again',
      text: ['The same request now reaches a shop pod: DNS, DNAT to a pod IP, and across the overlay if that pod runs on another node.'],
      commands: ['kubectl exec client -- wget -qO- -T 2 http://shop'],
      actions: [traceFromClient('Trace client → shop:80')],
      check: (ctx) => (readyEndpoints(ctx, 'default', 'shop') ? traceVerdict('broken-service/retrace', 'Delivered')(ctx) : notYet('the Service has no endpoints again'))
    }
  ]
}
