/**
 * Serve mode started by a test harness (in a process group of its own, so a
 * signal reaches node and not just npx) outlives its parent when the harness
 * is killed outright: nothing is left to signal it. With
 * KUBELAB_EXIT_WITH_PARENT=<pid> in its environment, serve checks every
 * couple of seconds that the process is still alive and shuts down cleanly
 * when it is gone. Users running `npm run serve` never set it.
 */
export function watchParent(env: NodeJS.ProcessEnv, onGone: () => void, everyMs = 2_000): void {
  const pid = Number(env.KUBELAB_EXIT_WITH_PARENT)
  if (!Number.isInteger(pid) || pid <= 0) return
  const timer = setInterval(() => {
    if (isAlive(pid)) return
    clearInterval(timer)
    onGone()
  }, everyMs)
  timer.unref()
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}
