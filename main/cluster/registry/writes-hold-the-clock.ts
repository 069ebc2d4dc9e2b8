import type { Clock } from '../clock/types'
import type { Store } from '../storage/types'

/**
 * The store as the registry sees it: every write holds the cluster clock
 * until the storage acknowledges it. The acknowledgement waits on real I/O
 * (the persistence worker, an fsync), which an instant clock cannot see: it
 * would take the wait for idleness and jump ahead, and a kubelet whose lease
 * renewal was still in flight would miss 40 s of heartbeats in a blink.
 * Reads and watches pass straight through.
 */
export function writesHoldTheClock(store: Store, clock: Clock): Store {
  const held = <T>(write: Promise<T>): Promise<T> => {
    const release = clock.hold()
    return write.finally(release)
  }
  return {
    get revision() {
      return store.revision
    },
    get oldestWatchableRevision() {
      return store.oldestWatchableRevision
    },
    get: (key) => store.get(key),
    list: (prefix) => store.list(prefix),
    count: (prefix) => store.count(prefix),
    watch: (prefix, options, onEvent) => store.watch(prefix, options, onEvent),
    close: () => store.close(),
    create: (key, object) => held(store.create(key, object)),
    update: (key, object, preconditions) => held(store.update(key, object, preconditions)),
    delete: (key, preconditions) => held(store.delete(key, preconditions))
  }
}
