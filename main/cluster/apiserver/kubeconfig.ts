import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, realpathSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import { isMap, isSeq, parseDocument, stringify, type Document } from 'yaml'
import type { Pki } from './pki'

/**
 * The kubeconfig that lets kubectl reach a cluster, with every credential
 * embedded as `*-data` fields so that the file keeps working when copied
 * elsewhere, and an offer to merge it into the user's own ~/.kube/config.
 */

/** A kubeconfig (the subset of clientcmd's v1 Config that Kubelab writes). */
export interface Kubeconfig {
  apiVersion: 'v1'
  kind: 'Config'
  clusters: Array<{ name: string; cluster: { server: string; 'certificate-authority-data': string } }>
  users: Array<{ name: string; user: { 'client-certificate-data': string; 'client-key-data': string } }>
  contexts: Array<{ name: string; context: { cluster: string; user: string } }>
  'current-context': string
  preferences: Record<string, never>
}

/** What a cluster's kubeconfig says. */
export interface KubeconfigOptions {
  /** Cluster name: names the cluster and context; the user is `<name>-admin`. */
  clusterName: string
  /** The API server's port on 127.0.0.1. */
  port: number
  pki: Pick<Pki, 'caCert' | 'adminCert' | 'adminKey'>
}

/** The kubeconfig object for a cluster. */
export function buildKubeconfig({ clusterName, port, pki }: KubeconfigOptions): Kubeconfig {
  const b64 = (pem: string): string => Buffer.from(pem).toString('base64')
  const user = `${clusterName}-admin`
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: clusterName, cluster: { server: `https://127.0.0.1:${port}`, 'certificate-authority-data': b64(pki.caCert) } }],
    users: [{ name: user, user: { 'client-certificate-data': b64(pki.adminCert), 'client-key-data': b64(pki.adminKey) } }],
    contexts: [{ name: clusterName, context: { cluster: clusterName, user } }],
    'current-context': clusterName,
    preferences: {}
  }
}

/**
 * Written as kubectl writes YAML: lists not indented under their key, and no
 * folding of the long base64 lines (folding would only hinder copy and paste).
 */
const yamlStyle = { lineWidth: 0, indentSeq: false }

/** YAML text of a kubeconfig. */
export function renderKubeconfig(config: Kubeconfig): string {
  return stringify(config, yamlStyle)
}

/**
 * Writes `<dataDir>/kubeconfig` (mode 0600: it holds the admin key) and
 * returns its path. Rewritten on every start, since the port may change.
 */
export function writeKubeconfig(dataDir: string, options: KubeconfigOptions): string {
  const file = join(dataDir, 'kubeconfig')
  writeAtomic(file, renderKubeconfig(buildKubeconfig(options)), 0o600)
  return file
}

/** ~/.kube/config, the file kubectl reads when KUBECONFIG is unset. */
export function defaultUserKubeconfigPath(): string {
  return join(homedir(), '.kube', 'config')
}

/** How a merge went. */
export interface MergeResult {
  /** The file written (a symlinked kubeconfig is written through its link). */
  path: string
  /** Copy of the file as it was before this merge; undefined when it did not exist or nothing changed. */
  backupPath?: string
  /** False when the file already said all of it. */
  changed: boolean
  /** The file's current-context after the merge. */
  currentContext?: string
}

/** Options for mergeIntoUserKubeconfig. */
export interface MergeOptions {
  /** Defaults to ~/.kube/config. */
  path?: string
  /**
   * Switch current-context to this cluster. Off by default: the user's
   * kubectl keeps pointing where it pointed. A file without a current-context
   * gets ours either way, as there is nothing to keep.
   */
  setCurrentContext?: boolean
}

/**
 * Adds (or replaces, by name) the clusters, users and contexts of `config`
 * in the user's kubeconfig, keeping every other entry, field and comment.
 * The previous file is kept as `<path>.kubelab-backup`. Offered to the user,
 * never done on their behalf: the app calls this only when asked.
 * A file that does not parse is left alone and the error thrown.
 */
export function mergeIntoUserKubeconfig(config: Kubeconfig, options: MergeOptions = {}): MergeResult {
  const requested = options.path ?? defaultUserKubeconfigPath()
  const path = existsSync(requested) ? realpathSync(requested) : requested
  const before = existsSync(path) ? readFileSync(path, 'utf8') : undefined
  const doc = before?.trim() ? parseDocument(before) : parseDocument('apiVersion: v1\nkind: Config\n')
  if (doc.errors.length) throw new Error(`cannot merge into ${path}: it is not valid YAML (${doc.errors[0].message})`)
  if (!isMap(doc.contents)) throw new Error(`cannot merge into ${path}: it is not a kubeconfig (no top-level mapping)`)

  upsertNamed(doc, 'clusters', config.clusters)
  upsertNamed(doc, 'users', config.users)
  upsertNamed(doc, 'contexts', config.contexts)
  const current = doc.get('current-context')
  if (options.setCurrentContext || typeof current !== 'string' || current === '') doc.set('current-context', config['current-context'])

  const after = doc.toString(yamlStyle)
  const currentContext = String(doc.get('current-context'))
  if (after === before) return { path, changed: false, currentContext }

  let backupPath: string | undefined
  if (before !== undefined) {
    backupPath = `${path}.kubelab-backup`
    copyFileSync(path, backupPath)
    chmodSync(backupPath, 0o600) // it holds the same credentials as the original
  }
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
  writeAtomic(path, after, before !== undefined ? statSync(path).mode & 0o777 : 0o600)
  return { path, backupPath, changed: true, currentContext }
}

/** Replaces the entry named like each of `entries` in the list `key`, or appends it. */
function upsertNamed(doc: Document, key: string, entries: Array<{ name: string }>): void {
  let list = doc.get(key)
  if (!isSeq(list)) {
    // Absent or `null` (kubectl writes `users: null` for an empty list).
    list = doc.createNode([])
    doc.set(key, list)
  }
  if (!isSeq(list)) return
  // `[]` would otherwise grow into one long flow line; a non-empty flow list (a JSON kubeconfig) keeps its style.
  if (list.items.length === 0) list.flow = false
  for (const entry of entries) {
    const node = doc.createNode(entry)
    const index = list.items.findIndex((item) => isMap(item) && item.get('name') === entry.name)
    if (index >= 0) list.items[index] = node
    else list.items.push(node)
  }
}

function writeAtomic(file: string, data: string, mode: number): void {
  const tmp = `${file}.tmp-kubelab`
  writeFileSync(tmp, data, { mode })
  chmodSync(tmp, mode)
  renameSync(tmp, file)
}
