import type { Service } from 'kubernetes-types/core/v1'

/**
 * The Service variables the kubelet gives every container (pkg/kubelet/envvars):
 * for each Service with a ClusterIP, `<NAME>_SERVICE_HOST`, `<NAME>_SERVICE_PORT`
 * (the first port), `<NAME>_SERVICE_PORT_<PORTNAME>` for named ports, and
 * Docker's link variables `<NAME>_PORT`, `<NAME>_PORT_<port>_<PROTO>`, with
 * `_PROTO`, `_PORT` and `_ADDR`.
 */
export function serviceEnv(services: readonly Service[]): Record<string, string> {
  const env: Record<string, string> = {}
  for (const svc of services) {
    const ip = svc.spec?.clusterIP
    const ports = svc.spec?.ports ?? []
    if (!ip || ip === 'None' || !ports.length) continue
    const prefix = envName(svc.metadata?.name ?? '')
    env[`${prefix}_SERVICE_HOST`] = ip
    env[`${prefix}_SERVICE_PORT`] = String(ports[0].port)
    for (const p of ports) if (p.name) env[`${prefix}_SERVICE_PORT_${envName(p.name)}`] = String(p.port)
    ports.forEach((p, i) => {
      const protocol = (p.protocol ?? 'TCP').toLowerCase()
      const url = `${protocol}://${ip.includes(':') ? `[${ip}]` : ip}:${p.port}`
      if (i === 0) env[`${prefix}_PORT`] = url
      const portPrefix = `${prefix}_PORT_${p.port}_${protocol.toUpperCase()}`
      env[portPrefix] = url
      env[`${portPrefix}_PROTO`] = protocol
      env[`${portPrefix}_PORT`] = String(p.port)
      env[`${portPrefix}_ADDR`] = ip
    })
  }
  return env
}

/** `redis-master` -> `REDIS_MASTER`. */
function envName(name: string): string {
  return name.toUpperCase().replace(/-/g, '_')
}

/**
 * Which Services a pod's containers see: the `kubernetes` Service of the
 * default namespace always; the others of the pod's namespace unless the pod
 * sets enableServiceLinks: false (kubelet getServiceEnvVarMap).
 */
export function linkedServices(all: readonly Service[], namespace: string, enableServiceLinks: boolean): Service[] {
  const byName = new Map<string, Service>()
  for (const svc of all) {
    const name = svc.metadata?.name ?? ''
    const ns = svc.metadata?.namespace ?? ''
    if (ns === 'default' && name === 'kubernetes') {
      if (!byName.has(name)) byName.set(name, svc)
    } else if (ns === namespace && enableServiceLinks) {
      byName.set(name, svc)
    }
  }
  return [...byName.values()]
}
