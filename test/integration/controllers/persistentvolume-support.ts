import type { Event, PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1'
import type { Cluster } from '../../../main/cluster/cluster'
import { waitFor } from '../../support/wait'

export const pvGVR = { group: '', version: 'v1', resource: 'persistentvolumes' }
export const pvcGVR = { group: '', version: 'v1', resource: 'persistentvolumeclaims' }
export const podsGVR = { group: '', version: 'v1', resource: 'pods' }
export const eventsGVR = { group: '', version: 'v1', resource: 'events' }
export const classesGVR = { group: 'storage.k8s.io', version: 'v1', resource: 'storageclasses' }

/** A hostPath volume of the given size, class '' unless told. */
export function volume(name: string, size: string, extra: Partial<NonNullable<PersistentVolume['spec']>> = {}, labels?: Record<string, string>): PersistentVolume {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name, ...(labels ? { labels } : {}) },
    spec: { capacity: { storage: size }, accessModes: ['ReadWriteOnce'], hostPath: { path: `/data/${name}` }, storageClassName: '', ...extra }
  }
}

/** A claim in default; storageClassName '' (no class) unless extra says otherwise (undefined asks for the default class). */
export function claim(name: string, size: string, extra: Partial<NonNullable<PersistentVolumeClaim['spec']>> = {}): PersistentVolumeClaim {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: 'default' },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: size } }, storageClassName: '', ...extra }
  }
}

/** A pod mounting the claim. */
export function podUsing(name: string, claimName: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: {
      containers: [{ name: 'app', image: 'busybox:1.36', volumeMounts: [{ name: 'data', mountPath: '/data' }] }],
      volumes: [{ name: 'data', persistentVolumeClaim: { claimName } }]
    }
  }
}

export async function claimWhen(c: Cluster, name: string, check: (pvc: PersistentVolumeClaim) => boolean, what: string): Promise<PersistentVolumeClaim> {
  return waitFor(async () => {
    const got = await c.client.resource<PersistentVolumeClaim>(pvcGVR).get('default', name)
    return check(got) ? got : undefined
  }, what)
}

export async function volumeWhen(c: Cluster, name: string, check: (pv: PersistentVolume | undefined) => boolean, what: string): Promise<true> {
  return waitFor(async () => {
    let pv: PersistentVolume | undefined
    try {
      pv = await c.client.resource<PersistentVolume>(pvGVR).get(undefined, name)
    } catch {
      pv = undefined
    }
    return check(pv) || undefined
  }, what)
}

/** Events about one object, oldest first. */
export async function eventsFor(c: Cluster, name: string, namespace = 'default'): Promise<Event[]> {
  const list = await c.client.resource<Event>(eventsGVR).list(namespace)
  return list.items.filter((e) => e.involvedObject.name === name)
}

/** Waits for an event with that reason about the object. */
export async function eventWith(c: Cluster, name: string, reason: string): Promise<Event> {
  return waitFor(async () => (await eventsFor(c, name)).find((e) => e.reason === reason), `${reason} event on ${name}`)
}
