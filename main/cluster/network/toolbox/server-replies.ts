import type { Pod } from 'kubernetes-types/core/v1'

/**
 * What well-known servers answer a plain HTTP GET, shaped like the real
 * software: nginx's and httpd's default pages, the guestbook frontend, and
 * Redis, which treats an HTTP request as a cross-protocol attack and closes
 * the connection without a reply. Unknown servers answer 200 with no body.
 */
export type HttpReply = { kind: 'response'; status: number; reason: string; server?: string; contentType: string; body: string } | { kind: 'empty' }

function imageOf(pod: Pod, container: string): string {
  const image = pod.spec?.containers.find((c) => c.name === container)?.image ?? ''
  const last = image.split('@')[0].split('/').pop() ?? ''
  return last.split(':')[0]
}

const nginxPage = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>
</body>
</html>
`

const guestbookPage = `<html ng-app="redis">
  <head>
    <title>Guestbook</title>
  </head>
  <body ng-controller="RedisCtrl">
    <div style="margin-left:20px;">
      <h2>Guestbook</h2>
    </div>
  </body>
</html>
`

export function httpReply(pod: Pod, container: string, path: string): HttpReply {
  const image = imageOf(pod, container)
  if (image === 'redis' || image.includes('redis')) return { kind: 'empty' }
  if (image === 'nginx') {
    if (path !== '/' && path !== '/index.html') return { kind: 'response', status: 404, reason: 'Not Found', server: 'nginx', contentType: 'text/html', body: '<html>\n<head><title>404 Not Found</title></head>\n<body>\n<center><h1>404 Not Found</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n' }
    return { kind: 'response', status: 200, reason: 'OK', server: 'nginx', contentType: 'text/html', body: nginxPage }
  }
  if (image === 'httpd') return { kind: 'response', status: 200, reason: 'OK', server: 'Apache', contentType: 'text/html', body: '<html><body><h1>It works!</h1></body></html>\n' }
  if (image === 'gb-frontend') return { kind: 'response', status: 200, reason: 'OK', server: 'Apache', contentType: 'text/html', body: guestbookPage }
  return { kind: 'response', status: 200, reason: 'OK', contentType: 'text/plain', body: '' }
}
