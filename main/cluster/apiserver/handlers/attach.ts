import type { NodeProxy } from '../node-proxy'
import type { StreamSubresource } from '../streaming/upgrade'
import { finishWith, sessionIO, streamOptions, upgradeOnlySubresource } from './exec'

/** pods/attach: the running container's output as it is written, until it stops or the client leaves. */
export function attachStream(nodes: NodeProxy): StreamSubresource {
  return {
    subresource: 'attach',
    prepare(pod, query) {
      const options = streamOptions(pod, query)
      return { streams: options, run: (session) => finishWith(session, () => nodes.attach(pod, options.container, sessionIO(session, options))) }
    }
  }
}

export const attachSubresource = upgradeOnlySubresource('attach', 'PodAttachOptions')
