import { isAlreadyExists } from '../../apimachinery/errors'
import type { GroupVersionResource, KubeObject } from '../../apimachinery/types'
import type { Component, ComponentContext, ComponentFactory } from '../../component'
import { corednsConfigMap, corednsDeployment, corednsServiceAccount, kubeDnsService } from './coredns'
import { kubeProxyConfigMap, kubeProxyDaemonSet, kubeProxyServiceAccount } from './kube-proxy'

const core = (resource: string): GroupVersionResource => ({ group: '', version: 'v1', resource })
const apps = (resource: string): GroupVersionResource => ({ group: 'apps', version: 'v1', resource })

/** The addon objects, in the order kubeadm applies them. */
function addonObjects(ctx: ComponentContext): Array<[GroupVersionResource, unknown]> {
  return [
    [core('serviceaccounts'), corednsServiceAccount()],
    [core('configmaps'), corednsConfigMap()],
    [apps('deployments'), corednsDeployment()],
    [core('services'), kubeDnsService()],
    [core('serviceaccounts'), kubeProxyServiceAccount()],
    [core('configmaps'), kubeProxyConfigMap(ctx.config)],
    [apps('daemonsets'), kubeProxyDaemonSet()]
  ]
}

/**
 * kubeadm's essential addons, CoreDNS and kube-proxy, created in kube-system
 * when missing, as `kubeadm init` leaves a kind cluster. What exists is left
 * alone, so an addon a user scaled or edited keeps the change across
 * restarts; one deleted comes back at the next start.
 */
class AddonsComponent implements Component {
  readonly name = 'kubeadm-addons'

  constructor(private readonly ctx: ComponentContext) {}

  async start(): Promise<void> {
    for (const [gvr, object] of addonObjects(this.ctx)) {
      const obj = object as KubeObject
      try {
        await this.ctx.client.resource(gvr).create(obj)
      } catch (e) {
        if (isAlreadyExists(e)) continue
        // A broken addon must not keep the cluster from starting.
        this.ctx.logger.error(`addons: creating ${gvr.resource} kube-system/${obj.metadata.name} failed: ${e instanceof Error ? e.message : String(e)}`)
      }
    }
  }

  async stop(): Promise<void> {}
}

/** Creates kube-proxy and CoreDNS in kube-system when missing. */
export const addonsComponent: ComponentFactory = (ctx) => new AddonsComponent(ctx)
