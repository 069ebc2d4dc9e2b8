/**
 * Serve mode: the same cluster as the desktop app, without Electron.
 *
 *   npm run serve -- [--data-dir DIR] [--name NAME] [--workers N] [--api-port N]
 *                    [--ui-port N] [--clock realtime|instant|<speed factor>] [--durable]
 *
 * When ready it prints one line, relied on by tests and scripts:
 *   Kubelab ready: kubeconfig=<path> api=<url> ui=<url>
 * (each part once that part serves), and runs until SIGINT or SIGTERM, on which
 * it shuts the cluster down cleanly.
 */
import { parseArgs } from 'node:util'
import { randomBytes } from 'node:crypto'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'
import { startUiServer } from './ipc/ui-server'
import { attachWsTransport } from './ipc/ws-transport'
import { createHandlers } from './ipc/handlers'
import { startFeeds } from './ipc/feeds'
import { Cluster } from './cluster/cluster'
import { defaultDataDir } from './cluster/config/data-dir'
import type { ClusterOptions } from './cluster/cluster'
import { watchParent } from './parent-watchdog'

interface ServeFlags {
  dataDir: string
  name: string
  workers?: number
  apiPort: number
  uiPort: number
  clock: ClusterOptions['clock']
  durable: boolean
}

function usageError(message: string): never {
  process.stderr.write(`kubelab serve: ${message}\n`)
  process.exit(2)
}

function parseFlags(argv: string[]): ServeFlags {
  const { values } = parseArgs({
    args: argv,
    options: {
      'data-dir': { type: 'string' },
      name: { type: 'string', default: 'kubelab' },
      workers: { type: 'string' },
      'api-port': { type: 'string', default: '0' },
      'ui-port': { type: 'string', default: '0' },
      clock: { type: 'string', default: 'realtime' },
      durable: { type: 'boolean', default: false }
    },
    strict: true
  })
  const port = (flag: string, v: string): number => {
    const n = Number(v)
    if (!Number.isInteger(n) || n < 0 || n > 65535) usageError(`--${flag} must be a port number from 0 to 65535 (0 = any free port), got "${v}"`)
    return n
  }
  let clock: ClusterOptions['clock']
  if (values.clock === 'realtime' || values.clock === 'instant') clock = values.clock
  else {
    const speed = Number(values.clock)
    if (!(speed > 0)) usageError(`--clock must be realtime, instant or a speed factor such as 10, got "${values.clock}"`)
    clock = speed
  }
  let workers: number | undefined
  if (values.workers !== undefined) {
    workers = Number(values.workers)
    if (!Number.isInteger(workers) || workers < 0) usageError(`--workers must be a whole number, got "${values.workers}"`)
  }
  const name = values.name!
  return {
    dataDir: values['data-dir'] ?? defaultDataDir(name),
    name,
    workers,
    apiPort: port('api-port', values['api-port']!),
    uiPort: port('ui-port', values['ui-port']!),
    clock,
    durable: values.durable!
  }
}

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..')
const rendererRoot = join(repoRoot, 'out', 'renderer')

/** What the renderer is built from: a file changed after the build (a `git pull`) makes the build stale. */
const rendererSources = ['renderer', 'preload', 'electron.vite.config.ts', 'main/cluster/scenarios/guestbook-manifests.ts']

/** The newest modification time among the renderer's sources, in ms. */
function newestSource(): number {
  let newest = 0
  for (const source of rendererSources) {
    const root = join(repoRoot, source)
    if (!existsSync(root)) continue
    const files = statSync(root).isDirectory() ? readdirSync(root, { recursive: true, encoding: 'utf8' }).map((f) => join(root, f)) : [root]
    for (const file of files) newest = Math.max(newest, statSync(file).mtimeMs)
  }
  return newest
}

/** Builds the renderer when it has never been built (a fresh clone) or its sources changed since, so serve mode shows the current UI. */
function ensureRendererBuilt(): void {
  const built = join(rendererRoot, 'index.html')
  const fresh = existsSync(built) && statSync(built).mtimeMs >= newestSource()
  if (fresh) return
  process.stderr.write(existsSync(built) ? 'Building the UI (its sources changed since the last build)…\n' : 'Building the UI (first run)…\n')
  const r = spawnSync('npx', ['electron-vite', 'build'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] })
  if (r.status !== 0) throw new Error('building the UI failed; run `npm run build` to see why')
}

/** The built renderer on 127.0.0.1 and the contract over a token-guarded WebSocket. */
async function startUi(cluster: Cluster, port: number): Promise<{ url: string; close(): Promise<void> }> {
  ensureRendererBuilt()
  const token = randomBytes(24).toString('hex')
  const server = await startUiServer(rendererRoot, port)
  // Log follows push their lines through the transport, which exists once the handlers do.
  const transport: ReturnType<typeof attachWsTransport> = attachWsTransport(server.server, token, createHandlers(cluster, { emit: () => transport.emit }))
  const feeds = startFeeds(cluster, transport.emit)
  return {
    url: `${server.url}/?token=${token}`,
    close: async () => {
      feeds.stop()
      transport.close()
      await server.close()
    }
  }
}

async function main(): Promise<void> {
  let flags: ServeFlags
  try {
    flags = parseFlags(process.argv.slice(2))
  } catch (e) {
    usageError((e as Error).message)
  }
  const cluster = await Cluster.start({
    dataDir: flags.dataDir,
    config: { name: flags.name, ...(flags.workers !== undefined ? { workers: flags.workers } : {}) },
    clock: flags.clock,
    durable: flags.durable,
    apiPort: flags.apiPort
  })
  const ui = await startUi(cluster, flags.uiPort)
  const api = cluster.apiServer!
  const parts: string[] = [`kubeconfig=${api.kubeconfigPath}`, `api=${api.url}`, `ui=${ui.url}`]
  process.stdout.write(`Kubelab ready:${parts.map((p) => ' ' + p).join('')}\n`)
  process.stderr.write(`cluster "${cluster.config.name}" opened at revision ${cluster.openedAtRevision}, data dir ${flags.dataDir}\n`)

  let stopping = false
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return
    stopping = true
    process.stderr.write(`${signal}: stopping cluster…\n`)
    try {
      await ui.close()
      await cluster.stop()
      process.stderr.write(`cluster stopped at revision ${cluster.closedAtRevision}\n`)
      process.exit(0)
    } catch (e) {
      process.stderr.write(`error while stopping: ${(e as Error).stack ?? e}\n`)
      process.exit(1)
    }
  }
  process.on('SIGINT', () => void shutdown('SIGINT'))
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  watchParent(process.env, () => void shutdown('parent process exited'))
}

main().catch((e: unknown) => {
  process.stderr.write(`kubelab serve: ${(e as Error).message ?? e}\n`)
  process.exit(1)
})
