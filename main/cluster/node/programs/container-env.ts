import type { Container, Pod } from 'kubernetes-types/core/v1'

/**
 * The environment of a container's processes, as the kubelet builds it: PATH
 * and HOSTNAME from the runtime, the `kubernetes` Service's variables (every
 * pod with enableServiceLinks gets them), then the container's own `env`
 * values (valueFrom references are not resolved here).
 */
export function containerEnv(pod: Pod, container: string, apiServer?: { host: string; port: number }): Record<string, string> {
  const spec: Container | undefined = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find((c) => c.name === container)
  const env: Record<string, string> = {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    HOSTNAME: pod.spec?.hostname ?? pod.metadata?.name ?? ''
  }
  if (apiServer) {
    const { host, port } = apiServer
    Object.assign(env, {
      KUBERNETES_SERVICE_HOST: host,
      KUBERNETES_SERVICE_PORT: String(port),
      KUBERNETES_SERVICE_PORT_HTTPS: String(port),
      KUBERNETES_PORT: `tcp://${host}:${port}`,
      [`KUBERNETES_PORT_${port}_TCP`]: `tcp://${host}:${port}`,
      [`KUBERNETES_PORT_${port}_TCP_PROTO`]: 'tcp',
      [`KUBERNETES_PORT_${port}_TCP_PORT`]: String(port),
      [`KUBERNETES_PORT_${port}_TCP_ADDR`]: host
    })
  }
  for (const e of spec?.env ?? []) if (e.value !== undefined || !e.valueFrom) env[e.name] = expandRefs(e.value ?? '', env)
  env.HOME = env.HOME ?? '/root'
  return env
}

/** `$(VAR)` references to earlier variables, as Kubernetes expands them in env values; `$$(VAR)` escapes. */
function expandRefs(value: string, env: Record<string, string>): string {
  return value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (whole, name: string | undefined) => {
    if (!name) return '$'
    return name in env ? env[name] : whole
  })
}
