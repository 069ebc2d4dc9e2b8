import { createPrivateKey, generateKeyPair, type KeyObject } from 'node:crypto'
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { writeAtomic } from './pki'

const generateKeyPairAsync = promisify(generateKeyPair)

/**
 * The key that signs service account tokens, kubeadm's `sa.key` (RSA 2048;
 * tokens are RS256 JWTs as kube-apiserver issues them), when `dir` holds a
 * usable one. Apart from loadOrCreatePki: RSA generation is slow, so a
 * cluster makes the key only when it first issues a token.
 */
export function readServiceAccountKey(dir: string | undefined): KeyObject | undefined {
  if (!dir) return undefined
  try {
    const key = createPrivateKey(readFileSync(join(dir, 'sa.key'), 'utf8'))
    return key.asymmetricKeyType === 'rsa' ? key : undefined
  } catch {
    return undefined // missing or unreadable: regenerate
  }
}

/**
 * The service account key from `dir`, or a new one (written there with its
 * public half, `sa.pub`, when `dir` is given), so that tokens a cluster
 * handed out stay valid across restarts.
 */
export async function loadOrCreateServiceAccountKey(dir: string | undefined): Promise<KeyObject> {
  const found = readServiceAccountKey(dir)
  if (found) return found
  const { privateKey, publicKey } = await generateKeyPairAsync('rsa', { modulusLength: 2048 })
  if (dir) {
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    writeAtomic(join(dir, 'sa.key'), privateKey.export({ type: 'pkcs1', format: 'pem' }) as string, 0o600)
    writeAtomic(join(dir, 'sa.pub'), publicKey.export({ type: 'spki', format: 'pem' }) as string, 0o644)
  }
  return privateKey
}
