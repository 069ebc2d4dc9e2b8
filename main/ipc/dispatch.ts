import { StatusError } from '../cluster/apimachinery/errors'
import { callChannels, type CallChannel, type CallFailure } from '../../preload/contract'
import type { Handlers } from './handlers'
import { validateArgs } from './validate'

/**
 * Runs one contract call for either transport: the channel must be in the
 * contract and the arguments must fit it; failures come back as errors, never
 * as a crash of the main process.
 */
export async function dispatchCall(handlers: Handlers, channel: unknown, args: unknown): Promise<unknown> {
  if (typeof channel !== 'string' || !(callChannels as readonly string[]).includes(channel)) {
    throw new Error(`unknown call ${JSON.stringify(channel)}`)
  }
  if (!Array.isArray(args)) throw new Error(`${channel}: arguments must be a list`)
  validateArgs(channel as CallChannel, args)
  const handler = handlers[channel as CallChannel] as (...a: unknown[]) => Promise<unknown>
  return handler(...args)
}

/** An error as the renderer receives it: the message, and the Status for API errors. */
export function serializeError(e: unknown): CallFailure {
  if (e instanceof StatusError) return { message: e.message, status: structuredClone(e.status) }
  return { message: e instanceof Error ? e.message : String(e) }
}
