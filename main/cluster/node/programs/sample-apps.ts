import type { ServerProgram } from './images'

/**
 * What the sample applications of the Kubernetes tutorials print when they
 * start, shaped like the real images' output: the Basics tutorial's
 * kubernetes-bootcamp (Node.js), Google's hello-app (Go), minikube's
 * hello-minikube (kicbase/echo-server, jmalloc's echo-server) and the e2e
 * agnhost image's `netexec`. What they answer is network/toolbox's
 * sample-app-replies.ts.
 */

type Line = { text: string; stream: 'stdout' | 'stderr' }

const pad = (n: number): string => String(n).padStart(2, '0')

/** Go's log package prefix (log.LstdFlags): `2024/07/28 15:50:21 `, in the container's UTC. */
export function goLogStamp(now: number): string {
  const d = new Date(now)
  return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
}

/**
 * A line of Go's standard log as agnhost writes it: its main routes the log
 * package through klog (component-base's logs.InitLogs), so every line has
 * klog's header: `I0911 09:19:26.677397       1 log.go:195] ` (severity,
 * month and day, time to the microsecond, the thread id right-aligned in 7
 * columns, the caller).
 */
export function klogLine(now: number, text: string): string {
  const d = new Date(now)
  const micros = String(Math.floor((now - Math.floor(now / 1000) * 1000) * 1000)).padStart(6, '0')
  return `I${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${micros} ${'1'.padStart(7)} log.go:195] ${text}`
}

/** The start-up lines of a sample application started at `now` with this hostname; undefined for other servers. */
export function sampleAppLines(server: ServerProgram, now: number, hostname: string): Line[] | undefined {
  const port = server.ports[0]?.port ?? 8080
  switch (server.name) {
    case 'kubernetes-bootcamp':
      // console.log("Kubernetes Bootcamp App Started At:", startTime, "| Running On: ", host, "\n"): the "\n" leaves an empty line.
      return [
        { text: `Kubernetes Bootcamp App Started At: ${new Date(now).toISOString()} | Running On:  ${hostname} `, stream: 'stdout' },
        { text: '', stream: 'stdout' }
      ]
    case 'hello-app':
      return [{ text: `${goLogStamp(now)} Server listening on port ${port}`, stream: 'stderr' }]
    case 'echo-server':
      return [{ text: `Echo server listening on port ${port}.`, stream: 'stdout' }]
    case 'netexec': {
      const lines: Line[] = [{ text: klogLine(now, `Started HTTP server on port ${port}`), stream: 'stderr' }]
      const udp = server.ports.find((p) => p.protocol === 'UDP')
      // log.Printf("Started UDP server on port %s %d", address, port) with the any-address "": two spaces.
      if (udp) lines.push({ text: klogLine(now, `Started UDP server on port  ${udp.port}`), stream: 'stderr' })
      return lines
    }
  }
  return undefined
}

/** kubernetes-bootcamp's /server.js (what module 3 of the tutorial cats), for the image's tag (`v2` answers v=2). */
export function bootcampServerJs(tag: string): string {
  const version = /^v(\d+)/.exec(tag)?.[1] ?? '1'
  return `var http = require('http');
var requests=0;
var podname= process.env.HOSTNAME;
var startTime;
var host;
var handleRequest = function(request, response) {
  response.setHeader('Content-Type', 'text/plain');
  response.writeHead(200);
  response.write("Hello Kubernetes bootcamp! | Running on: ");
  response.write(host);
  response.end(" | v=${version}\\n");
  console.log("Running On:" ,host, "| Total Requests:", ++requests,"| App Uptime:", (new Date() - startTime)/1000 , "seconds", "| Log Time:",new Date());
}
var www = http.createServer(handleRequest);
www.listen(8080,function () {
    startTime = new Date();;
    host = process.env.HOSTNAME;
    console.log ("Kubernetes Bootcamp App Started At:",startTime, "| Running On: " ,host, "\\n" );
});
`
}
