import type { IncomingMessage } from 'node:http'
import { join } from 'node:path'
import type { Clock } from '../clock/types'
import type { Resources } from '../registry/resources'
import type { Requester } from '../registry/types'
import { ApiHandler, type SubresourceHandler } from './api-handler'
import type { MetricsApi } from './metrics-api'
import { badRequest } from '../apimachinery/errors'
import { registerDecoder } from './body'
import { loadOrCreatePki, type Pki } from './pki'
import { buildKubeconfig, writeKubeconfig, type Kubeconfig } from './kubeconfig'
import { startTlsServer } from './tls-server'
import { decodeKubernetesProtobuf, KUBERNETES_PROTOBUF } from './protobuf/decode'
import type { NodeProxy } from './node-proxy'
import { logSubresource } from './handlers/log'
import { execStream, execSubresource, upgradeOnlySubresource } from './handlers/exec'
import { attachStream, attachSubresource } from './handlers/attach'
import { UpgradeRouter, refuseUpgrade } from './streaming/upgrade'
import { portForwardSubresource } from './streaming/port-forward'
import { answerSelfReviews, authorizeRequest, forbiddenError } from './authorization'
import { answerSubjectAccessReviews } from './subject-access-reviews'
import { Authorizer } from './rbac/authorizer'
import { storedRBACObjects } from './rbac/stored-objects'
import { writeError } from './respond'
import { answerComponentStatuses } from './component-statuses'
import { effectiveRequester, impersonationChecks } from './impersonation'
import type { User } from './authn'

export interface ApiServerOptions {
  resources: Resources
  clock: Clock
  clusterName: string
  /** Where pki/ and kubeconfig live; undefined keeps them in memory. */
  dataDir?: string
  /** 0 picks a free port. */
  port: number
  /** Wall-clock ms, for certificate validity (clients check certificates against real time). */
  wallNow: number
  /** First address of the service range: the `kubernetes` Service's ClusterIP, named in the serving certificate. */
  serviceClusterIP?: string
  subresources?: SubresourceHandler[]
  /** The cluster's PKI when the cluster already loaded it; otherwise loaded (or created) here. */
  pki?: Pki
  /** The nodes' streaming API (pods/log, pods/exec, pods/attach); those subresources are served when given. */
  nodeProxy?: NodeProxy
  /** The resource metrics pipeline behind metrics.k8s.io (the simulated nodes provide it). */
  metrics?: MetricsApi
}

/** A running API server. */
export interface ApiServer {
  /** `https://127.0.0.1:<port>` */
  url: string
  port: number
  /** Path of the written kubeconfig, when the cluster has a data dir. */
  kubeconfigPath?: string
  /** The kubeconfig itself (always available, also for in-memory clusters). */
  kubeconfig: Kubeconfig
  pki: Pki
  close(): Promise<void>
}

/**
 * The HTTPS API on 127.0.0.1: the cluster CA and certificates, client
 * authentication, the API handler, and the kubeconfig that points kubectl at it.
 */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  // kubectl 1.32 sends protobuf bodies for `kubectl create <generator>` and `autoscale`; answers stay JSON.
  registerDecoder(KUBERNETES_PROTOBUF, (body) => {
    try {
      return decodeKubernetesProtobuf(body).object
    } catch (e) {
      throw badRequest(`Object cannot be decoded: ${(e as Error).message}`)
    }
  })
  const authorizer = new Authorizer(storedRBACObjects(options.resources))
  answerSelfReviews(options.resources, authorizer)
  answerSubjectAccessReviews(options.resources, authorizer)
  answerComponentStatuses(options.resources)
  const pki = options.pki ?? await loadOrCreatePki({ dir: options.dataDir ? join(options.dataDir, 'pki') : undefined, now: options.wallNow, serviceClusterIP: options.serviceClusterIP })
  let address = '127.0.0.1:0'
  const handler = new ApiHandler({
    resources: options.resources,
    clock: options.clock,
    serverAddress: () => address,
    subresources: [...(options.subresources ?? []), ...(options.nodeProxy ? [logSubresource(options.nodeProxy), execSubresource, attachSubresource, upgradeOnlySubresource('portforward', 'PodPortForwardOptions')] : [])],
    metrics: options.metrics
  })
  const nodes = options.nodeProxy
  const upgrades = new UpgradeRouter(options.resources, nodes ? [execStream(nodes), attachStream(nodes), portForwardSubresource(nodes, options.resources)] : [])
  // Every request, upgraded or not, acts as its (possibly impersonated) user and is authorized before it is served:
  // an exec, attach or port-forward upgrade is a GET (verb get) over WebSocket and a POST (verb create) over SPDY.
  const authorize = (req: IncomingMessage, user: User) => {
    const caller: Requester = { username: user.name, groups: user.groups, ...(user.uid ? { uid: user.uid } : {}), ...(user.extra ? { extra: user.extra } : {}) }
    // Impersonation first, as the caller: `impersonate` on the user (or service account) and each group.
    for (const attrs of impersonationChecks(req)) {
      const decision = authorizer.authorize(caller, attrs)
      if (!decision.allowed) return { requester: caller, denied: forbiddenError(caller, attrs, decision.reason) }
    }
    const requester = effectiveRequester(req, caller)
    return { requester, denied: authorizeRequest(authorizer, req, requester) }
  }
  const tls = await startTlsServer({
    pki,
    port: options.port,
    host: '127.0.0.1',
    handler: (req, res, user) => {
      const { requester, denied } = authorize(req, user)
      if (denied) return writeError(res, denied)
      handler.handle(req, res, requester)
    },
    onUpgrade: (req, socket, head, user) => {
      const { denied } = authorize(req, user)
      if (denied) return refuseUpgrade(socket, denied)
      upgrades.handle(req, socket, head)
    }
  })
  address = `127.0.0.1:${tls.port}`
  const kubeconfigOptions = { clusterName: options.clusterName, port: tls.port, pki }
  const kubeconfigPath = options.dataDir ? writeKubeconfig(options.dataDir, kubeconfigOptions) : undefined
  return {
    url: tls.url,
    port: tls.port,
    kubeconfigPath,
    kubeconfig: buildKubeconfig(kubeconfigOptions),
    pki,
    close: async () => {
      handler.close()
      upgrades.close()
      await tls.close()
    }
  }
}
