import { imageName, imageTag } from './images'
import { bootcampServerJs } from './sample-apps'

/**
 * Files an image brings beyond the busybox root every container shows
 * (file-system.ts): nginx's document root with its welcome and error pages,
 * which its server answers from (server-replies.ts), so a page written there
 * or mounted over it is what `curl` gets.
 */

/** The style block both of nginx's pages carry. */
const nginxStyle = `<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>`

/** The official nginx image's /usr/share/nginx/html/index.html (615 bytes, the Content-Length every tutorial shows). */
export const nginxWelcomePage = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
${nginxStyle}
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`

const nginx50x = `<!DOCTYPE html>
<html>
<head>
<title>Error</title>
${nginxStyle}
</head>
<body>
<h1>An error occurred.</h1>
<p>Sorry, the page you are looking for is currently unavailable.<br/>
Please try again later.</p>
<p>If you are the system administrator of this resource then you should check
the error log for details.</p>
<p><em>Faithfully yours, nginx.</em></p>
</body>
</html>
`

/** nginx's document root. */
export const nginxDocumentRoot = '/usr/share/nginx/html'

/** The files (absolute path -> content) an image adds to the busybox root. */
export function imageFiles(image: string): Map<string, string> {
  if (imageName(image) === 'nginx') {
    return new Map([
      [`${nginxDocumentRoot}/50x.html`, nginx50x],
      [`${nginxDocumentRoot}/index.html`, nginxWelcomePage]
    ])
  }
  // The Basics tutorial's app: its source, in the image's working directory.
  if (imageName(image) === 'kubernetes-bootcamp') return new Map([['/server.js', bootcampServerJs(imageTag(image))]])
  return new Map()
}
