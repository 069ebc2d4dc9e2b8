/**
 * The Guestbook of the classic Kubernetes introduction: a Redis master, two
 * Redis slaves replicating from it, three PHP frontends behind NodePort
 * 30001, and a visitor's request traced from outside to a frontend.
 */
import { get, nodeAddress } from './objects'
import { allOf, done, notYet, podsReady, serviceHasEndpoints, traceVerdict, workers } from './checks'
import { frontend, redisMaster, redisSlave } from './guestbook-manifests'
import type { Check, Lesson } from './types'

const nodePort30001: Check = (ctx) => {
  const svc = ctx.find({ resource: 'services', namespace: 'default', name: 'frontend' })
  if (!svc) return notYet('no Service frontend yet')
  const ports = get<Array<{ nodePort?: number }>>(svc, 'spec', 'ports') ?? []
  return ports.some((p) => p.nodePort === 30001) ? done('frontend listens on NodePort 30001') : notYet('Service frontend has no NodePort 30001')
}

export const guestbookLesson: Lesson = {
  id: 'guestbook',
  title: 'The Guestbook',
  summary: 'The classic first application: a Redis master, two Redis slaves and three PHP frontends behind NodePort 30001.',
  minutes: 5,
  steps: [
    {
      id: 'redis-master',
      title: 'Start the Redis master',
      text: [
        'A ReplicationController keeps one redis-master pod running; a Service gives it a stable name and ClusterIP that the other tiers use.',
        'Watch the pod appear on a worker, go from ContainerCreating to Running, and the Service link to it once it is Ready.'
      ],
      commands: ['kubectl apply -f redis-master.yaml', 'kubectl get rc,pods,svc -l name=redis-master'],
      manifests: redisMaster,
      check: allOf(podsReady('replicationcontrollers', 'redis-master'), serviceHasEndpoints('redis-master'))
    },
    {
      id: 'redis-slave',
      title: 'Add two Redis slaves',
      text: ['Two read replicas, behind their own Service. The scheduler spreads them over the workers: see which nodes they land on.'],
      commands: ['kubectl apply -f redis-slave.yaml', 'kubectl get pods -l name=redis-slave -o wide'],
      manifests: redisSlave,
      check: allOf(podsReady('replicationcontrollers', 'redis-slave'), serviceHasEndpoints('redis-slave', 2))
    },
    {
      id: 'frontend',
      title: 'Run the frontend on NodePort 30001',
      text: [
        'Three PHP frontends behind a NodePort Service: every node accepts traffic on port 30001 and kube-proxy sends it to one of the frontends.',
        'Open the Networks view (2) to see the Service on its ClusterIP and NodePort.'
      ],
      commands: ['kubectl apply -f frontend.yaml', 'kubectl get svc frontend'],
      manifests: frontend,
      check: allOf(podsReady('replicationcontrollers', 'frontend'), nodePort30001, serviceHasEndpoints('frontend', 3))
    },
    {
      id: 'visit',
      title: 'Follow a visitor to the frontend',
      text: [
        "A browser outside the cluster opens http://<node IP>:30001. Trace that packet: it arrives on the node's NIC, kube-proxy's NodePort rule rewrites it to a frontend pod's IP, and the overlay carries it there if that pod runs elsewhere."
      ],
      commands: ['kubectl get nodes -o wide', 'curl http://<node IP>:30001'],
      actions: [
        {
          label: 'Trace a visitor',
          action: (ctx) => {
            const node = workers(ctx)[0]
            const ip = node && nodeAddress(node)
            return ip ? { type: 'trace', request: { source: { external: true }, destination: { address: ip, port: 30001 }, protocol: 'TCP' } } : 'no worker node has an address yet'
          }
        }
      ],
      check: traceVerdict('guestbook/visit', 'Delivered')
    }
  ]
}
