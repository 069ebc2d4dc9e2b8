import type { Clock } from './clock/types'
import type { Client } from './client/types'
import type { SharedInformerFactory } from './client/informer-factory'
import type { Logger } from './client/controller-logger'
import type { EventRecorder, EventSource } from './client/event-recorder'
import type { ClusterConfig } from './config/cluster-config'
import type { ClusterWorld } from './world'
import type { MetricsApi } from './apiserver/metrics-api'

/**
 * What every control-plane component and simulated node gets: the API (and
 * nothing else of the others), the one clock, shared informers, an event
 * recorder and the cluster's config. Components never import each other;
 * they meet in the API.
 */
export interface ComponentContext {
  client: Client
  clock: Clock
  /** Shared informers: two components watching pods share one watch and cache. */
  informers: SharedInformerFactory
  config: ClusterConfig
  /** The cluster's data dir (e.g. for static pod manifests); undefined for in-memory clusters. */
  dataDir?: string
  logger: Logger
  /** An event recorder reporting as `source` (e.g. `{ component: 'kubelet', host: 'node-1' }`). */
  events(source: EventSource): EventRecorder
  /**
   * The simulated data plane under the API (container logs, processes and
   * their ports, exec programs): what the kubelet runs and the network carries.
   * Not a back door between components: decisions still go through the API.
   */
  world: ClusterWorld
  /**
   * metrics.k8s.io as a client reads it (the HPA controller's resource
   * metrics), served by the simulated nodes' metrics pipeline.
   */
  metrics?: MetricsApi
  /** The cluster CA certificate (PEM) the API server's serving certificate chains to: what kube-root-ca.crt publishes. */
  rootCA?: string
  /**
   * The CA certificate and key (PEM) kube-controller-manager signs with
   * (--cluster-signing-cert-file/--cluster-signing-key-file): the cluster CA,
   * whose client certificates the API server accepts.
   */
  clusterSigning?: { cert: string; key: string }
}

/** A running part of the cluster: the scheduler, a controller, the node agents. */
export interface Component {
  readonly name: string
  /** Registers informers and handlers and starts workers; the cluster starts the informers afterwards. */
  start(): Promise<void>
  /** Stops workers and timers; waits for work in flight. */
  stop(): Promise<void>
}

/** Builds a component for a cluster. */
export type ComponentFactory = (ctx: ComponentContext) => Component
