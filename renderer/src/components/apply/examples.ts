/** Built-in manifests for the Apply dialog: the classics of Kubernetes tutorials, and one that fails on purpose. */
export interface Example {
  id: string
  title: string
  yaml: string
}

/** The Guestbook's frontend: three PHP pods behind NodePort 30001 (in the whole Guestbook and on its own). */
const frontend = `apiVersion: v1
kind: ReplicationController
metadata:
  name: frontend
  labels:
    name: frontend
spec:
  replicas: 3
  selector:
    name: frontend
  template:
    metadata:
      labels:
        name: frontend
    spec:
      containers:
      - name: php-redis
        image: kubernetes/example-guestbook-php-redis:v2
        ports:
        - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: frontend
  labels:
    name: frontend
spec:
  type: NodePort
  ports:
  - port: 80
    nodePort: 30001
  selector:
    name: frontend
`

export const examples: readonly Example[] = [
  {
    id: 'guestbook',
    title: 'Guestbook (classic): redis-master, redis-slave, frontend on NodePort 30001',
    yaml: `# The Guestbook of the classic Kubernetes introduction: a Redis master, two Redis
# slaves replicating from it, and three PHP frontends behind NodePort 30001.
apiVersion: v1
kind: ReplicationController
metadata:
  name: redis-master
  labels:
    name: redis-master
spec:
  replicas: 1
  selector:
    name: redis-master
  template:
    metadata:
      labels:
        name: redis-master
    spec:
      containers:
      - name: master
        image: redis
        ports:
        - containerPort: 6379
---
apiVersion: v1
kind: Service
metadata:
  name: redis-master
  labels:
    name: redis-master
spec:
  ports:
  - port: 6379
    targetPort: 6379
  selector:
    name: redis-master
---
apiVersion: v1
kind: ReplicationController
metadata:
  name: redis-slave
  labels:
    name: redis-slave
spec:
  replicas: 2
  selector:
    name: redis-slave
  template:
    metadata:
      labels:
        name: redis-slave
    spec:
      containers:
      - name: worker
        image: kubernetes/redis-slave:v2
        ports:
        - containerPort: 6379
---
apiVersion: v1
kind: Service
metadata:
  name: redis-slave
  labels:
    name: redis-slave
spec:
  ports:
  - port: 6379
  selector:
    name: redis-slave
---
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
    yaml: `# The classic Guestbook frontend: three PHP pods behind a NodePort Service.
${frontend}`
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
