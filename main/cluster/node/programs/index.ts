import type { Clock } from '../../clock/types'
import type { ExecCommand, ExecCommands, ExecContext } from '../../world/types'
import { date, echo, hostname, ls, printenv, sleep } from './basic'
import { testProgram } from './conditions'
import { cp, mkdir, mv, rm, tee, touch } from './file-commands'
import { programContext } from './process'
import { shellProgram } from './shell'
import { tar } from './tar'
import { egrep, fgrep, grep } from './grep'
import { head, tail, wc } from './text-filters'

export { KillSwitch, ExecutableNotFound, runProgram, type ProgramContext } from './process'
export { mainProcess, listeningPorts, imageName } from './images'
export { ContainerConfigError, configErrorOf, containerEnv, environmentVariables, noEnvSources, type ContainerEnvironment, type EnvSources } from './container-env'

/**
 * Registers the basic programs every container has: a shell, echo,
 * hostname, env/printenv, true, false, test, sleep, date, ls and the file
 * changers (touch, mkdir, rm, cp, mv, tee, tar), head, tail, wc and grep. The network toolbox
 * (curl, nslookup, ...) is registered by the network model.
 */
export function registerBasicPrograms(commands: ExecCommands, clock: Clock): void {
  const sh = shellProgram(commands)
  const shell = (ctx: ExecContext) => sh(programContext(ctx, clock))
  const programs: Record<string, ExecCommand> = {
    sh: shell,
    ash: shell,
    bash: shell,
    echo,
    hostname,
    env: printenv(clock),
    printenv: printenv(clock),
    true: () => 0,
    false: () => 1,
    sleep: sleep(clock),
    date: date(clock),
    test: testProgram(),
    '[': testProgram(),
    ls,
    touch,
    mkdir,
    rm,
    cp,
    mv,
    tee,
    tar: tar(clock),
    head,
    tail,
    wc,
    grep,
    egrep,
    fgrep
  }
  // A program another component registered first (a richer one) stays.
  for (const [name, program] of Object.entries(programs)) if (!commands.lookup(name)) commands.register(name, program)
}
