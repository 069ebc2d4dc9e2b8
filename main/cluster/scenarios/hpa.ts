/**
 * The HorizontalPodAutoscaler walkthrough: php-apache requests 200m of CPU
 * and spends 10 ms of CPU per request; a TrafficGenerator sends it load;
 * the HPA, reading metrics.k8s.io, scales it out to keep CPU near 50% of
 * the request, and back in (after its 5 minute stabilization) when the load stops.
 */
import { get } from './objects'
import { allOf, controllerPods, desiredReplicas, done, gvrs, isPodReady, notYet, podsReady } from './checks'
import type { CheckContext, CheckResult, Lesson } from './types'

const phpApache = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: php-apache
spec:
  selector:
    matchLabels:
      run: php-apache
  template:
    metadata:
      labels:
        run: php-apache
      annotations:
        sim.kubelab.dev/cpu-per-request: 10m
    spec:
      containers:
      - name: php-apache
        image: registry.k8s.io/hpa-example
        ports:
        - containerPort: 80
        resources:
          limits:
            cpu: 500m
          requests:
            cpu: 200m
---
apiVersion: v1
kind: Service
metadata:
  name: php-apache
  labels:
    run: php-apache
spec:
  ports:
  - port: 80
  selector:
    run: php-apache
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: php-apache
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: php-apache
  minReplicas: 1
  maxReplicas: 10
  metrics:
  - type: Resource
    resource:
      name: cpu
      target:
        type: Utilization
        averageUtilization: 50
`

const load = `# A client pod, and Kubelab's TrafficGenerator sending 50 requests per second
# from it to the php-apache Service. (The walkthrough runs a wget loop in the
# pod instead; that works here too, but a rate is easier to reason about.)
apiVersion: v1
kind: Pod
metadata:
  name: load-generator
spec:
  containers:
  - name: load-generator
    image: busybox:1.28
    command: ["sh", "-c", "sleep 3600"]
---
apiVersion: kubelab.dev/v1alpha1
kind: TrafficGenerator
metadata:
  name: load
spec:
  source:
    pod: default/load-generator
  destination:
    address: php-apache
    port: 80
  rate: 50
`

/** The HPA's last SuccessfulRescale event, from the event stream. */
function lastRescale(ctx: CheckContext): string | undefined {
  const events = ctx
    .list('events', 'default')
    .filter((e) => get(e, 'reason') === 'SuccessfulRescale' && get(e, 'involvedObject', 'kind') === 'HorizontalPodAutoscaler' && get(e, 'involvedObject', 'name') === 'php-apache')
    .sort((a, b) => String(get(a, 'lastTimestamp') ?? '').localeCompare(String(get(b, 'lastTimestamp') ?? '')))
  return events.length ? (get<string>(events[events.length - 1], 'message') ?? '') : undefined
}

function scaledOut(ctx: CheckContext): CheckResult {
  const { controller, pods } = controllerPods(ctx, 'deployments.apps', 'default', 'php-apache')
  if (!controller) return notYet('no Deployment php-apache')
  const desired = get<number>(controller, 'spec', 'replicas') ?? 1
  const ready = pods.filter(isPodReady).length
  const rescale = lastRescale(ctx)
  if (desired <= 1 || !rescale) return notYet(`php-apache still asks for ${desired} replica${desired === 1 ? '' : 's'}: no rescale yet`)
  const text = `${ready} of ${desired} php-apache pods Ready (${rescale})`
  return ready >= 2 && ready === desired ? done(text) : notYet(text)
}

const play60 = { label: 'Play at 60x', action: { type: 'clock', speed: 60, paused: false } } as const

export const hpaLesson: Lesson = {
  id: 'hpa',
  title: 'Autoscaling under load',
  summary: 'A HorizontalPodAutoscaler adds php-apache pods as a traffic generator loads it, and removes them when the load stops.',
  minutes: 6,
  steps: [
    {
      id: 'deploy',
      title: 'Deploy php-apache with an autoscaler',
      text: [
        'One php-apache pod requesting 200m CPU, its Service, and an HPA keeping average CPU at 50% of the request (1 to 10 replicas).',
        'Idle, the pod uses a few millicores: the HPA keeps 1 replica. Try kubectl top pods and kubectl get hpa.'
      ],
      commands: ['kubectl apply -f php-apache.yaml', 'kubectl get hpa php-apache', 'kubectl top pods'],
      manifests: phpApache,
      check: podsReady('deployments.apps', 'php-apache', 1)
    },
    {
      id: 'load',
      title: 'Put it under load',
      text: [
        'Start the load: 50 requests per second at 10 ms of CPU each is 500m, far above 50% of 200m. The HPA asks for replicas in proportion, desired = ceil(current × usage / target), up to its maximum of 10.',
        'Metrics cover 30 s windows and new pods count once Ready: play the clock at 60x and watch pods appear.'
      ],
      commands: ['kubectl apply -f load.yaml', 'kubectl get hpa php-apache -w', 'kubectl get trafficgenerator load'],
      manifests: load,
      actions: [play60],
      check: scaledOut
    },
    {
      id: 'calm',
      title: 'Stop the load',
      text: ['Delete the generator. CPU falls to idle, but the HPA waits out its 5 minute scale-down stabilization window before going back to 1 replica.'],
      commands: ['kubectl delete trafficgenerator load', 'kubectl get hpa php-apache -w'],
      actions: [{ label: 'Stop the load', action: { type: 'delete', gvr: gvrs.trafficgenerators, namespace: 'default', name: 'load' } }, play60],
      check: allOf(desiredReplicas('deployments.apps', 'php-apache', 1), podsReady('deployments.apps', 'php-apache', 1))
    }
  ],
  leftovers: [{ gvr: gvrs.horizontalpodautoscalers, namespace: 'default', name: 'php-apache' }]
}
