import type { Pod } from 'kubernetes-types/core/v1'
import { imageRoot } from '../../node/programs/file-system'
import { podHostname } from '../../node/programs/pod-hostname'
import type { ExecCommand } from '../../world/types'
import type { ToolboxContext } from './toolbox-context'

/** The kubelet-managed /etc/hosts of a pod (a host-network pod sees the node's). */
function hostsFile(pod: Pod): string {
  const lines = [
    '# Kubernetes-managed hosts file.',
    '127.0.0.1\tlocalhost',
    '::1\tlocalhost ip6-localhost ip6-loopback',
    'fe00::0\tip6-localnet',
    'fe00::0\tip6-mcastprefix',
    'fe00::1\tip6-allnodes',
    'fe00::2\tip6-allrouters'
  ]
  const hostname = podHostname(pod)
  const fqdn = pod.spec?.subdomain ? `${hostname}.${pod.spec.subdomain}.${pod.metadata?.namespace}.svc.cluster.local\t` : ''
  if (pod.status?.podIP) lines.push(`${pod.status.podIP}\t${fqdn}${hostname}`)
  for (const alias of pod.spec?.hostAliases ?? []) {
    lines.push('', '# Entries added by HostAliases.', `${alias.ip}\t${(alias.hostnames ?? []).join('\t')}`)
  }
  return lines.join('\n') + '\n'
}

/** cat: the files the kubelet writes for the pod's network (/etc/resolv.conf, /etc/hosts, /etc/hostname), then the container's own (its layer and volumes); `-` or no file: standard input. */
export function cat(tc: ToolboxContext): ExecCommand {
  return async (ctx) => {
    const files = ctx.argv.slice(1).filter((a) => !a.startsWith('-') || a === '-')
    let code = 0
    for (const file of files.length ? files : ['-']) {
      if (file === '-') for await (const chunk of ctx.stdin ?? []) ctx.stdout(chunk)
      else if (file === '/etc/resolv.conf') ctx.stdout(tc.dns.resolvConfText(ctx.pod))
      else if (file === '/etc/hosts') ctx.stdout(hostsFile(ctx.pod))
      else if (file === '/etc/hostname') ctx.stdout(`${podHostname(ctx.pod)}\n`)
      else if ((ctx.files ?? imageRoot).list(file)) {
        ctx.stderr(`cat: read error: Is a directory\n`)
        code = 1
      } else {
        const content = (ctx.files ?? imageRoot).read(file)
        if (content !== undefined) ctx.stdout(content)
        else {
          ctx.stderr(`cat: can't open '${file}': No such file or directory\n`)
          code = 1
        }
      }
    }
    return code
  }
}
