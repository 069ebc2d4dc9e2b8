/**
 * The messages serve mode's WebSocket carries: the same calls and events as
 * Electron IPC, as JSON. One call, one result with the same id.
 */
export interface CallMessage {
  type: 'call'
  id: number
  channel: string
  args: unknown[]
}

export interface ResultMessage {
  type: 'result'
  id: number
  ok: boolean
  result?: unknown
  /** For failures: the message users see, and the API's Status when there is one. */
  error?: { message: string; status?: unknown }
}

export interface EventMessage {
  type: 'event'
  channel: string
  payload: unknown
}

export type ServerMessage = ResultMessage | EventMessage
