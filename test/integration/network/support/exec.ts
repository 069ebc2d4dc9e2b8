import type { Pod } from 'kubernetes-types/core/v1'
import type { Cluster } from '../../../../main/cluster/cluster'

/** Runs one of the world's programs in the pod's first container, as `kubectl exec` would, and collects its output. */
export async function exec(cluster: Cluster, pod: Pod, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const program = cluster.world.commands.lookup(argv[0])
  if (!program) throw new Error(`no program ${argv[0]}`)
  const code = await program({ pod, container: pod.spec!.containers[0].name, argv, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) })
  return { code, stdout, stderr }
}
