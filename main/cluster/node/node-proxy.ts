import type { Pod } from 'kubernetes-types/core/v1'
import type { Clock } from '../clock/types'
import { NodeStreamRefused, type NodeProxy, type StreamIO, type StreamOutcome } from '../apiserver/node-proxy'
import type { ClusterWorld } from '../world'
import type { ContainerConsole } from '../world/container-logs'
import { sha256Hex } from './kubelet/ids'
import { containerStatus, containerRef, readContainerLog, worldUID } from './node-proxy-logs'
import { openPortForward } from './port-forward'
import { containerEnv, environmentVariables, ExecutableNotFound, KillSwitch, runProgram } from './programs'
import { containerSpec } from './pod-containers'

/**
 * The simulated kubelets' streaming API, as kube-apiserver reaches it:
 * container logs from the world's log files, exec of the world's programs in
 * a running container, attach to a running container's output.
 */
export function createNodeProxy(world: ClusterWorld, clock: Clock): NodeProxy {
  let execs = 0
  return {
    containerLogs: (pod, container, options) => readContainerLog(world.logs, pod, container, options),

    async exec(pod, container, command, io) {
      requireRunning(pod, container)
      const kill = new KillSwitch()
      io.onClose(() => kill.kill())
      const stderr = io.tty ? io.stdout : io.stderr
      try {
        const exitCode = await runProgram(world.commands, {
          pod,
          container,
          argv: command,
          stdout: (text) => io.stdout?.(io.tty ? text.replace(/\r?\n/g, '\r\n') : text),
          stderr: (text) => stderr?.(io.tty ? text.replace(/\r?\n/g, '\r\n') : text),
          stdin: io.stdin,
          tty: io.tty,
          clock,
          env: environmentVariables(world.processes.environment(worldUID(pod), container) ?? containerEnv(pod, container)),
          files: world.files.of(pod, container),
          kill
        })
        return { exitCode }
      } catch (e) {
        if (!(e instanceof ExecutableNotFound)) throw e
        // What containerd answers when runc cannot start the process; the kubelet wraps it.
        const execID = sha256Hex('exec', pod.metadata?.uid ?? '', container, String(++execs))
        return { error: `error executing command in container: failed to exec in container: failed to start exec ${JSON.stringify(execID)}: OCI runtime exec failed: exec failed: unable to start container process: ${e.message}: unknown` }
      }
    },

    portForward: (pod) => openPortForward(world, clock, pod),

    attach(pod, container, io) {
      requireRunning(pod, container)
      const ref = containerRef(pod, container)
      const console = world.logs.consoleOf(ref)
      if (console) return attachConsole(world, pod, container, console, io)
      return new Promise<StreamOutcome>((resolve) => {
        if (!world.logs.isOpen(ref)) return resolve({ exitCode: 0 })
        const stop = world.logs.follow(
          ref,
          (line) => {
            const write = line.stream === 'stderr' && !io.tty ? io.stderr : io.stdout
            write?.(`${line.text}${io.tty ? '\r\n' : '\n'}`)
          },
          () => done()
        )
        io.onClose(() => done())
        function done(): void {
          stop()
          resolve({ exitCode: 0 })
        }
      })
    }
  }
}

/** Exec and attach need the container running: the kubelet's findContainer fails otherwise. */
function requireRunning(pod: Pod, container: string): void {
  if (!containerStatus(pod, container)?.state?.running) throw new NodeStreamRefused(`container not found (${JSON.stringify(container)})`)
}

/**
 * Attach to a container with a console (`stdin: true`): its output as it is
 * written, and the client's keys into its main process, until the container
 * stops or the client leaves (which ends the process's input with stdinOnce).
 */
function attachConsole(world: ClusterWorld, pod: Pod, container: string, console: ContainerConsole, io: StreamIO): Promise<StreamOutcome> {
  const ref = containerRef(pod, container)
  const stdinOnce = containerSpec(pod, container)?.stdinOnce === true
  return new Promise<StreamOutcome>((resolve) => {
    const stops: (() => void)[] = []
    let finished = false
    const done = (): void => {
      if (finished) return
      finished = true
      for (const stop of stops) stop()
      resolve({ exitCode: 0 })
    }
    stops.push(console.onOutput((text, stream) => (stream === 'stderr' && !io.tty ? io.stderr : io.stdout)?.(text)))
    stops.push(world.logs.follow(ref, () => {}, done))
    stops.push(console.onEnd(done))
    // The process may have ended already: then nothing stays subscribed.
    if (finished) for (const stop of stops) stop()
    io.onClose(done)
    if (io.stdin) {
      const stdin = io.stdin
      void (async () => {
        for await (const chunk of stdin) console.input(chunk)
        if (stdinOnce) console.endInput()
      })()
    }
  })
}
