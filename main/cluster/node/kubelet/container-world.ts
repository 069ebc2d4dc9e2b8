import type { Pod } from 'kubernetes-types/core/v1'
import type { Clock } from '../../clock/types'
import type { ClusterWorld } from '../../world'
import type { ContainerRef } from '../../world/types'
import { ContainerConfigError, containerEnv, environmentVariables, ExecutableNotFound, KillSwitch, listeningPorts, mainProcess, runProgram, type ContainerEnvironment, type EnvSources } from '../programs'
import { ProcessConsole } from './container-console'
import { serverPorts, usageModel } from '../behaviour'
import type { PodRuntime } from './runtime-state'
import { containerSpec } from '../pod-containers'

/**
 * What a node's containers do in the simulated world: when an instance
 * starts, its main process writes its start-up output to the container log
 * (the previous instance's log is kept for `kubectl logs --previous`) and
 * its server's ports open; when it stops, the process is killed and the
 * ports close; when the pod is gone, its logs go too. The kubelet calls
 * sync() whenever a pod's runtime changed, and this works out which
 * instances started or stopped since it last looked.
 */

/**
 * Cluster seconds a run-to-completion container (restartPolicy Never or
 * OnFailure) spends in a program Kubelab cannot run (`perl -Mbignum=bpi ...`)
 * before it exits 0, as a batch program that did its work would.
 */
export const simulatedRunSeconds = 5

interface Instance {
  /** The container's name. */
  name: string
  /** Instances of the container seen so far. */
  instances: number
  running: boolean
  kill?: KillSwitch
}

export class ContainerWorld {
  /** What was seen of each pod's containers (a short list: a pod has a container or two). */
  private readonly pods = new Map<string, Instance[]>()

  constructor(
    private readonly world: ClusterWorld,
    private readonly clock: Clock,
    /** What a pod's containers build their environment from (worker key). */
    private readonly envSources: (key: string) => EnvSources,
    /** A main process ended by itself (not killed): the runtime reports the container's exit. */
    private readonly onExit?: (key: string, container: string, exitCode: number) => void
  ) {}

  /** The pod's runtime changed: start the instances that started, stop those that stopped. `key` is the worker key (uid, or a static pod's hash). */
  sync(key: string, pod: Pod, rt: PodRuntime): void {
    let known = this.pods.get(key) ?? []
    for (const list of [rt.init, rt.containers, rt.ephemeral]) {
      for (const c of list) {
        let seen = known.find((x) => x.name === c.name)
        if (!seen) {
          // A list made to size (concat: one grown by push or spread keeps room for 16).
          known = known.concat((seen = { name: c.name, instances: 0, running: false }))
          this.pods.set(key, known)
        }
        const starts = c.instances > seen.instances
        if (!starts && !(seen.running && c.state !== 'running')) continue
        const ref: ContainerRef = { namespace: pod.metadata?.namespace ?? '', pod: pod.metadata?.name ?? '', uid: key, container: c.name }
        if (starts) {
          // The instance before ended unseen: the runtime already closed its ports (the new one's are open).
          if (seen.running) this.stop(key, ref, seen, false)
          if (seen.instances > 0) this.world.logs.rotate(ref)
          seen.instances = c.instances
          this.start(pod, ref, seen, c.startedAt ?? this.clock.now())
        }
        if (seen.running && c.state !== 'running') this.stop(key, ref, seen)
      }
    }
  }

  /** The node lost power: every process of the pod dies, its ports close (logs stay, as files on disk do). */
  halt(key: string): void {
    for (const seen of this.pods.get(key) ?? []) {
      if (seen.running) this.stop(key, { namespace: '', pod: '', uid: key, container: seen.name }, seen)
    }
  }

  /** The pod is gone: its processes, ports and logs. */
  forget(key: string): void {
    this.halt(key)
    this.pods.delete(key)
    this.world.processes.forget(key)
    this.world.logs.forget(key)
    this.world.files.podRemoved(key)
  }

  private start(pod: Pod, ref: ContainerRef, seen: Instance, startedAt: number): void {
    const spec = containerSpec(pod, ref.container)
    if (!spec) return
    seen.running = true
    // A new container: its writable layer starts from the image again.
    this.world.files.containerCreated(ref.uid, ref.container)
    this.world.logs.opened(ref)
    const env = this.environment(pod, ref)
    this.world.processes.started(ref.uid, ref.container, listeningPorts(spec), env)
    // A container adopted across a kubelet restart ran no start stage here: its behaviour (use, health ports) comes back.
    if (!this.world.processes.runs(ref.uid, ref.container)) {
      const app = (pod.spec?.containers ?? []).some((x) => x.name === ref.container)
      this.world.processes.run(ref.uid, ref.container, usageModel(pod, spec, app, startedAt))
      this.world.processes.serves(ref.uid, ref.container, serverPorts(spec))
    }
    const main = mainProcess(spec, startedAt, env.hostname)
    if (main.kind === 'lines') {
      this.world.logs.writeLines(ref, main.lines)
    } else if (main.kind === 'argv') {
      seen.kill = new KillSwitch()
      const console = spec.stdin ? new ProcessConsole(spec.tty === true) : undefined
      if (console) this.world.logs.openConsole(ref, console)
      this.run(pod, ref, main.argv, seen.kill, env, console)
    }
  }

  private stop(key: string, ref: ContainerRef, seen: Instance, closePorts = true): void {
    seen.running = false
    seen.kill?.kill()
    seen.kill = undefined
    if (closePorts) this.world.processes.stopped(key, ref.container)
    this.world.logs.closed(ref)
  }

  /** Runs a container's command line, its output going to the container log line by line. */
  /** The environment fixed at the container's creation (the kubelet checked it could be built before creating the container). */
  private environment(pod: Pod, ref: ContainerRef): ContainerEnvironment {
    try {
      return containerEnv(pod, ref.container, this.envSources(ref.uid))
    } catch (e) {
      if (!(e instanceof ContainerConfigError)) throw e
      // A ConfigMap deleted between the check and the start: what could be resolved.
      return containerEnv(pod, ref.container)
    }
  }

  private run(pod: Pod, ref: ContainerRef, argv: string[], kill: KillSwitch, env: ContainerEnvironment, console?: ProcessConsole): void {
    const tty = console?.tty === true
    const stdout = this.stream(ref, 'stdout', console)
    const stderr = this.stream(ref, tty ? 'stdout' : 'stderr', console)
    const done = (): void => {
      stdout.flush()
      stderr.flush()
      console?.end()
    }
    runProgram(this.world.commands, {
      pod: this.asItsProcessesSee(pod, ref.uid),
      container: ref.container,
      argv,
      stdout: (text) => (kill.killed ? undefined : stdout.write(text)),
      stderr: (text) => (kill.killed ? undefined : stderr.write(text)),
      stdin: console?.stdin,
      tty,
      clock: this.clock,
      env: environmentVariables(env),
      files: this.world.files.of(pod, ref.container),
      background: true,
      kill
    }).then(
      (exitCode) => {
        done()
        if (!kill.killed) this.onExit?.(ref.uid, ref.container, exitCode)
      },
      (e: unknown) => {
        done()
        if (e instanceof ExecutableNotFound && (pod.spec?.restartPolicy ?? 'Always') !== 'Always') this.simulateRun(ref, kill)
      }
    )
  }

  /**
   * The pod as its processes see it: in the sandbox's network, whose IP the
   * API shows only after the kubelet's next status write. (A first command
   * such as `wget http://web` sends from that IP at once.)
   */
  private asItsProcessesSee(pod: Pod, key: string): Pod {
    if (pod.status?.podIP) return pod
    const { podIPs, hostIPs } = this.envSources(key).addresses(pod)
    if (!podIPs.length) return pod
    const ips = (list: readonly string[]) => list.map((ip) => ({ ip }))
    return { ...pod, status: { ...pod.status, podIP: podIPs[0], podIPs: ips(podIPs), ...(hostIPs.length ? { hostIP: hostIPs[0], hostIPs: ips(hostIPs) } : {}) } }
  }

  /**
   * A batch container's program that Kubelab cannot run: it works for
   * simulatedRunSeconds of cluster time and exits 0. (A server's, under
   * restartPolicy Always, keeps running silently.)
   */
  private simulateRun(ref: ContainerRef, kill: KillSwitch): void {
    if (kill.killed) return
    const timer = this.clock.setTimeout(
      () => {
        if (!kill.killed) this.onExit?.(ref.uid, ref.container, 0)
      },
      simulatedRunSeconds * 1000,
      { background: true }
    )
    kill.onKill(() => timer.cancel())
  }

  /** One output stream of a main process: to the log line by line, and as written to its console (a terminal's line ends are CR LF). */
  private stream(ref: ContainerRef, stream: 'stdout' | 'stderr', console?: ProcessConsole): { write(text: string): void; flush(): void } {
    const log = lineWriter((text) => this.world.logs.write(ref, text, stream))
    return {
      write(text) {
        const written = console?.tty ? text.replace(/\r?\n/g, '\r\n') : text
        console?.output(written, stream)
        log.write(written)
      },
      flush: () => log.flush()
    }
  }

}

/** Splits a stream of text into lines, as the runtime's log driver does. */
function lineWriter(writeLine: (text: string) => void): { write(text: string): void; flush(): void } {
  let partial = ''
  return {
    write(text) {
      const parts = (partial + text).split('\n')
      partial = parts.pop() ?? ''
      for (const line of parts) writeLine(line)
    },
    flush() {
      if (partial) writeLine(partial)
      partial = ''
    }
  }
}
