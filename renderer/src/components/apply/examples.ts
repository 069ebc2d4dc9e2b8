/** Built-in manifests for the Apply dialog: the classics of Kubernetes tutorials, and one that fails on purpose. */
// The Guestbook's tiers are written once, where the lessons that apply them live.
import { frontend, frontendAlone, redisMaster, redisSlave } from '../../../../main/cluster/scenarios/guestbook-manifests'

export interface Example {
  id: string
  title: string
  yaml: string
}

export const examples: readonly Example[] = [
  {
    id: 'guestbook',
    title: 'Guestbook (classic): redis-master, redis-slave, frontend on NodePort 30001',
    yaml: `# The Guestbook of the classic Kubernetes introduction: a Redis master, two Redis
# slaves replicating from it, and three PHP frontends behind NodePort 30001.
${redisMaster}---
${redisSlave}---
${frontend}`
  },
  {
    id: 'guestbook-redis-master',
    title: 'Guestbook: redis-master Deployment and Service',
    yaml: `# The Guestbook's Redis leader, as in the Kubernetes tutorial.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: redis-master
  labels:
    app: redis
spec:
  selector:
    matchLabels:
      app: redis
      role: master
      tier: backend
  replicas: 1
  template:
    metadata:
      labels:
        app: redis
        role: master
        tier: backend
    spec:
      containers:
      - name: master
        image: registry.k8s.io/redis:e2e
        resources:
          requests:
            cpu: 100m
            memory: 100Mi
        ports:
        - containerPort: 6379
---
apiVersion: v1
kind: Service
metadata:
  name: redis-master
  labels:
    app: redis
    role: master
    tier: backend
spec:
  ports:
  - port: 6379
    targetPort: 6379
  selector:
    app: redis
    role: master
    tier: backend
`
  },
  {
    id: 'guestbook-frontend',
    title: 'Guestbook: frontend ReplicationController and NodePort 30001',
    yaml: frontendAlone
  },
  {
    id: 'nginx-pod',
    title: 'A single nginx Pod',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: nginx
  labels:
    app: nginx
spec:
  containers:
  - name: nginx
    image: nginx:1.27
    ports:
    - containerPort: 80
`
  },
  {
    id: 'broken-deployment',
    title: 'A Deployment with two mistakes (errors shown at their fields)',
    yaml: `# The API server checks every field and names each one it refuses.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: broken
spec:
  replicas: -1
  selector:
    matchLabels:
      app: broken
  template:
    metadata:
      labels:
        app: broken
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports:
        - containerPort: 99999
`
  },
  {
    id: 'broken-pod',
    title: 'A Pod with a mistake (see the API error)',
    yaml: `# No image: the API server refuses this Pod, and says why.
apiVersion: v1
kind: Pod
metadata:
  name: bad
spec:
  containers:
  - name: app
`
  }
]
