import type { Status } from 'kubernetes-types/meta/v1'
import type { CallFailure } from '../../../preload/contract'

/** An error from the main process; `status` is the API's Status object when there is one. */
export class CallError extends Error {
  constructor(
    message: string,
    readonly status?: Status
  ) {
    super(message)
    this.name = 'CallError'
  }
}

/** Whatever a transport rejected with, as a CallError (the preload bridge rejects with a plain CallFailure). */
export function toCallError(e: unknown): CallError {
  if (e instanceof CallError) return e
  if (typeof e === 'object' && e !== null && typeof (e as CallFailure).message === 'string') {
    return new CallError((e as CallFailure).message, (e as CallFailure).status)
  }
  return new CallError(String(e))
}

/** The message to show for any failure. */
export function messageOf(e: unknown): string {
  return toCallError(e).message
}
