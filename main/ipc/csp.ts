/**
 * The renderer's Content-Security-Policy, the same in the app window (a
 * response header on everything it loads, besides the meta tag in
 * renderer/index.html) and in serve mode (a header on every UI response):
 * scripts only from the app itself, no eval, no plugins, no frames, no
 * remote content; connections only to the loopback (serve mode's WebSocket).
 * Styles allow inline style attributes: Vue's style bindings and
 * CodeMirror's injected theme use them.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self' ws://127.0.0.1:* http://127.0.0.1:*",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
  "worker-src 'self' blob:"
].join('; ')
