import type { CallChannel } from '../../preload/contract'

/** Argument shapes of each call: a check per position. */
type Check = (v: unknown) => string | undefined
const schemas: { [C in CallChannel]: Check[] } = {
  'cluster/info': []
}

/** Throws a clear error when a call's arguments do not fit the contract. */
export function validateArgs(channel: CallChannel, args: unknown[]): void {
  const checks = schemas[channel]
  if (args.length > checks.length) throw new Error(`${channel}: expected ${checks.length} argument(s), got ${args.length}`)
  checks.forEach((check, i) => {
    const problem = check(args[i])
    if (problem) throw new Error(`${channel}: argument ${i + 1} ${problem}`)
  })
}
