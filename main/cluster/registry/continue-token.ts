import * as errors from '../apimachinery/errors'

/**
 * The opaque `continue` token of a paged list: where the last page ended and
 * at which revision the first page was served.
 */
export interface ContinueToken {
  /** Storage key of the last item returned. */
  key: string
  /** Revision of the first page. */
  rv: number
}

export function encodeContinue(token: ContinueToken): string {
  return Buffer.from(JSON.stringify({ v: 'kubelab/v1', k: token.key, rv: token.rv })).toString('base64url')
}

/** Parses a token; a malformed one is a 400, as in the apiserver. */
export function decodeContinue(text: string): ContinueToken {
  try {
    const raw = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as { v?: string; k?: unknown; rv?: unknown }
    if (raw.v !== 'kubelab/v1' || typeof raw.k !== 'string' || typeof raw.rv !== 'number') throw new Error('bad token')
    return { key: raw.k, rv: raw.rv }
  } catch {
    throw errors.badRequest('continue key is not valid: illegal base64 data at input byte 0')
  }
}
