/**
 * How long the simulated runtime takes for each step of a pod's life, in ms
 * of cluster time: data, so a lesson or a test can make a cluster slower or
 * faster without touching the lifecycle. Pod annotations (sim-annotations.ts)
 * override some of them per pod.
 */
export interface Timings {
  /** Creating the pause container and its network namespace (CNI ADD). */
  sandboxMs: number
  /** Retrying a sandbox that could not be created (no free IP). */
  sandboxRetryMs: number
  /** How long a container whose ConfigMap or Secret is missing waits before the kubelet tries again (its pod worker's back-off). */
  configRetryMs: number
  /** Fastest image pull; each image gets a fixed time between this and pullMaxMs, by name. */
  pullMinMs: number
  /** Slowest image pull. */
  pullMaxMs: number
  /** CreateContainer. */
  createMs: number
  /** StartContainer (the startup-delay annotation replaces it). */
  startMs: number
  /** How long an init container runs before it exits 0. */
  initRunMs: number
  /** How long a container takes to stop after SIGTERM; the grace period caps it. */
  stopMs: number
}

/** Small defaults: a pod is Running about two seconds after it is bound. */
export const defaultTimings: Timings = {
  sandboxMs: 200,
  sandboxRetryMs: 10_000,
  configRetryMs: 10_000,
  pullMinMs: 500,
  pullMaxMs: 2000,
  createMs: 50,
  startMs: 100,
  initRunMs: 1000,
  stopMs: 100
}
