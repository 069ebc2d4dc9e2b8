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
import { printf } from './printf'
import { seq } from './seq'
import { expr } from './expr'
import { sort, uniq } from './sort-uniq'
import { cut, tr } from './cut-tr'
import { sed } from './sed'
import { awk } from './awk'
import { df, free, nproc, uname } from './system-info'
import { id, whoami } from './users'
import { ps } from './ps'
import { basename, dirname, which } from './path-names'
import { xargs } from './xargs'

export { KillSwitch, ExecutableNotFound, runProgram, type ProgramContext } from './process'
export { mainProcess, listeningPorts, imageName } from './images'
export { ContainerConfigError, configErrorOf, containerEnv, environmentVariables, noEnvSources, type ContainerEnvironment, type EnvSources } from './container-env'

/**
 * Registers the basic programs every container has: a shell, echo,
 * hostname, env/printenv, true, false, test, sleep, date, ls and the file
 * changers (touch, mkdir, rm, cp, mv, tee, tar), the text tools (head, tail,
 * wc, grep, sort, uniq, cut, tr, sed, awk, printf, seq, expr, basename,
 * dirname, xargs) and the system ones (uname, id, whoami, ps, df, free, nproc,
 * which). The network toolbox
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
    fgrep,
    printf,
    seq,
    expr,
    sort,
    uniq,
    cut,
    tr,
    sed,
    awk,
    uname,
    nproc,
    free,
    df,
    id,
    whoami,
    ps,
    basename,
    dirname,
    which: which(commands),
    xargs: xargs(commands, clock)
  }
  // A program another component registered first (a richer one) stays.
  for (const [name, program] of Object.entries(programs)) if (!commands.lookup(name)) commands.register(name, program)
}
