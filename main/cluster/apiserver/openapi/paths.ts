import type { GroupVersionKind } from '../../apimachinery/types'
import type { ResourceDefinition } from '../../registry/types'
import { defs, definitionName } from '../../registry/schema/model'
import type { ExtraSubresource } from '../discovery'
import { schemaRef } from './components'
import { type OperationContext, type PathItem, accepted, body, created, objectTypes, ok, operation, patchTypes, responses, streamTypes } from './operations'
import {
  deleteCollectionParameters,
  deleteParameters,
  listParameters,
  namespaceParameter,
  nameParameter,
  patchParameters,
  pretty,
  writeParameters
} from './parameters'
import { subresourcePath } from './subresource-paths'
import { proxyPaths } from './proxy-paths'

export type { PathItem } from './operations'

/** What the paths of a kind are generated from: a registry definition, or a resource of an aggregated group. */
export type PathsSource = Pick<ResourceDefinition, 'group' | 'kind' | 'plural' | 'namespaced' | 'hasStatus' | 'scale' | 'verbs' | 'updateSubresources'>

/**
 * The `paths` of one group-version document, laid out as the apiserver's
 * endpoint installer lays them out: collection, object, /status, /scale and
 * other subresources, the all-namespaces list, and the deprecated `watch/`
 * paths; operation ids such as `patchAppsV1NamespacedDeployment`.
 */

const allVerbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']

/**
 * Kinds whose registry returns the deleted object rather than a Status
 * (`ReturnDeletedObject` in the apiserver's storage), as `<group>/<plural>`.
 */
const deleteReturnsObject = new Set([
  '/pods',
  '/services',
  '/serviceaccounts',
  '/persistentvolumes',
  '/persistentvolumeclaims',
  '/podtemplates',
  '/resourcequotas',
  'storage.k8s.io/storageclasses',
  'storage.k8s.io/csidrivers',
  'storage.k8s.io/csinodes',
  'storage.k8s.io/volumeattachments'
])

/** `a Pod`, `an Event`, `Endpoints` (no article for plural-looking nouns), as the installer words it. */
export function withArticle(kind: string): string {
  if (kind.endsWith('s') && !kind.endsWith('ss')) return kind
  return `${/^[AEIOU]/i.test(kind) ? 'an' : 'a'} ${kind}`
}

/** `apps` -> `Apps`, `discovery.k8s.io` -> `Discovery`, `rbac.authorization.k8s.io` -> `RbacAuthorization`, core -> `Core`. */
export function groupIdentifier(group: string): string {
  if (group === '') return 'Core'
  return group
    .replace(/\.k8s\.io$/, '')
    .split(/[.-]/)
    .map((s) => s.charAt(0).toUpperCase() + s.slice(1))
    .join('')
}

/** The operation tag: `core_v1`, `apps_v1`, `rbacAuthorization_v1`. */
export function tagOf(group: string, version: string): string {
  const id = groupIdentifier(group)
  return `${id.charAt(0).toLowerCase()}${id.slice(1)}_${version}`
}

/** URL prefix of a group-version: `/api/v1`, `/apis/apps/v1`. */
export function gvPrefix(group: string, version: string): string {
  return group === '' ? `/api/${version}` : `/apis/${group}/${version}`
}

/** The paths of one served kind in one version, plus its subresources. */
export function resourcePaths(def: PathsSource, version: string, extras: readonly ExtraSubresource[]): Record<string, PathItem> {
  const ctx: OperationContext = {
    group: def.group,
    version,
    id: `${groupIdentifier(def.group)}${version.charAt(0).toUpperCase()}${version.slice(1)}`,
    tag: tagOf(def.group, version)
  }
  const gvk: GroupVersionKind = { group: def.group, version, kind: def.kind }
  const kindSchema = definitionName(gvk)
  const listSchema = definitionName({ ...gvk, kind: `${def.kind}List` })
  const verbs = new Set(def.verbs ?? allVerbs)
  const prefix = gvPrefix(def.group, version)
  const ns = def.namespaced ? 'Namespaced' : ''
  const base = def.namespaced ? `${prefix}/namespaces/{namespace}/${def.plural}` : `${prefix}/${def.plural}`
  const scopeParams = def.namespaced ? [namespaceParameter] : []
  const objectParams = [nameParameter(def.kind), ...scopeParams]
  const returnsObject = deleteReturnsObject.has(`${def.group}/${def.plural}`)
  const paths: Record<string, PathItem> = {}
  const K = def.kind
  const opName = (verb: string, suffix = ''): string => `${verb}${ctx.id}${ns}${K}${suffix}`

  // The collection.
  const collection: PathItem = {}
  if (verbs.has('list')) {
    collection.get = operation(ctx, opName('list'), 'list', `list ${verbs.has('watch') ? 'or watch ' : ''}objects of kind ${K}`, gvk, {
      parameters: listParameters,
      responses: responses([ok], streamTypes, schemaRef(listSchema))
    })
  }
  if (verbs.has('create')) {
    collection.post = operation(ctx, opName('create'), 'post', `create ${withArticle(K)}`, gvk, {
      parameters: writeParameters,
      requestBody: body(kindSchema),
      responses: responses([ok, created, accepted], objectTypes, schemaRef(kindSchema))
    })
  }
  if (verbs.has('deletecollection')) {
    collection.delete = operation(ctx, `delete${ctx.id}Collection${ns}${K}`, 'deletecollection', `delete collection of ${K}`, gvk, {
      parameters: deleteCollectionParameters(),
      requestBody: body(defs.deleteOptions, ['*/*'], false),
      responses: responses([ok], objectTypes, schemaRef(defs.status))
    })
  }
  if (Object.keys(collection).length) paths[base] = { ...collection, parameters: [...scopeParams, pretty] }

  // The object.
  const object: PathItem = {}
  if (verbs.has('get')) {
    object.get = operation(ctx, opName('read'), 'get', `read the specified ${K}`, gvk, { responses: responses([ok], objectTypes, schemaRef(kindSchema)) })
  }
  if (verbs.has('update')) {
    object.put = operation(ctx, opName('replace'), 'put', `replace the specified ${K}`, gvk, {
      parameters: writeParameters,
      requestBody: body(kindSchema),
      responses: responses([ok, created], objectTypes, schemaRef(kindSchema))
    })
  }
  if (verbs.has('delete')) {
    object.delete = operation(ctx, opName('delete'), 'delete', `delete ${withArticle(K)}`, gvk, {
      parameters: deleteParameters(),
      requestBody: body(defs.deleteOptions, ['*/*'], false),
      responses: responses([ok, accepted], objectTypes, schemaRef(returnsObject ? kindSchema : defs.status))
    })
  }
  if (verbs.has('patch')) {
    object.patch = operation(ctx, opName('patch'), 'patch', `partially update the specified ${K}`, gvk, {
      parameters: patchParameters,
      requestBody: body(defs.patch, patchTypes),
      responses: responses([ok, created], objectTypes, schemaRef(kindSchema))
    })
  }
  if (Object.keys(object).length) paths[`${base}/{name}`] = { ...object, parameters: [...objectParams, pretty] }

  // status, the kind's update subresources (pods/ephemeralcontainers) and scale: get, update, patch of the kind (of autoscaling/v1 Scale).
  const subresource = (name: string, label: string, subGvk: GroupVersionKind, schema: string): void => {
    const suffix = label.charAt(0).toUpperCase() + label.slice(1)
    paths[`${base}/{name}/${name}`] = {
      get: operation(ctx, opName('read', suffix), 'get', `read ${label} of the specified ${K}`, subGvk, {
        responses: responses([ok], objectTypes, schemaRef(schema))
      }),
      put: operation(ctx, opName('replace', suffix), 'put', `replace ${label} of the specified ${K}`, subGvk, {
        parameters: writeParameters,
        requestBody: body(schema),
        responses: responses([ok, created], objectTypes, schemaRef(schema))
      }),
      patch: operation(ctx, opName('patch', suffix), 'patch', `partially update ${label} of the specified ${K}`, subGvk, {
        parameters: patchParameters,
        requestBody: body(defs.patch, patchTypes),
        responses: responses([ok, created], objectTypes, schemaRef(schema))
      }),
      parameters: [...objectParams, pretty]
    }
  }
  if (def.hasStatus) subresource('status', 'status', gvk, kindSchema)
  for (const sub of Object.keys(def.updateSubresources ?? {})) subresource(sub, sub, gvk, kindSchema)
  if (def.scale) subresource('scale', 'scale', { group: 'autoscaling', version: 'v1', kind: 'Scale' }, defs.scale)
  for (const x of extras) {
    if (x.group !== def.group || x.resource !== def.plural) continue
    if (x.subresource === 'proxy') Object.assign(paths, proxyPaths(ctx, def, x, objectParams, base))
    else paths[`${base}/{name}/${x.subresource}`] = subresourcePath(ctx, def, x, objectParams, opName)
  }

  // All namespaces, and the deprecated watch paths.
  if (def.namespaced && verbs.has('list')) {
    paths[`${prefix}/${def.plural}`] = {
      get: operation(ctx, `list${ctx.id}${K}ForAllNamespaces`, 'list', `list or watch objects of kind ${K}`, gvk, {
        responses: responses([ok], streamTypes, schemaRef(listSchema))
      }),
      parameters: [...listParameters, pretty]
    }
  }
  if (verbs.has('watch')) {
    const watchBase = def.namespaced ? `${prefix}/watch/namespaces/{namespace}/${def.plural}` : `${prefix}/watch/${def.plural}`
    const watchResponse = responses([ok], streamTypes, schemaRef(defs.watchEvent))
    paths[watchBase] = {
      get: operation(ctx, opName('watch', 'List'), 'watchlist', `watch individual changes to a list of ${K}. deprecated: use the 'watch' parameter with a list operation instead.`, gvk, {
        responses: watchResponse
      }),
      parameters: [...listParameters, ...scopeParams, pretty]
    }
    paths[`${watchBase}/{name}`] = {
      get: operation(
        ctx,
        opName('watch'),
        'watch',
        `watch changes to an object of kind ${K}. deprecated: use the 'watch' parameter with a list operation instead, filtered to a single item with the 'fieldSelector' parameter.`,
        gvk,
        { responses: watchResponse }
      ),
      parameters: [...listParameters, ...objectParams, pretty]
    }
    if (def.namespaced) {
      paths[`${prefix}/watch/${def.plural}`] = {
        get: operation(ctx, `watch${ctx.id}${K}ListForAllNamespaces`, 'watchlist', `watch individual changes to a list of ${K}. deprecated: use the 'watch' parameter with a list operation instead.`, gvk, {
          responses: watchResponse
        }),
        parameters: [...listParameters, pretty]
      }
    }
  }
  return paths
}

/** The group-version root: `GET /apis/apps/v1/` answers the APIResourceList. */
export function rootPath(group: string, version: string): Record<string, PathItem> {
  const id = `${groupIdentifier(group)}${version.charAt(0).toUpperCase()}${version.slice(1)}`
  return {
    [`${gvPrefix(group, version)}/`]: {
      get: {
        description: 'get available resources',
        operationId: `get${id}APIResources`,
        responses: responses([ok], objectTypes, schemaRef(defs.apiResourceList)),
        tags: [tagOf(group, version)]
      }
    }
  }
}

