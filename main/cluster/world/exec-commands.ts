import type { ExecCommand, ExecCommands } from './types'

/** The programs containers have, by name. A path (`/usr/bin/curl`) finds the program by its base name. */
export class ExecCommandTable implements ExecCommands {
  private readonly commands = new Map<string, ExecCommand>()

  register(name: string, command: ExecCommand): void {
    if (this.commands.has(name)) throw new Error(`exec command ${name} registered twice`)
    this.commands.set(name, command)
  }

  lookup(name: string): ExecCommand | undefined {
    const base = name.slice(name.lastIndexOf('/') + 1)
    return this.commands.get(base)
  }
}
