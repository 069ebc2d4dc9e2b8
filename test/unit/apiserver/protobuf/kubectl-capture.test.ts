import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { type Server, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeKubernetesProtobuf } from '../../../../main/cluster/apiserver/protobuf/decode'
import { parseHexFixture } from './encoder'

/*
 * Runs the real kubectl against a stand-in server that decodes each protobuf
 * body and answers with the decoded object as JSON: kubectl must accept the
 * answer, and the bytes it sent must still equal the recorded fixtures.
 * Skipped where /usr/bin/kubectl is not installed.
 */

const KUBECTL = '/usr/bin/kubectl'

interface Recorded {
  contentType: string
  body: Buffer
}

describe.skipIf(!existsSync(KUBECTL))('live kubectl 1.32', () => {
  let server: Server
  let dir: string
  const recorded: Recorded[] = []

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kubelab-protobuf-'))
    server = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (chunk: Buffer) => chunks.push(chunk))
      req.on('end', () => {
        const send = (code: number, body: unknown) => {
          res.writeHead(code, { 'Content-Type': 'application/json' })
          res.end(JSON.stringify(body))
        }
        if (req.url?.startsWith('/version')) {
          // The gcloud dispatcher picks the kubectl minor from this answer.
          return send(200, { major: '1', minor: '32', gitVersion: 'v1.32.4', platform: 'linux/amd64' })
        }
        if (req.method !== 'POST') return send(404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 404 })
        const body = Buffer.concat(chunks)
        recorded.push({ contentType: req.headers['content-type'] ?? '', body })
        try {
          send(201, decodeKubernetesProtobuf(body).object)
        } catch (error) {
          send(415, { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 415, message: String(error) })
        }
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    writeFileSync(
      join(dir, 'kubeconfig'),
      [
        'apiVersion: v1',
        'kind: Config',
        `clusters: [{name: c, cluster: {server: "http://127.0.0.1:${port}"}}]`,
        'contexts: [{name: c, context: {cluster: c, user: u, namespace: default}}]',
        'current-context: c',
        'users: [{name: u, user: {}}]'
      ].join('\n')
    )
  })

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()))
    rmSync(dir, { recursive: true, force: true })
  })

  function kubectl(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const env = { PATH: process.env.PATH ?? '', HOME: dir, KUBECONFIG: join(dir, 'kubeconfig') }
    return new Promise((resolve) => {
      execFile(KUBECTL, [`--cache-dir=${join(dir, 'cache')}`, ...args], { env, timeout: 20_000 }, (error, stdout, stderr) => {
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr })
      })
    })
  }

  it.each([
    [['create', 'namespace', 'foo'], 'create-namespace', 'namespace/foo created'],
    [['create', 'deployment', 'web', '--image=nginx', '--replicas=3'], 'create-deployment', 'deployment.apps/web created'],
    [['create', 'secret', 'generic', 's', '--from-literal=p=x'], 'create-secret-generic', 'secret/s created']
  ])('kubectl %j sends the recorded bytes and accepts the decoded answer', async (args, fixture, output) => {
    recorded.length = 0
    const result = await kubectl(...args)
    expect(result.stderr).toBe('')
    expect(result.stdout.trim()).toBe(output)
    expect(result.code).toBe(0)
    expect(recorded).toHaveLength(1)
    expect(recorded[0].contentType).toBe('application/vnd.kubernetes.protobuf')
    const expected = parseHexFixture(readFileSync(join(import.meta.dirname, 'fixtures', `${fixture}.hex`), 'utf8')).bytes
    expect(recorded[0].body.toString('hex')).toBe(expected.toString('hex'))
  })
})
