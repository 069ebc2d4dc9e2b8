import type { Pod } from 'kubernetes-types/core/v1'
import type { ContainerFiles } from '../../world/types'

/**
 * What a container's processes see of its file system: the image's tiny root
 * (a busybox tree) and, over it, the pod's volumes at their mount paths.
 * `volumeFiles(name)` gives a volume's files when asked (inside-volume path
 * -> content), so a ConfigMap volume shows the ConfigMap as it is now.
 */

/** A tiny root file system, as a busybox image shows it. */
const busyboxRoot: Record<string, string[]> = {
  '/': ['bin', 'dev', 'etc', 'home', 'lib', 'proc', 'root', 'sys', 'tmp', 'usr', 'var'],
  '/etc': ['group', 'hostname', 'hosts', 'localtime', 'network', 'passwd', 'resolv.conf', 'shadow'],
  '/var': ['run', 'spool', 'www'],
  '/usr': ['sbin'],
  '/root': [],
  '/home': [],
  '/tmp': [],
  '/dev': ['null', 'random', 'stderr', 'stdin', 'stdout', 'termination-log', 'tty', 'urandom', 'zero'],
  '/var/run': []
}

/** `//a/b/` -> `/a/b`. */
export function normalPath(raw: string): string {
  const parts = raw.split('/').filter((p) => p && p !== '.')
  return `/${parts.join('/')}`
}

function parentOf(path: string): string {
  const i = path.lastIndexOf('/')
  return i <= 0 ? '/' : path.slice(0, i)
}

/** Builds the view: directories with their entries, files with their contents (the image's own files have none modelled: they are listed, not read). */
class Tree implements ContainerFiles {
  private readonly dirs = new Map<string, Set<string>>()
  private readonly files = new Map<string, string | undefined>()

  constructor() {
    for (const [dir, names] of Object.entries(busyboxRoot)) {
      this.dir(dir)
      for (const name of names) if (!((dir === '/' ? `/${name}` : `${dir}/${name}`) in busyboxRoot)) this.file(dir === '/' ? `/${name}` : `${dir}/${name}`, undefined)
    }
  }

  dir(path: string): void {
    if (this.dirs.has(path)) return
    this.dirs.set(path, new Set())
    this.files.delete(path)
    if (path !== '/') {
      this.dir(parentOf(path))
      this.dirs.get(parentOf(path))!.add(path.slice(path.lastIndexOf('/') + 1))
    }
  }

  file(path: string, content: string | undefined): void {
    this.dir(parentOf(path))
    this.dirs.get(parentOf(path))!.add(path.slice(path.lastIndexOf('/') + 1))
    this.files.set(path, content)
  }

  /** A mount hides what the image had at its path. */
  clear(path: string): void {
    for (const key of [...this.dirs.keys()]) if (key === path || key.startsWith(`${path}/`)) this.dirs.delete(key)
    for (const key of [...this.files.keys()]) if (key === path || key.startsWith(`${path}/`)) this.files.delete(key)
  }

  read(path: string): string | undefined {
    return this.files.get(normalPath(path))
  }

  list(path: string): string[] | undefined {
    const entries = this.dirs.get(normalPath(path))
    return entries && [...entries].sort()
  }
}

/** The file system of one container of the pod. */
export function containerFileSystem(pod: Pod, container: string, volumeFiles: (volume: string) => Map<string, string> | undefined): ContainerFiles {
  const spec = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find((c) => c.name === container)
  const tree = new Tree()
  for (const mount of spec?.volumeMounts ?? []) {
    const at = normalPath(mount.mountPath)
    const files = volumeFiles(mount.name) ?? new Map<string, string>()
    tree.clear(at)
    if (mount.subPath) {
      const sub = normalPath(mount.subPath).slice(1)
      const content = files.get(sub)
      if (content !== undefined) {
        tree.file(at, content)
        continue
      }
      tree.dir(at)
      for (const [path, c] of files) if (path.startsWith(`${sub}/`)) tree.file(`${at}/${path.slice(sub.length + 1)}`, c)
      continue
    }
    tree.dir(at)
    for (const [path, content] of files) tree.file(normalPath(`${at}/${path}`), content)
  }
  return tree
}

/** The image's root alone (a process with no pod volumes to show). */
export const imageRoot: ContainerFiles = new Tree()
