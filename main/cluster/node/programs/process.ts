import type { Clock } from '../../clock/types'
import type { ExecCommand, ExecCommands, ExecContext } from '../../world/types'

/**
 * What a simulated program runs with beyond the world's ExecContext: the
 * clock (sleep), the process's environment, and a kill switch. Programs
 * registered in the world's command table receive an ExecContext; the ones
 * here see the whole ProgramContext when it is one (they were started by the
 * kubelet or by an exec through the node proxy).
 */
export interface ProgramContext extends ExecContext {
  clock: Clock
  /** The process's environment (`env`, `$VAR`). */
  env: Record<string, string>
  /** stdin and stdout are a terminal (`kubectl exec -t`). */
  tty?: boolean
  /** A container's main process: its timers never drive an instant clock on their own (an exec's do). */
  background?: boolean
  /** Set when the process is killed (its container stopped, the client left). */
  kill: KillSwitch
}

/** The signal a process receives when its container stops or its exec client leaves. */
export class KillSwitch {
  private done = false
  private readonly listeners = new Set<() => void>()

  get killed(): boolean {
    return this.done
  }

  kill(): void {
    if (this.done) return
    this.done = true
    for (const listener of [...this.listeners]) listener()
    this.listeners.clear()
  }

  /** Calls fn on kill (at once when already killed); returns the unsubscribe function. */
  onKill(fn: () => void): () => void {
    if (this.done) {
      fn()
      return () => {}
    }
    this.listeners.add(fn)
    return () => this.listeners.delete(fn)
  }
}

/** The context a program was given, as a ProgramContext (a bare ExecContext gets a default environment). */
export function programContext(ctx: ExecContext, clock: Clock): ProgramContext {
  const p = ctx as Partial<ProgramContext>
  if (p.kill && p.env && p.clock) return ctx as ProgramContext
  return { ...ctx, clock: p.clock ?? clock, env: p.env ?? {}, kill: p.kill ?? new KillSwitch() }
}

/**
 * argv[0] names no program the container has: the runtime (runc under
 * containerd) cannot start it. Its message is Go's exec.LookPath error: a bare
 * name is searched in $PATH, a path (one with a slash) is stat'ed as given.
 */
export class ExecutableNotFound extends Error {
  constructor(readonly command: string) {
    const reason = command.includes('/') ? `stat ${command}: no such file or directory` : 'executable file not found in $PATH'
    super(`exec: ${JSON.stringify(command)}: ${reason}`)
  }
}

/** Runs argv in the context; throws ExecutableNotFound when the program does not exist. */
export async function runProgram(commands: ExecCommands, ctx: ProgramContext): Promise<number> {
  const program: ExecCommand | undefined = ctx.argv.length ? commands.lookup(ctx.argv[0]) : undefined
  if (!program) throw new ExecutableNotFound(ctx.argv[0] ?? '')
  return program(ctx)
}
