import type { Component, ComponentFactory } from '../../component'
import { networkModel } from '../trace/network-model'
import { cat } from './cat'
import { curl } from './curl'
import { ip } from './ip'
import { iptablesSave } from './iptables-save'
import { nslookup } from './nslookup'
import { ping } from './ping'
import type { ToolboxContext } from './toolbox-context'
import { wget } from './wget'

/**
 * The network toolbox containers have for `kubectl exec`: curl, wget,
 * nslookup, ping, ip, cat (of /etc/resolv.conf, /etc/hosts, /etc/hostname)
 * and, in kube-proxy's pods, iptables-save. Each runs in the pod's network
 * namespace through the trace engine, so what it shows is what a PacketTrace
 * would explain. Registered once, in the world's exec table.
 */
export const networkToolboxComponent: ComponentFactory = (ctx) => {
  const model = networkModel(ctx)
  const tc: ToolboxContext = {
    model,
    dns: ctx.world.dns,
    proxyRules: ctx.world.proxyRules,
    processes: ctx.world.processes,
    logs: ctx.world.logs,
    files: ctx.world.files,
    podCIDR: ctx.config.network.podCIDR,
    nodeCIDR: ctx.config.network.nodeCIDR,
    now: () => ctx.clock.now()
  }
  const programs = { curl: curl(tc), wget: wget(tc), nslookup: nslookup(tc), ping: ping(tc), ip: ip(tc), cat: cat(tc), 'iptables-save': iptablesSave(tc) }
  const component: Component = {
    name: 'network-toolbox',
    async start() {
      for (const [name, program] of Object.entries(programs)) if (!ctx.world.commands.lookup(name)) ctx.world.commands.register(name, program)
    },
    async stop() {
      model.stop()
    }
  }
  return component
}
