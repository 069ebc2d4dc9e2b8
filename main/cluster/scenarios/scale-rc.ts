/**
 * Scale a ReplicationController: the controller compares the pods its
 * selector picks with spec.replicas and creates or deletes the difference.
 */
import { allOf, desiredReplicas, gvrs, podsReady } from './checks'
import { frontendAlone } from './guestbook-manifests'
import type { Lesson } from './types'

const rc = { gvr: gvrs.replicationcontrollers, namespace: 'default', name: 'frontend' }

export const scaleRcLesson: Lesson = {
  id: 'scale-rc',
  title: 'Scale a ReplicationController',
  summary: 'Change spec.replicas and watch the controller create and delete pods until the count matches.',
  minutes: 3,
  steps: [
    {
      id: 'start',
      title: 'Run three frontends',
      text: ['The Guestbook frontend: a ReplicationController asking for 3 replicas of a PHP pod, behind NodePort 30001.'],
      commands: ['kubectl apply -f frontend.yaml', 'kubectl get rc frontend'],
      manifests: frontendAlone,
      check: podsReady('replicationcontrollers', 'frontend', 3)
    },
    {
      id: 'up',
      title: 'Scale up to 5',
      text: [
        'Ask for 5 replicas: the controller sees 3 pods for 5 wanted and creates 2 (SuccessfulCreate in the event stream). The scheduler places them on the least busy workers.',
        'You can also select the RC on the canvas and use Replicas in the inspector.'
      ],
      commands: ['kubectl scale rc frontend --replicas=5', 'kubectl get pods -l name=frontend -o wide'],
      actions: [{ label: 'Scale to 5', action: { type: 'scale', ...rc, replicas: 5 } }],
      check: allOf(desiredReplicas('replicationcontrollers', 'frontend', 5), podsReady('replicationcontrollers', 'frontend', 5))
    },
    {
      id: 'down',
      title: 'Scale down to 1',
      text: ['Now ask for 1: the controller deletes 4 pods (SuccessfulDelete), the least valuable first (unscheduled, not ready, then the ones sharing a node). The Service keeps sending traffic to the one left.'],
      commands: ['kubectl scale rc frontend --replicas=1', 'kubectl get pods -l name=frontend -w'],
      actions: [{ label: 'Scale to 1', action: { type: 'scale', ...rc, replicas: 1 } }],
      check: allOf(desiredReplicas('replicationcontrollers', 'frontend', 1), podsReady('replicationcontrollers', 'frontend', 1))
    }
  ]
}
