import { defs, definitionName } from '../../registry/schema/model'
import { typeDef } from '../../registry/schema/schemas'
import type { ExtraSubresource } from '../discovery'
import { schemaRef } from './components'
import { type OperationContext, type PathItem, accepted, body, created, objectTypes, ok, operation, patchTypes, responses } from './operations'
import type { PathsSource } from './paths'
import { type Parameter, patchParameters, pretty, query, writeParameters } from './parameters'

/**
 * The path of a subresource a component serves (pods/binding,
 * pods/eviction, namespaces/finalize, pods/log, pods/exec, pods/attach), as
 * the endpoint installer declares it: typed subresources read and write
 * their kind; pods/log answers a string (text/plain) read as `get` of a Pod,
 * its options as query parameters; exec and attach are `connect` actions
 * whose options are the path's parameters and whose answer is any stream.
 */

/** PodLogOptions as query parameters (descriptions ours). */
const logParameters: Parameter[] = [
  query('container', 'string', 'The container whose log to return. May be left out when the pod has one container.'),
  query('follow', 'boolean', 'Keep the response open and stream new lines as the container writes them. Defaults to false.'),
  query('insecureSkipTLSVerifyBackend', 'boolean', "Do not verify the kubelet's serving certificate when fetching the log from it."),
  query('limitBytes', 'integer', 'Stop after this many bytes of log; the last line may be cut short.'),
  query('previous', 'boolean', 'The log of the previous, terminated instance of the container. Defaults to false.'),
  query('sinceSeconds', 'integer', 'Only lines written in the last this many seconds. Not together with sinceTime.'),
  query('stream', 'string', 'Which output to return: All (stdout and stderr interleaved, the default), Stdout or Stderr. Only All together with tailLines.'),
  query('tailLines', 'integer', 'Only the last this many lines. Without it the log is returned from the start of the container (or sinceSeconds/sinceTime).'),
  query('timestamps', 'boolean', 'Begin every line with the RFC3339 time it was written. Defaults to false.')
]

/** The streams of an exec or attach (PodExecOptions / PodAttachOptions). */
const streamParameters: Parameter[] = [
  query('stderr', 'boolean', "Send the container's standard error to the client."),
  query('stdin', 'boolean', "Pass the client's standard input to the container. Defaults to false."),
  query('stdout', 'boolean', "Send the container's standard output to the client."),
  query('tty', 'boolean', 'Allocate a terminal for the process; its standard error then goes to standard output. Defaults to false.')
]

const connectParameters: Record<string, Parameter[]> = {
  exec: [
    query('command', 'string', 'The program and its arguments (argv), one parameter each. Run directly, not through a shell.'),
    query('container', 'string', 'The container to run the command in. May be left out when the pod has one container.'),
    ...streamParameters
  ],
  attach: [query('container', 'string', 'The container whose main process to attach to. May be left out when the pod has one container.'), ...streamParameters]
}

/** The types a log can be asked for in: every object type, and text/plain, each carrying a string. */
const logTypes = [...objectTypes, 'text/plain']

const byName = (a: Parameter, b: Parameter): number => a.name.localeCompare(b.name)

/** The path item of one extra subresource of a kind. */
export function subresourcePath(
  ctx: OperationContext,
  def: Pick<PathsSource, 'kind' | 'namespaced'>,
  x: ExtraSubresource,
  objectParams: Parameter[],
  opName: (verb: string, suffix?: string) => string
): PathItem {
  const suffix = x.subresource.charAt(0).toUpperCase() + x.subresource.slice(1)
  // As the real documents word them: `create eviction of a Pod`, `replace finalize of the specified Namespace`, `connect GET requests to exec of Pod`.
  const of = (article: string): string => `${x.subresource} of ${article}${def.kind}`
  const string = { type: 'string' }

  if (x.subresource === 'log') {
    return {
      get: operation(ctx, opName('read', suffix), 'get', `read ${of('the specified ')}`, x.kind, { responses: responses([ok], logTypes, string) }),
      parameters: [...logParameters, ...objectParams, pretty].sort(byName)
    }
  }

  const schemaName = definitionName(x.kind)
  if (typeDef(schemaName) === undefined) {
    // A connect action (exec, attach): its options are the path's parameters, its answer any stream.
    const item: PathItem = { parameters: [...(connectParameters[x.subresource] ?? []), ...objectParams].sort(byName) }
    const connected = responses([ok], ['*/*'], string)
    // `connectCoreV1GetNamespacedPodExec`: the method follows the group-version.
    const connectId = (method: string): string => `connect${ctx.id}${method}${def.namespaced ? 'Namespaced' : ''}${def.kind}${suffix}`
    if (x.verbs.includes('get')) item.get = operation(ctx, connectId('Get'), 'connect', `connect GET requests to ${of('')}`, x.kind, { responses: connected })
    if (x.verbs.includes('create')) item.post = operation(ctx, connectId('Post'), 'connect', `connect POST requests to ${of('')}`, x.kind, { responses: connected })
    return item
  }

  const schema = schemaRef(schemaName)
  const item: PathItem = { parameters: [...objectParams, pretty] }
  for (const verb of x.verbs) {
    if (verb === 'get') {
      item.get = operation(ctx, opName('read', suffix), 'get', `read ${of('the specified ')}`, x.kind, { responses: responses([ok], objectTypes, schema) })
    } else if (verb === 'create') {
      item.post = operation(ctx, opName('create', suffix), 'post', `create ${of('a ')}`, x.kind, {
        parameters: writeParameters,
        requestBody: body(schemaName),
        responses: responses([ok, created, accepted], objectTypes, schema)
      })
    } else if (verb === 'update') {
      item.put = operation(ctx, opName('replace', suffix), 'put', `replace ${of('the specified ')}`, x.kind, {
        parameters: writeParameters,
        requestBody: body(schemaName),
        responses: responses([ok, created], objectTypes, schema)
      })
    } else if (verb === 'patch') {
      item.patch = operation(ctx, opName('patch', suffix), 'patch', `partially update ${of('the specified ')}`, x.kind, {
        parameters: patchParameters,
        requestBody: body(defs.patch, patchTypes),
        responses: responses([ok, created], objectTypes, schema)
      })
    }
  }
  return item
}
