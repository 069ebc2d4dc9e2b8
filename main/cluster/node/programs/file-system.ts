import type { Pod } from 'kubernetes-types/core/v1'
import type { ContainerFiles, FileError } from '../../world/types'
import type { WritableLayer } from '../../world/writable-storage'
import { imageFiles } from './image-files'
import { etcGroup, etcPasswd } from './etc-files'
import { containerSpec } from '../pod-containers'

/**
 * What a container's processes see of its file system: the image's tiny root
 * (a busybox tree with its /etc/passwd and /etc/group, plus what some images add: image-files.ts) with the container's writable layer over it and, over
 * both, the pod's volumes at their mount paths. `volume(name)` gives a
 * volume's files when asked (inside-volume path -> content), so a ConfigMap
 * volume shows the ConfigMap as it is now, and the layer that takes writes
 * to it (emptyDir, persistent and host volumes); ConfigMap, Secret, downward
 * API and projected volumes, and mounts marked readOnly, take none.
 */

/** A volume as mounted: its files, and where writes to it go (none: read-only). */
export interface MountedVolume {
  files: Map<string, string>
  layer?: WritableLayer
}

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

/** A mount point: where it is, the layer writes under it go to (none: read-only), and the volume path it shows. */
interface Mount {
  at: string
  layer?: WritableLayer
  subPath: string
}

const under = (path: string, dir: string): boolean => dir === '/' || path === dir || path.startsWith(`${dir}/`)
const join = (dir: string, rest: string): string => (dir && rest ? `${dir}/${rest}` : dir || rest)

/** The view: directories with their entries, files with their contents (most of the image's own files have none modelled: they are listed, not read). */
class Tree implements ContainerFiles {
  private readonly dirs = new Map<string, Set<string>>()
  private readonly files = new Map<string, string | undefined>()
  /** Deepest first, so a lookup finds the innermost mount. */
  private readonly mounts: Mount[] = []

  constructor(private readonly upper?: WritableLayer, imageOwn: Map<string, string> = new Map()) {
    for (const [dir, names] of Object.entries(busyboxRoot)) {
      this.dir(dir)
      for (const name of names) if (!((dir === '/' ? `/${name}` : `${dir}/${name}`) in busyboxRoot)) this.file(dir === '/' ? `/${name}` : `${dir}/${name}`, undefined)
    }
    this.file('/etc/passwd', etcPasswd)
    this.file('/etc/group', etcGroup)
    for (const [path, content] of imageOwn) this.file(path, content)
    if (upper) this.overlay('/', upper)
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

  /** Removes a path and its name from its directory. */
  unlink(path: string): void {
    this.clear(path)
    this.dirs.get(parentOf(path))?.delete(path.slice(path.lastIndexOf('/') + 1))
  }

  /** Puts a writable layer's changes over what is at `at`: removals first, then what was made. */
  overlay(at: string, layer: WritableLayer, subPath = ''): void {
    const shown = (rel: string): string | undefined => {
      if (!subPath) return rel
      if (rel === subPath) return ''
      return rel.startsWith(`${subPath}/`) ? rel.slice(subPath.length + 1) : undefined
    }
    const place = (rel: string): string | undefined => {
      const inside = at === '/' ? rel : shown(rel)
      return inside === undefined ? undefined : normalPath(at === '/' ? inside : `${at}/${inside}`)
    }
    for (const rel of layer.removed) {
      const p = place(rel)
      if (p && p !== at) this.unlink(p)
    }
    for (const rel of layer.dirs) {
      const p = place(rel)
      if (p) this.dir(p)
    }
    for (const [rel, content] of layer.files) {
      const p = place(rel)
      if (p) this.file(p, content)
    }
  }

  mount(at: string, volume: MountedVolume, subPath: string, readOnly: boolean): void {
    this.clear(at)
    const removed = volume.layer?.removed
    const hidden = (rel: string): boolean => !!removed && [...removed].some((r) => rel === r || rel.startsWith(`${r}/`))
    const files = [...volume.files].filter(([rel]) => !hidden(rel))
    if (subPath) {
      const content = files.find(([rel]) => rel === subPath)?.[1]
      if (content !== undefined) this.file(at, content)
      else {
        this.dir(at)
        for (const [rel, c] of files) if (rel.startsWith(`${subPath}/`)) this.file(`${at}/${rel.slice(subPath.length + 1)}`, c)
      }
    } else {
      this.dir(at)
      for (const [rel, content] of files) this.file(normalPath(`${at}/${rel}`), content)
    }
    if (volume.layer) this.overlay(at, volume.layer, subPath)
    this.mounts.push({ at, layer: readOnly ? undefined : volume.layer, subPath })
    this.mounts.sort((a, b) => b.at.length - a.at.length)
  }

  read(path: string): string | undefined {
    return this.files.get(normalPath(path))
  }

  list(path: string): string[] | undefined {
    const entries = this.dirs.get(normalPath(path))
    return entries && [...entries].sort()
  }

  write(raw: string, content: string, append = false): FileError | undefined {
    const path = normalPath(raw)
    if (this.dirs.has(path)) return 'EISDIR'
    const missing = this.parentMissing(path)
    if (missing) return missing
    const target = this.writable(path)
    if (typeof target === 'string') return target
    const next = append ? (this.files.get(path) ?? '') + content : content
    target.layer.files.set(target.rel, next)
    this.file(path, next)
    return undefined
  }

  mkdir(raw: string, parents = false): FileError | undefined {
    const path = normalPath(raw)
    if (this.dirs.has(path)) return parents ? undefined : 'EEXIST'
    if (this.files.has(path)) return 'EEXIST'
    if (parents && !this.dirs.has(parentOf(path))) {
      const failed = this.mkdir(parentOf(path), true)
      if (failed) return failed
    }
    const missing = this.parentMissing(path)
    if (missing) return missing
    const target = this.writable(path)
    if (typeof target === 'string') return target
    target.layer.dirs.add(target.rel)
    this.dir(path)
    return undefined
  }

  remove(raw: string, recursive = false): FileError | undefined {
    const path = normalPath(raw)
    const isDir = this.dirs.has(path)
    if (!isDir && !this.files.has(path)) return 'ENOENT'
    if (isDir && !recursive) return 'EISDIR'
    if (path === '/' || this.mounts.some((m) => m.at === path)) return 'EBUSY'
    const target = this.writable(path)
    if (typeof target === 'string') return target
    const { layer, rel } = target
    for (const f of [...layer.files.keys()]) if (f === rel || f.startsWith(`${rel}/`)) layer.files.delete(f)
    for (const d of [...layer.dirs]) if (d === rel || d.startsWith(`${rel}/`)) layer.dirs.delete(d)
    layer.removed.add(rel)
    this.unlink(path)
    return undefined
  }

  private parentMissing(path: string): FileError | undefined {
    const parent = parentOf(path)
    if (this.dirs.has(parent)) return undefined
    return this.files.has(parent) ? 'ENOTDIR' : 'ENOENT'
  }

  /** The layer a change at `path` goes to and the path inside it, or EROFS. */
  private writable(path: string): { layer: WritableLayer; rel: string } | FileError {
    const mount = this.mounts.find((m) => under(path, m.at))
    if (!mount) return this.upper ? { layer: this.upper, rel: path } : 'EROFS'
    if (!mount.layer) return 'EROFS'
    return { layer: mount.layer, rel: join(mount.subPath, path === mount.at ? '' : path.slice(mount.at.length + 1)) }
  }
}

/** The file system of one container of the pod, with its writable layer (none: nothing outside volumes can be written). */
export function containerFileSystem(pod: Pod, container: string, volume: (name: string) => MountedVolume | undefined, upper?: WritableLayer): ContainerFiles {
  const spec = containerSpec(pod, container)
  const tree = new Tree(upper, imageFiles(spec?.image ?? ''))
  for (const mount of spec?.volumeMounts ?? []) {
    const subPath = mount.subPath ? normalPath(mount.subPath).slice(1) : ''
    tree.mount(normalPath(mount.mountPath), volume(mount.name) ?? { files: new Map() }, subPath, !!mount.readOnly)
  }
  return tree
}

/** The image's root alone (a process with no pod volumes to show). */
export const imageRoot: ContainerFiles = new Tree()
