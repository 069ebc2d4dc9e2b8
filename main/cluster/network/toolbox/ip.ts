import type { Pod } from 'kubernetes-types/core/v1'
import type { ExecCommand } from '../../world/types'
import { hostVeth, nodeDevices, podDevices, type NetDevice } from '../node-network/devices'
import { ipAddrText, ipRouteText } from '../node-network/iproute2'
import { nodeRoutes, podRoutes, type Route } from '../node-network/routes'
import type { ToolboxContext } from './toolbox-context'

/** The devices and routes of the pod's network namespace (the node's, for a host-network pod). */
function namespaceView(tc: ToolboxContext, pod: Pod): { devices: NetDevice[]; routes: Route[] } {
  const { index } = tc.model
  const nodeName = pod.spec?.nodeName ?? ''
  const node = index.facts(nodeName) ?? { name: nodeName }
  const hostDevices = nodeDevices(node, index.podsOnNode(nodeName), tc.nodeCIDR)
  if (pod.spec?.hostNetwork) return { devices: hostDevices, routes: nodeRoutes(node, index.allFacts(), tc.nodeCIDR) }
  const veth = hostVeth(hostDevices, pod)
  return { devices: podDevices(pod, node, veth?.index ?? 0), routes: pod.status?.podIP ? podRoutes(pod.status.podIP, node, tc.podCIDR) : [] }
}

const objects = ['address', 'addr', 'a', 'route', 'r', 'ro', 'link', 'l']

/** iproute2's `ip addr` and `ip route` (and `ip link`), as seen from inside the pod. */
export function ip(tc: ToolboxContext): ExecCommand {
  return (ctx) => {
    const args = ctx.argv.slice(1).filter((a) => !a.startsWith('-'))
    const object = args[0]
    if (!object || !objects.includes(object)) {
      ctx.stderr(object ? `Object "${object}" is unknown, try "ip help".\n` : 'Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\nwhere  OBJECT := { address | link | route }\n')
      return object ? 1 : 255
    }
    const view = namespaceView(tc, ctx.pod)
    if (object.startsWith('r')) {
      ctx.stdout(ipRouteText(view.routes))
      return 0
    }
    const devices = object.startsWith('l') ? view.devices.map((d) => ({ ...d, addresses: [] })) : view.devices
    ctx.stdout(ipAddrText(devices))
    return 0
  }
}
