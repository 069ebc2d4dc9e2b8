import { join } from 'node:path'
import type { Clock, ClockMode } from './clock/types'
import { createClock, wallNow } from './clock'
import { openStore } from './storage'
import type { Store } from './storage/types'
import { Registry } from './registry/registry'
import { Resources } from './registry/resources'
import { allDefinitions } from './registry/kinds'
import { initialNamespaces } from './registry/namespace-lifecycle'
import { createClient } from './client/client'
import type { Client } from './client/types'
import { isAlreadyExists } from './apimachinery/errors'
import { type ClusterConfig, defaultClusterConfig, validateClusterConfig } from './config/cluster-config'
import { lockDataDir, readStoredConfig, writeStoredConfig, type DataDirLock } from './config/data-dir'
import { startApiServer, type ApiServer } from './apiserver/server'
import { firstServiceIP } from './config/cluster-config'
import { ensureKubernetesService } from './network/kubernetes-service'
import { ensureBootstrapPolicy } from './apiserver/rbac/bootstrap-policy'
import { ensureSystemPriorityClasses } from './apiserver/system-priority-classes'
import { ensureAutoregisteredAPIServices } from './apiserver/apiservice-registration'
import { ensureFlowControlBootstrap } from './apiserver/flowcontrol-bootstrap'
import { SharedInformerFactory } from './client/informer-factory'
import { createEventRecorder } from './client/event-recorder'
import { silentLogger, type Logger } from './client/controller-logger'
import type { Component, ComponentContext, ComponentFactory } from './component'
import { defaultComponents } from './components'
import { serviceAccountsComponent } from './controllers/serviceaccounts'
import { apiServerFieldManager, fieldManagerOf } from './field-managers'
import { createWorld, type ClusterWorld } from './world'
import { writesHoldTheClock } from './registry/writes-hold-the-clock'
import { networkModel, type NetworkModel } from './network/trace/network-model'
import { packetTraceAnswerer } from './network/trace/packet-tracer'
import { controlPlaneDialer } from './network/toolbox/http-request'
import { proxySubresources } from './apiserver/handlers/proxy'
import { createNodeProxy } from './node/node-proxy'
import type { MetricsApi } from './apiserver/metrics-api'
import { ResourceMetrics } from './node/metrics'
import { loadOrCreatePki, type Pki } from './apiserver/pki'
import { loadOrCreateServiceAccountKey, readServiceAccountKey } from './apiserver/service-account-key'
import { ServiceAccountTokens } from './apiserver/service-account-tokens'
import { answerTokenReviews } from './apiserver/token-review'
import { tokenRequestSubresource } from './apiserver/handlers/token-request'
import { addTokenAuthenticator } from './apiserver/authn'
import { startHeapGrowth } from './heap-growth'

/** How to run a cluster. */
export interface ClusterOptions {
  /** Where the cluster lives; undefined keeps everything in memory (tests). */
  dataDir?: string
  /** Config for a new cluster; an existing data dir keeps the config it was created with. */
  config?: Partial<ClusterConfig>
  /** 'realtime' (default), 'instant', 'manual', or a speed factor for a realtime clock. */
  clock?: ClockMode | number
  /** fsync every acknowledged write before answering (slower; survives power loss). */
  durable?: boolean
  /** Serve the HTTPS API on 127.0.0.1 at this port (0: any free port); no API server when undefined. */
  apiPort?: number
  /** The components to run (scheduler, controllers, nodes); default: all of them. Tests may pick. */
  components?: readonly ComponentFactory[]
  logger?: Logger
}

/**
 * One cluster: the clock, the store, the registry and the in-process client,
 * for one data dir. Components (scheduler, controllers, nodes) are added here
 * as they land; each is a client of the API and nothing else.
 */
export class Cluster {
  private constructor(
    readonly config: ClusterConfig,
    readonly dataDir: string | undefined,
    readonly clock: Clock,
    readonly store: Store,
    readonly resources: Resources,
    readonly client: Client,
    private readonly lock: DataDirLock | undefined
  ) {}

  /** The revision the store had when it was opened: the one it was closed at last time. */
  openedAtRevision = 0
  /** The revision the store had when it was closed (after stop()). */
  closedAtRevision?: number

  /** The HTTPS API, when the cluster was started with an apiPort. */
  apiServer?: ApiServer
  /** Undoes the API's acceptance of this cluster's service account tokens. */
  private removeTokenAuthenticator?: () => void
  /** Shared informers of the running components. */
  informers?: SharedInformerFactory
  /** The simulated data plane: container logs, processes, exec programs. */
  world!: ClusterWorld
  /** The network model's trace engine (PacketTrace, toolbox, traffic), over the shared informers. */
  network?: NetworkModel
  /** The resource metrics pipeline (metrics.k8s.io), from the container behaviour model. */
  metrics?: MetricsApi
  private components: Component[] = []
  /** Ends this cluster's use of the heap growth policy (heap-growth.ts). */
  private stopHeapGrowth?: () => void

  /** Opens (or creates) the cluster and starts it. A data dir in use by another process is refused. */
  static async start(options: ClusterOptions = {}): Promise<Cluster> {
    const { dataDir } = options
    const lock = dataDir ? lockDataDir(dataDir) : undefined
    try {
      const stored = dataDir ? readStoredConfig(dataDir) : undefined
      const config = stored ?? defaultClusterConfig(options.config)
      const problems = validateClusterConfig(config)
      if (problems.length) throw new Error(`invalid cluster config: ${problems.join('; ')}`)
      if (dataDir && !stored) writeStoredConfig(dataDir, config)

      const clock = createClock(clockOptions(options.clock))
      const store = await openStore({ dir: dataDir ? join(dataDir, 'store') : undefined, durable: options.durable, now: () => clock.now() })
      const openedAtRevision = store.revision
      const factories = options.components ?? defaultComponents
      // ServiceAccount admission runs where the controller making `default` accounts runs.
      const serviceAccountAdmission = factories.includes(serviceAccountsComponent)
      const resources = new Resources(new Registry(allDefinitions), writesHoldTheClock(store, clock), clock, { serviceCIDR: config.network.serviceCIDR, serviceAccountAdmission })
      const client = createClient(resources)
      const cluster = new Cluster(config, dataDir, clock, store, resources, client, lock)
      cluster.openedAtRevision = openedAtRevision
      cluster.world = createWorld(clock)
      await cluster.bootstrap()
      // The cluster CA exists before any component, as kubeadm's does: the root CA publisher hands it to every namespace.
      const pki = await loadOrCreatePki({ dir: dataDir ? join(dataDir, 'pki') : undefined, now: wallNow(), serviceClusterIP: firstServiceIP(config.network.serviceCIDR) })
      await cluster.startComponents(factories, options.logger ?? silentLogger, pki)
      // PacketTrace (kubelab.dev) is answered by the network model's trace engine, as an aggregated API would be.
      cluster.network = networkModel({ informers: cluster.informers!, world: cluster.world, config })
      resources.answerCreates('kubelab.dev', 'packettraces', packetTraceAnswerer(cluster.network.engine))
      if (options.apiPort !== undefined) {
        try {
          // Service account tokens: issued by serviceaccounts/token, accepted as bearer tokens by this cluster's API.
          const pkiDir = dataDir ? join(dataDir, 'pki') : undefined
          const saTokens = new ServiceAccountTokens(resources, clock, { key: readServiceAccountKey(pkiDir), createKey: () => loadOrCreateServiceAccountKey(pkiDir) })
          cluster.removeTokenAuthenticator = addTokenAuthenticator(pki.token, (token) => saTokens.authenticate(token))
          answerTokenReviews(resources, pki.token, saTokens)
          cluster.apiServer = await startApiServer({
            resources,
            clock,
            clusterName: config.name,
            dataDir,
            port: options.apiPort,
            pki,
            wallNow: wallNow(),
            serviceClusterIP: firstServiceIP(config.network.serviceCIDR),
            metrics: cluster.metrics,
            // pods/log, exec and attach reach the simulated kubelets through the world.
            nodeProxy: createNodeProxy(cluster.world, clock),
            // pods/proxy and services/proxy: requests from the control plane through the network model to the pods' servers.
            subresources: [...proxySubresources(controlPlaneDialer(cluster.network, cluster.world, () => clock.now())), tokenRequestSubresource(saTokens)]
          })
        } catch (e) {
          cluster.removeTokenAuthenticator?.()
          await store.close()
          throw e
        }
      }
      cluster.stopHeapGrowth = startHeapGrowth()
      return cluster
    } catch (e) {
      lock?.release()
      throw e
    }
  }

  /** Objects every cluster has from the start. Idempotent, so a restart changes nothing. */
  private async bootstrap(): Promise<void> {
    const apiServer = createClient(this.resources, { fieldManager: apiServerFieldManager })
    const namespaces = apiServer.resource({ group: '', version: 'v1', resource: 'namespaces' })
    for (const name of initialNamespaces) {
      if (this.store.get(`/registry/namespaces/${name}`)) continue
      try {
        await namespaces.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })
      } catch (e) {
        if (!isAlreadyExists(e)) throw e
      }
    }
    // The `kubernetes` Service (10.96.0.1) and its endpoints: how pods reach the API server.
    await ensureKubernetesService(apiServer, this.config)
    // The default RBAC roles and bindings, as the apiserver's rbac/bootstrap-roles post-start hook creates them.
    await ensureBootstrapPolicy(apiServer)
    await ensureSystemPriorityClasses(apiServer)
    await ensureAutoregisteredAPIServices(apiServer, this.resources.registry, this.clock)
    // API Priority and Fairness' bootstrap levels and schemas (stored and shown; Kubelab does not throttle by them).
    await ensureFlowControlBootstrap(apiServer, this.clock)
  }

  /** Starts the components, then the informers they registered, and waits for their caches. */
  private async startComponents(factories: readonly ComponentFactory[], logger: Logger, pki: Pki): Promise<void> {
    const informers = new SharedInformerFactory({ client: this.client, clock: this.clock, logger })
    this.informers = informers
    this.metrics = new ResourceMetrics({
      world: this.world,
      clock: this.clock,
      pods: () => informers.informerFor({ group: '', version: 'v1', resource: 'pods' }),
      nodes: () => informers.informerFor({ group: '', version: 'v1', resource: 'nodes' })
    })
    const ctx: ComponentContext = {
      client: this.client,
      clock: this.clock,
      informers,
      config: this.config,
      dataDir: this.dataDir,
      logger,
      events: (source) => createEventRecorder(this.client, this.clock, source, logger),
      world: this.world,
      metrics: this.metrics,
      rootCA: pki.caCert,
      clusterSigning: { cert: pki.caCert, key: pki.caKey }
    }
    for (const factory of factories) {
      // Each component writes as its program: its field manager names it in managedFields.
      const manager = fieldManagerOf(factory)
      const component = factory(manager ? { ...ctx, client: createClient(this.resources, { fieldManager: manager }) } : ctx)
      await component.start()
      this.components.push(component)
    }
    informers.start()
    await informers.waitForCacheSync()
  }

  /** Stops every component, flushes and compacts the store, and releases the data dir. */
  async stop(): Promise<void> {
    try {
      // Clients first (no new writes from outside), then the components, then the store.
      await this.apiServer?.close()
      this.removeTokenAuthenticator?.()
      for (const component of [...this.components].reverse()) await component.stop()
      this.informers?.stop()
      await this.store.close()
      this.closedAtRevision = this.store.revision
    } finally {
      this.stopHeapGrowth?.()
      this.clock.dispose()
      this.lock?.release()
    }
  }
}

function clockOptions(clock: ClusterOptions['clock']): Parameters<typeof createClock>[0] {
  if (typeof clock === 'number') return { mode: 'realtime', speed: clock }
  return { mode: clock ?? 'realtime' }
}
