import type { PluginFactory } from './interface'

/**
 * Plugin factories by name (runtime.Registry). A name may be registered
 * once: a second plugin under the same name is a configuration mistake, and
 * is refused with kube-scheduler's message.
 */
export class Registry {
  private readonly factories = new Map<string, PluginFactory>()

  /** Registers a factory; throws `a plugin named <name> already exists` on a duplicate. */
  register(name: string, factory: PluginFactory): this {
    if (this.factories.has(name)) throw new Error(`a plugin named ${name} already exists`)
    this.factories.set(name, factory)
    return this
  }

  /** Removes a factory; throws `no plugin named <name> exists` when there is none. */
  unregister(name: string): void {
    if (!this.factories.delete(name)) throw new Error(`no plugin named ${name} exists`)
  }

  /** Adds every factory of another registry (Registry.Merge): duplicates are refused. */
  merge(other: Registry): this {
    for (const [name, factory] of other.factories) this.register(name, factory)
    return this
  }

/** The factory registered under a name. */
  get(name: string): PluginFactory | undefined {
    return this.factories.get(name)
  }

/** Every registered name. */
  names(): string[] {
    return [...this.factories.keys()]
  }
}
