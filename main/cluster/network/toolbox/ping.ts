import type { ExecCommand } from '../../world/types'
import { podRef, type ToolboxContext } from './toolbox-context'

const isIP = (s: string): boolean => /^\d+\.\d+\.\d+\.\d+$/.test(s)

/**
 * busybox ping: ICMP echo through the trace engine. kube-proxy forwards only
 * TCP and UDP ports, so a ClusterIP answers no ping (100% packet loss), as
 * on a real iptables-mode cluster; pods answer when the path is up.
 */
export function ping(tc: ToolboxContext): ExecCommand {
  return async (ctx) => {
    let count = 4
    let host: string | undefined
    const args = ctx.argv.slice(1)
    for (let i = 0; i < args.length; i++) {
      if (args[i] === '-c') count = Math.max(1, Number(args[++i]) || 1)
      else if (args[i] === '-W' || args[i] === '-w' || args[i] === '-i' || args[i] === '-s') i++
      else if (!args[i].startsWith('-')) host = args[i]
    }
    if (!host) {
      ctx.stderr('BusyBox v1.36.1 (2023-06-14 00:00:00 UTC) multi-call binary.\n\nUsage: ping [OPTIONS] HOST\n')
      return 1
    }
    let ip = host
    if (!isIP(host)) {
      const a = tc.dns.resolve(ctx.pod, host).answers.find((r) => r.type === 'A')
      if (!a) {
        ctx.stderr(`ping: bad address '${host}'\n`)
        return 1
      }
      ip = a.data
    }
    ctx.stdout(`PING ${host} (${ip}): 56 data bytes\n`)
    const engine = await tc.model.engine()
    const clusterIP = tc.model.index.serviceWithClusterIP(ip)
    const trace = clusterIP ? undefined : engine.trace({ source: { pod: podRef(ctx.pod) }, destination: { address: ip, port: 0 }, protocol: 'ICMP' }, { sourcePodIP: ctx.pod.status?.podIP })
    const received = trace?.verdict === 'Delivered' ? count : 0
    const crossed = trace?.hops.some((h) => h.action === 'encapsulate')
    const ttl = crossed ? 62 : 64
    const times: number[] = []
    for (let seq = 0; seq < received; seq++) {
      const ms = (crossed ? 0.35 : 0.06) + ((seq * 7) % 5) * 0.01
      times.push(ms)
      ctx.stdout(`64 bytes from ${ip}: seq=${seq} ttl=${ttl} time=${ms.toFixed(3)} ms\n`)
    }
    ctx.stdout(`\n--- ${host} ping statistics ---\n${count} packets transmitted, ${received} packets received, ${Math.round(((count - received) / count) * 100)}% packet loss\n`)
    if (received) {
      const avg = times.reduce((a, b) => a + b, 0) / times.length
      ctx.stdout(`round-trip min/avg/max = ${Math.min(...times).toFixed(3)}/${avg.toFixed(3)}/${Math.max(...times).toFixed(3)} ms\n`)
      return 0
    }
    return 1
  }
}
