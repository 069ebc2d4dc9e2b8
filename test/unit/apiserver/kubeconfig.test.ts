import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'
import { loadOrCreatePki, type Pki } from '../../../main/cluster/apiserver/pki'
import {
  buildKubeconfig,
  defaultUserKubeconfigPath,
  mergeIntoUserKubeconfig,
  writeKubeconfig,
  type Kubeconfig
} from '../../../main/cluster/apiserver/kubeconfig'

let pki: Pki
let config: Kubeconfig
beforeAll(async () => {
  pki = await loadOrCreatePki({ now: Date.UTC(2026, 0, 15) })
  config = buildKubeconfig({ clusterName: 'lab', port: 6443, pki })
})

let tmp: string
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'kubelab-kubeconfig-'))
})
afterEach(() => rmSync(tmp, { recursive: true, force: true }))

const mode = (file: string): number => statSync(file).mode & 0o777
const b64 = (pem: string): string => Buffer.from(pem).toString('base64')

describe('writeKubeconfig', () => {
  it('writes <dataDir>/kubeconfig, mode 0600, naming everything after the cluster, credentials embedded', () => {
    const file = writeKubeconfig(tmp, { clusterName: 'lab', port: 41234, pki })
    expect(file).toBe(join(tmp, 'kubeconfig'))
    expect(mode(file)).toBe(0o600)
    expect(parse(readFileSync(file, 'utf8'))).toEqual({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'lab', cluster: { server: 'https://127.0.0.1:41234', 'certificate-authority-data': b64(pki.caCert) } }],
      users: [{ name: 'lab-admin', user: { 'client-certificate-data': b64(pki.adminCert), 'client-key-data': b64(pki.adminKey) } }],
      contexts: [{ name: 'lab', context: { cluster: 'lab', user: 'lab-admin' } }],
      'current-context': 'lab',
      preferences: {}
    })
  })

  it('rewrites the file with a new port and keeps it private', () => {
    const file = writeKubeconfig(tmp, { clusterName: 'lab', port: 1, pki })
    chmodSync(file, 0o644)
    writeKubeconfig(tmp, { clusterName: 'lab', port: 2, pki })
    expect(parse(readFileSync(file, 'utf8')).clusters[0].cluster.server).toBe('https://127.0.0.1:2')
    expect(mode(file)).toBe(0o600)
  })
})

describe('mergeIntoUserKubeconfig', () => {
  const savedHome = process.env.HOME
  let home: string
  let userConfig: string
  beforeEach(() => {
    home = join(tmp, 'home')
    mkdirSync(join(home, '.kube'), { recursive: true })
    process.env.HOME = home
    userConfig = join(home, '.kube', 'config')
  })
  afterAll(() => {
    process.env.HOME = savedHome
  })

  const existing = `# my clusters
apiVersion: v1
kind: Config
clusters:
- name: work
  cluster:
    server: https://work.example:6443
- name: lab
  cluster:
    server: https://127.0.0.1:1111
users:
- name: me
  user:
    token: abc
contexts:
- name: work
  context:
    cluster: work
    user: me
    namespace: team
current-context: work
preferences: {}
`

  it('defaults to ~/.kube/config under HOME', () => {
    expect(defaultUserKubeconfigPath()).toBe(userConfig)
  })

  it('adds or replaces the three entries, keeps the rest and current-context, backs up the original', () => {
    writeFileSync(userConfig, existing, { mode: 0o600 })
    const result = mergeIntoUserKubeconfig(config)
    expect(result).toEqual({ path: userConfig, backupPath: `${userConfig}.kubelab-backup`, changed: true, currentContext: 'work' })
    expect(readFileSync(`${userConfig}.kubelab-backup`, 'utf8')).toBe(existing)
    expect(mode(`${userConfig}.kubelab-backup`)).toBe(0o600)
    expect(mode(userConfig)).toBe(0o600)

    const text = readFileSync(userConfig, 'utf8')
    expect(text.startsWith('# my clusters\n')).toBe(true)
    const merged = parse(text)
    expect(merged['current-context']).toBe('work')
    expect(merged.clusters).toEqual([{ name: 'work', cluster: { server: 'https://work.example:6443' } }, config.clusters[0]])
    expect(merged.users).toEqual([{ name: 'me', user: { token: 'abc' } }, config.users[0]])
    expect(merged.contexts).toEqual([{ name: 'work', context: { cluster: 'work', user: 'me', namespace: 'team' } }, config.contexts[0]])
  })

  it('switches current-context only when asked', () => {
    writeFileSync(userConfig, existing, { mode: 0o600 })
    const result = mergeIntoUserKubeconfig(config, { setCurrentContext: true })
    expect(result.currentContext).toBe('lab')
    expect(parse(readFileSync(userConfig, 'utf8'))['current-context']).toBe('lab')
  })

  it('creates a missing ~/.kube/config (mode 0600, our context current) without a backup', () => {
    rmSync(join(home, '.kube'), { recursive: true })
    const result = mergeIntoUserKubeconfig(config)
    expect(result.backupPath).toBeUndefined()
    expect(result.currentContext).toBe('lab')
    expect(mode(userConfig)).toBe(0o600)
    expect(mode(join(home, '.kube'))).toBe(0o700)
    const merged = parse(readFileSync(userConfig, 'utf8'))
    expect(merged).toMatchObject({ apiVersion: 'v1', kind: 'Config', clusters: config.clusters, users: config.users, contexts: config.contexts })
  })

  it('fills lists kubectl left as null', () => {
    writeFileSync(userConfig, 'apiVersion: v1\nkind: Config\nclusters: null\nusers: null\ncontexts: null\ncurrent-context: ""\n')
    mergeIntoUserKubeconfig(config)
    const merged = parse(readFileSync(userConfig, 'utf8'))
    expect(merged.clusters).toEqual(config.clusters)
    expect(merged['current-context']).toBe('lab')
  })

  it('changes nothing (and backs up nothing) when the entries are already there', () => {
    writeFileSync(userConfig, existing, { mode: 0o600 })
    mergeIntoUserKubeconfig(config)
    rmSync(`${userConfig}.kubelab-backup`)
    const again = mergeIntoUserKubeconfig(config)
    expect(again.changed).toBe(false)
    expect(existsSync(`${userConfig}.kubelab-backup`)).toBe(false)
  })

  it('leaves a file that is not valid YAML untouched and says why', () => {
    const broken = 'clusters: [unclosed\n'
    writeFileSync(userConfig, broken)
    expect(() => mergeIntoUserKubeconfig(config)).toThrow(/not valid YAML/)
    expect(readFileSync(userConfig, 'utf8')).toBe(broken)
  })

  it('writes to an explicit path', () => {
    const path = join(tmp, 'elsewhere', 'config')
    const result = mergeIntoUserKubeconfig(config, { path })
    expect(result.path).toBe(path)
    expect(parse(readFileSync(path, 'utf8')).contexts).toEqual(config.contexts)
    expect(existsSync(userConfig)).toBe(false)
  })
})
