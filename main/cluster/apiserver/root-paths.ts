/**
 * What `GET /` answers: the RootPaths document kube-apiserver's index
 * handler writes, every path its mux serves, sorted (`kubectl get --raw /`).
 * Ours are the discovery paths of each served group and version, the
 * OpenAPI documents, the health endpoints with their checks, and /version.
 */
export interface ServedGroup {
  name: string
  versions: Array<{ groupVersion: string }>
}

export function rootPaths(groups: ServedGroup[], healthPaths: string[]): { paths: string[] } {
  const paths = ['/api', '/api/v1', '/apis', '/apis/', '/openapi/v2', '/openapi/v3', '/openapi/v3/', '/version', ...healthPaths]
  for (const g of groups) {
    paths.push(`/apis/${g.name}`)
    for (const v of g.versions) paths.push(`/apis/${v.groupVersion}`)
  }
  // Go's sort.Strings: byte order.
  return { paths: [...new Set(paths)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) }
}
