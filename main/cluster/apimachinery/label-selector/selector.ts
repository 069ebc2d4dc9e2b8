/**
 * The Selector: the AND of its requirements, and labels.SelectorFromSet.
 */

import { compareStrings, newRequirement, Requirement } from './requirement'

/**
 * A parsed label selector: the AND of its requirements, kept sorted by key
 * (stably, so that String() is deterministic as in Kubernetes).
 */
export class Selector {
  private constructor(
    readonly requirements: readonly Requirement[],
    /** True only for Nothing(): the selector of a nil LabelSelector, matching no object. */
    readonly matchesNothing: boolean
  ) {}

  /** Matches every label set; the empty selector. */
  static everything(): Selector {
    return new Selector([], false)
  }

  /** Matches no label set (what a nil metav1.LabelSelector converts to). */
  static nothing(): Selector {
    return new Selector([], true)
  }

  /** A selector of the given requirements, sorted by key. */
  static of(requirements: readonly Requirement[]): Selector {
    return new Selector(sortByKey(requirements), false)
  }

  /** Whether every requirement matches the labels. */
  matches(labels: Readonly<Record<string, string>> | undefined): boolean {
    if (this.matchesNothing) return false
    return this.requirements.every((r) => r.matches(labels))
  }

  /** True when the selector restricts nothing (Everything, or parsed from ""). */
  empty(): boolean {
    return !this.matchesNothing && this.requirements.length === 0
  }

  /** Canonical form: requirements sorted by key, joined by ",". Nothing() prints "". */
  toString(): string {
    return this.requirements.map((r) => r.toString()).join(',')
  }

  /** A new selector with more requirements, re-sorted by key. */
  add(...requirements: Requirement[]): Selector {
    if (this.matchesNothing) return this
    return new Selector(sortByKey([...this.requirements, ...requirements]), false)
  }

  /**
   * The single value the selector demands for `key` (via `=`, `==` or a
   * one-value `in`), so callers can use an index; undefined otherwise.
   * As Kubernetes, only the first requirement on the key is considered.
   */
  requiresExactMatch(key: string): string | undefined {
    const r = this.requirements.find((x) => x.key === key)
    if (!r) return undefined
    if ((r.operator === '=' || r.operator === '==' || r.operator === 'in') && r.values.length === 1) return r.values[0]
    return undefined
  }
}

function sortByKey(requirements: readonly Requirement[]): Requirement[] {
  return [...requirements].sort((a, b) => compareStrings(a.key, b.key))
}

/** labels.SelectorFromSet: `k=v` for each entry, unvalidated; an empty set selects everything. */
export function selectorFromSet(set: Readonly<Record<string, string>> | undefined | null): Selector {
  return Selector.of(Object.entries(set ?? {}).map(([k, v]) => new Requirement(k, '=', [v])))
}

/** labels.ValidatedSelectorFromSet: as selectorFromSet, but throws (400) on a bad key or value. */
export function validatedSelectorFromSet(set: Readonly<Record<string, string>> | undefined | null): Selector {
  return Selector.of(Object.entries(set ?? {}).map(([k, v]) => newRequirement(k, '=', [v])))
}
