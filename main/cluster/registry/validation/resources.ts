import { type Quantity, QuantityParseError, quantityFromJSON } from '../../apimachinery/quantity'
import { type FieldError, type FieldPath, field } from '../../apimachinery/field-errors'
import { isQualifiedName } from '../../apimachinery/validation'

/** Resource quantities and container requests/limits (ValidateContainerResourceRequirements). */

/** A quantity from JSON (string or number) as Quantity.UnmarshalJSON reads it, or undefined when it does not parse. */
export function toQuantity(v: unknown): Quantity | undefined {
  try {
    return quantityFromJSON(v)
  } catch (e) {
    if (e instanceof QuantityParseError) return undefined
    throw e
  }
}

/** Why a value is not a quantity (Kubernetes' own parse message), or undefined when it is one. */
export function quantityError(v: unknown): string | undefined {
  try {
    quantityFromJSON(v)
    return undefined
  } catch (e) {
    if (e instanceof QuantityParseError) return e.message
    throw e
  }
}

/**
 * SetDefaults_ResourceList: every quantity rounded up to milli precision and
 * written back in canonical form (`0.5` → `500m`, `1024Mi` → `1Gi`), as the
 * apiserver stores and returns it. Values that do not parse are left for validation.
 */
export function defaultResourceList(list: Record<string, string> | undefined): void {
  if (!list) return
  for (const [k, v] of Object.entries(list)) {
    const q = toQuantity(v)
    if (q) list[k] = q.roundUp(-3).quantity.toString()
  }
}

const standardContainerResources = ['cpu', 'memory', 'ephemeral-storage']

function isHugePages(name: string): boolean {
  return name.startsWith('hugepages-')
}

function isNativeResource(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/')
}

function isExtendedResource(name: string): boolean {
  if (isNativeResource(name) || name.startsWith('requests.')) return false
  return isQualifiedName('requests.' + name).length === 0
}

function isOvercommitAllowed(name: string): boolean {
  return isNativeResource(name) && !isHugePages(name)
}

function validateContainerResourceName(name: string, fp: FieldPath): FieldError[] {
  const errs = isQualifiedName(name).map((m) => field.invalid(fp.toString(), name, m))
  if (errs.length) return errs
  if (!name.includes('/')) {
    if (!standardContainerResources.includes(name) && !isHugePages(name)) return [field.invalid(fp.toString(), name, 'must be a standard resource for containers')]
  } else if (!isNativeResource(name) && !isExtendedResource(name)) {
    return [field.invalid(fp.toString(), name, "doesn't follow extended resource name standard")]
  }
  return []
}

function validateQuantityValue(name: string, q: Quantity, fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  if (q.sign() < 0) errs.push(field.invalid(fp.toString(), q.toString(), 'must be greater than or equal to 0'))
  if (isExtendedResource(name) && q.milliValue() % 1000 !== 0) errs.push(field.invalid(fp.toString(), q.toString(), 'must be an integer'))
  return errs
}

/** A container's resources as ValidateContainerResourceRequirements checks them. */
export function validateResourceRequirements(r: { limits?: Record<string, string>; requests?: Record<string, string> }, fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  const limPath = fp.child('limits')
  const reqPath = fp.child('requests')
  const limits = new Map<string, Quantity>()
  let limCpuMem = false
  let reqCpuMem = false
  let huge = false
  for (const [name, raw] of Object.entries(r.limits ?? {})) {
    const p = limPath.key(name)
    errs.push(...validateContainerResourceName(name, p))
    const q = toQuantity(raw)
    if (!q) {
      // The real apiserver fails to decode such a request (400); here it is reported at its field.
      errs.push(field.invalid(p.toString(), raw, quantityError(raw) ?? ''))
      continue
    }
    limits.set(name, q)
    errs.push(...validateQuantityValue(name, q, p))
    if (isHugePages(name)) huge = true
    if (name === 'cpu' || name === 'memory') limCpuMem = true
  }
  for (const [name, raw] of Object.entries(r.requests ?? {})) {
    const p = reqPath.key(name)
    errs.push(...validateContainerResourceName(name, p))
    const q = toQuantity(raw)
    if (!q) {
      errs.push(field.invalid(p.toString(), raw, quantityError(raw) ?? ''))
      continue
    }
    errs.push(...validateQuantityValue(name, q, p))
    const lim = limits.get(name)
    if (lim) {
      if (q.cmp(lim) !== 0 && !isOvercommitAllowed(name)) errs.push(field.invalid(reqPath.toString(), q.toString(), `must be equal to ${name} limit of ${lim.toString()}`))
      else if (q.cmp(lim) > 0) errs.push(field.invalid(reqPath.toString(), q.toString(), `must be less than or equal to ${name} limit of ${lim.toString()}`))
    } else if (!isOvercommitAllowed(name) && r.limits?.[name] === undefined) {
      errs.push(field.required(limPath.toString(), 'Limit must be set for non overcommitable resources'))
    }
    if (isHugePages(name)) huge = true
    if (name === 'cpu' || name === 'memory') reqCpuMem = true
  }
  if (huge && !limCpuMem && !reqCpuMem) errs.push(field.forbidden(fp.toString(), 'HugePages require cpu or memory'))
  return errs
}
