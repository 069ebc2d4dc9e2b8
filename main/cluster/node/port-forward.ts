import { duplexPair, type Duplex } from 'node:stream'
import type { Pod } from 'kubernetes-types/core/v1'
import { NodeStreamRefused, type PortForwardTarget } from '../apiserver/node-proxy'
import type { Clock } from '../clock/types'
import { deliverHttp } from '../network/toolbox/http-request'
import type { ClusterWorld } from '../world'
import { sha256Hex, uuidFrom } from './kubelet/ids'
import { worldUID } from './node-proxy-logs'
import { servePodConnection } from './port-forward-servers'

/**
 * Port forwarding as the kubelet and containerd do it: the kubelet's
 * streaming server hands each forwarded connection to the runtime, which
 * dials localhost:<port> inside the pod's network namespace and copies bytes
 * both ways. The errors are theirs, word for word: containerd's dial
 * failure (`IPv4: dial tcp4 127.0.0.1:8080: connect: connection refused`),
 * a sandbox whose namespace closed or that is gone, each wrapped by the
 * kubelet's `error forwarding port P to pod <sandbox ID>, uid : ...` (the
 * streaming server names the pod by its sandbox and leaves the uid empty).
 */

/**
 * The pod's sandbox ID: the kubelet's first sandbox for the pod (kubelet
 * stage-logic derives it from the pod's uid and the sandbox count; a pod
 * that got a new sandbox after a node power cycle is named by its first).
 */
export function sandboxIDOf(pod: Pod): string {
  return sha256Hex('sandbox', pod.metadata?.uid ?? '', '1')
}

/** Where containerd's CNI set-up put the sandbox's network namespace; `host` for hostNetwork pods. */
function netnsPath(pod: Pod, sandbox: string): string {
  return pod.spec?.hostNetwork ? 'host' : `/var/run/netns/cni-${uuidFrom('netns', sandbox)}`
}

const runningContainers = (pod: Pod): number => (pod.status?.containerStatuses ?? []).filter((c) => c.state?.running).length

/**
 * Opens the session. The kubelet looks the pod up among the runtime's
 * running pods (GetPods(false)): a pod with nothing running is not found
 * there, and its streaming server answers the upgrade with that error.
 */
export function openPortForward(world: ClusterWorld, clock: Clock, pod: Pod): PortForwardTarget {
  if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed' || !runningContainers(pod)) {
    throw new NodeStreamRefused(`pod not found (${JSON.stringify(`${pod.metadata?.name ?? ''}_${pod.metadata?.namespace ?? ''}`)})`)
  }
  const sandbox = sandboxIDOf(pod)
  const uid = worldUID(pod)
  const ref = { namespace: pod.metadata?.namespace ?? '', name: pod.metadata?.name ?? '', uid }
  let ephemeralPort = 40_000
  return {
    forward(port, stream, current) {
      const failed = (detail: string): Promise<void> => Promise.reject(new Error(`error forwarding port ${port} to pod ${sandbox}, uid : ${detail}`))
      if (!current || current.metadata?.uid !== pod.metadata?.uid) return failed(`failed to find sandbox ${JSON.stringify(sandbox)} in store: not found`)
      if (!runningContainers(current)) return failed(`network namespace for sandbox ${JSON.stringify(sandbox)} is closed`)
      const listener = world.processes.listeningPorts(ref).find((l) => l.port === port && l.protocol === 'TCP')
      if (!listener) {
        return failed(
          `failed to execute portforward in network namespace ${JSON.stringify(netnsPath(pod, sandbox))}: failed to connect to localhost:${port} inside namespace ${JSON.stringify(sandbox)}, ` +
            `IPv4: dial tcp4 127.0.0.1:${port}: connect: connection refused IPv6 dial tcp6: address localhost: no suitable address found `
        )
      }
      const from = `127.0.0.1:${(ephemeralPort = ephemeralPort >= 60_999 ? 40_000 : ephemeralPort + 1)}`
      const [runtimeEnd, podEnd] = duplexPair()
      servePodConnection(podEnd, { pod: current, container: listener.container, remote: from, deliver: (req) => deliverHttp(world, current, port, req, clock.now()) })
      return splice(stream, runtimeEnd)
    }
  }
}

/** Copies both ways until either side is done (containerd's portForward), half-closing the other. */
function splice(client: Duplex, pod: Duplex): Promise<void> {
  return new Promise((resolve) => {
    let done = false
    const finish = (): void => {
      if (done) return
      done = true
      client.unpipe(pod)
      pod.destroy()
      resolve()
    }
    client.pipe(pod)
    pod.pipe(client, { end: false })
    pod.on('end', finish)
    pod.on('close', finish)
    pod.on('error', finish)
    client.on('close', finish)
    client.on('error', finish)
  })
}
