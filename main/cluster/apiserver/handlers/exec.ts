import type { Pod } from 'kubernetes-types/core/v1'
import { badRequest } from '../../apimachinery/errors'
import type { SubresourceHandler } from '../api-handler'
import { NodeStreamRefused, type NodeProxy, type StreamIO, type StreamOutcome } from '../node-proxy'
import { channels, exitStatus, internalErrorStatus } from '../streaming/channels'
import type { CommandSession, RequestedStreams } from '../streaming/command-session'
import { streamContainer } from '../streaming/pod-container'
import { boolParam } from '../streaming/query'
import type { StreamSubresource } from '../streaming/upgrade'

/**
 * pods/exec: runs a command in a running container of the pod's node, its
 * stdin, stdout and stderr carried on the channels of an upgraded
 * connection, its exit code on the error channel (kubectl exits with it).
 */

/** The container and the streams the client asked for (PodExecOptions / PodAttachOptions). */
export interface StreamOptions extends RequestedStreams {
  container: string
}

/** The container and streams of an exec or attach, checked as the apiserver checks them. */
export function streamOptions(pod: Pod, query: URLSearchParams): StreamOptions {
  const container = streamContainer(pod, query.get('container'))
  if (!pod.spec?.nodeName) throw badRequest(`pod ${pod.metadata?.name ?? ''} does not have a host assigned`)
  const options = {
    container,
    stdin: boolParam(query, 'stdin') ?? false,
    stdout: boolParam(query, 'stdout') ?? false,
    stderr: boolParam(query, 'stderr') ?? false,
    tty: boolParam(query, 'tty') ?? false
  }
  if (!options.stdin && !options.stdout && !options.stderr) throw badRequest('you must specify at least 1 of stdin, stdout, stderr')
  return options
}

/** The client's streams, as the node sees them: with a tty, stderr goes to stdout. */
export function sessionIO(session: CommandSession, options: StreamOptions): StreamIO {
  return {
    stdout: options.stdout ? (text) => session.write(channels.stdout, text) : undefined,
    stderr: options.tty ? (options.stdout ? (text) => session.write(channels.stdout, text) : undefined) : options.stderr ? (text) => session.write(channels.stderr, text) : undefined,
    stdin: options.stdin ? session.stdin : undefined,
    tty: options.tty,
    onClose: (fn) => session.onClose(fn)
  }
}

/** Runs the node's side and finishes the session with the Status the apiserver's stream translator sends. */
export async function finishWith(session: CommandSession, outcome: () => Promise<StreamOutcome>): Promise<void> {
  let result: StreamOutcome
  try {
    result = await outcome()
  } catch (e) {
    if (!(e instanceof NodeStreamRefused)) throw e
    // The kubelet refused the stream: the translator reports the executor's upgrade error.
    session.finish(internalErrorStatus(`unable to upgrade connection: ${e.message}`))
    return
  }
  // The kubelet reports the failure as an InternalError; the stream translator wraps that Status's message once more.
  if ('error' in result) session.finish(internalErrorStatus(session.translated ? `Internal error occurred: ${result.error}` : result.error))
  else session.finish(exitStatus(result.exitCode))
}

export function execStream(nodes: NodeProxy): StreamSubresource {
  return {
    subresource: 'exec',
    prepare(pod, query) {
      const options = streamOptions(pod, query)
      const command = query.getAll('command')
      if (!command.length) throw badRequest('you must specify at least one command for the container')
      return { streams: options, run: (session) => finishWith(session, () => nodes.exec(pod, options.container, command, sessionIO(session, options))) }
    }
  }
}

/**
 * A subresource served only over an upgraded connection, as discovery and
 * OpenAPI list it; a plain request is refused as the apiserver refuses it.
 */
export function upgradeOnlySubresource(subresource: string, kind: string): SubresourceHandler {
  return {
    group: '',
    resource: 'pods',
    subresource,
    kind: { group: '', version: 'v1', kind },
    verbs: ['create', 'get'],
    handle(ctx) {
      ctx.rs.get(ctx.info.namespace, ctx.info.name!, 'v1')
      throw badRequest('Upgrade request required')
    }
  }
}

export const execSubresource = upgradeOnlySubresource('exec', 'PodExecOptions')
