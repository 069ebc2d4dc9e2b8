/**
 * What the client machinery (informers, controllers) needs from a logger.
 * Injected, so tests can collect messages and the cluster can route them to
 * its own log.
 */
export interface Logger {
  info(message: string): void
  warn(message: string): void
  error(message: string): void
}

/** Drops everything: the default when no logger is injected. */
export const silentLogger: Logger = {
  info() {},
  warn() {},
  error() {}
}

/** A message for an unknown thrown value. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
