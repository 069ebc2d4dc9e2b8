import type { Clock } from '../../clock/types'
import type { ExecCommands, ExecContext } from '../../world/types'
import { echo, hostname, ls, printenv, sleep } from './basic'
import { programContext } from './process'
import { shellProgram } from './shell'

export { KillSwitch, ExecutableNotFound, runProgram, type ProgramContext } from './process'
export { mainProcess, listeningPorts, imageName } from './images'
export { containerEnv } from './container-env'

/**
 * Registers the basic programs every container has: a shell, echo,
 * hostname, env/printenv, true, false, sleep and ls. The network toolbox
 * (curl, nslookup, ...) is registered by the network model.
 */
export function registerBasicPrograms(commands: ExecCommands, clock: Clock): void {
  const sh = shellProgram(commands)
  const shell = (ctx: ExecContext) => sh(programContext(ctx, clock))
  for (const name of ['sh', 'ash', 'bash']) commands.register(name, shell)
  commands.register('echo', echo)
  commands.register('hostname', hostname)
  commands.register('env', printenv(clock))
  commands.register('printenv', printenv(clock))
  commands.register('true', () => 0)
  commands.register('false', () => 1)
  commands.register('sleep', sleep(clock))
  commands.register('ls', ls)
}
