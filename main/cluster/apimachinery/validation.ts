import type { ObjectMeta } from 'kubernetes-types/meta/v1'
import { type FieldError, type FieldPath, field } from './field-errors'

/**
 * Name, label and metadata validation with Kubernetes' own messages
 * (k8s.io/apimachinery/pkg/util/validation and api/validation). Each check
 * returns a list of problems; callers attach them to field paths.
 */

const dns1123LabelFmt = '[a-z0-9]([-a-z0-9]*[a-z0-9])?'
const dns1123SubdomainFmt = `${dns1123LabelFmt}(\\.${dns1123LabelFmt})*`
const dns1035LabelFmt = '[a-z]([-a-z0-9]*[a-z0-9])?'
const qualifiedNameFmt = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]'
const labelValueFmt = `(${qualifiedNameFmt})?`
const cIdentifierFmt = '[A-Za-z_][A-Za-z0-9_]*'

const dns1123LabelRe = new RegExp(`^${dns1123LabelFmt}$`)
const dns1123SubdomainRe = new RegExp(`^${dns1123SubdomainFmt}$`)
const dns1035LabelRe = new RegExp(`^${dns1035LabelFmt}$`)
const qualifiedNameRe = new RegExp(`^${qualifiedNameFmt}$`)
const labelValueRe = new RegExp(`^${labelValueFmt}$`)
const cIdentifierRe = new RegExp(`^${cIdentifierFmt}$`)

export const DNS1123LabelMaxLength = 63
export const DNS1123SubdomainMaxLength = 253
export const LabelValueMaxLength = 63
export const QualifiedNameMaxLength = 63
/** Total size of all annotations of one object. */
export const TotalAnnotationSizeLimitB = 256 * 1024

/** A format error as Go's validation.RegexError words it, with examples when there are some. */
export function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`
  return `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${fmt}')`
}

// The DNS name forms' format errors, worded once: every write checks a few names, and building the message
// for each check, valid names included, was most of what name validation allocated.
const dns1123LabelError = regexError("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character", dns1123LabelFmt, 'my-name', '123-abc')
const dns1123SubdomainError = regexError("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character", dns1123SubdomainFmt, 'example.com')
const dns1035LabelError = regexError("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character", dns1035LabelFmt, 'my-name', 'abc-123')

/** The two checks every DNS name form makes: a maximum length, then the format. */
function dnsNameErrors(value: string, maxLength: number, re: RegExp, format: string): string[] {
  const errs: string[] = []
  if (value.length > maxLength) errs.push(maxLenError(maxLength))
  if (!re.test(value)) errs.push(format)
  return errs
}

function maxLenError(n: number): string {
  return `must be no more than ${n} characters`
}

/** RFC 1123 label: namespace names, container names, port names... */
export function isDNS1123Label(value: string): string[] {
  return dnsNameErrors(value, DNS1123LabelMaxLength, dns1123LabelRe, dns1123LabelError)
}

/** RFC 1123 subdomain: most object names. */
export function isDNS1123Subdomain(value: string): string[] {
  return dnsNameErrors(value, DNS1123SubdomainMaxLength, dns1123SubdomainRe, dns1123SubdomainError)
}

/** RFC 1035 label: Service names. */
export function isDNS1035Label(value: string): string[] {
  return dnsNameErrors(value, DNS1123LabelMaxLength, dns1035LabelRe, dns1035LabelError)
}

/** Label keys, annotation keys, finalizers: `[prefix/]name`. */
export function isQualifiedName(value: string): string[] {
  // Every write validates the same few label, annotation and key names: a valid one is remembered.
  if (validQualifiedNames.has(value)) return []
  const errs = qualifiedNameErrors(value)
  if (errs.length === 0) {
    if (validQualifiedNames.size >= 4096) validQualifiedNames.clear()
    validQualifiedNames.add(value)
  }
  return errs
}

const validQualifiedNames = new Set<string>()

function qualifiedNameErrors(value: string): string[] {
  const errs: string[] = []
  const parts = value.split('/')
  let name: string
  if (parts.length === 1) {
    name = parts[0]
  } else if (parts.length === 2) {
    const [prefix, n] = parts
    name = n
    if (prefix.length === 0) errs.push('prefix part must be non-empty')
    else for (const msg of isDNS1123Subdomain(prefix)) errs.push('prefix part ' + msg)
  } else {
    return [
      'a qualified name ' +
        regexError(
          "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
          qualifiedNameFmt,
          'MyName',
          'my.name',
          '123-abc'
        ) +
        " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
    ]
  }
  if (name.length === 0) errs.push('name part must be non-empty')
  else if (name.length > QualifiedNameMaxLength) errs.push('name part ' + maxLenError(QualifiedNameMaxLength))
  if (!qualifiedNameRe.test(name)) {
    errs.push(
      'name part ' +
        regexError(
          "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
          qualifiedNameFmt,
          'MyName',
          'my.name',
          '123-abc'
        )
    )
  }
  return errs
}

/** Label values: empty, or up to 63 of [-A-Za-z0-9_.] starting and ending alphanumeric. */
export function isValidLabelValue(value: string): string[] {
  const errs: string[] = []
  if (value.length > LabelValueMaxLength) errs.push(maxLenError(LabelValueMaxLength))
  if (!labelValueRe.test(value)) {
    errs.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        labelValueFmt,
        'MyValue',
        'my_value',
        '12345'
      )
    )
  }
  return errs
}

/** Environment variable names of the C-identifier form. */
export function isCIdentifier(value: string): string[] {
  if (cIdentifierRe.test(value)) return []
  return [regexError("a valid C identifier must start with alphabetic character or '_', followed by a string of alphanumeric characters or '_'", cIdentifierFmt, 'my_name', 'MY_NAME', 'MyName')]
}

/** A port number, 1..65535. */
export function isValidPortNum(port: number): string[] {
  if (Number.isInteger(port) && port >= 1 && port <= 65535) return []
  return ['must be between 1 and 65535, inclusive']
}

/** An IANA_SVC_NAME port name: at most 15 chars, lower-case letters, digits and '-', with a letter. */
export function isValidPortName(name: string): string[] {
  const errs: string[] = []
  if (name.length > 15) errs.push(maxLenError(15))
  if (!/^[-a-z0-9]+$/.test(name)) errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")
  if (name.includes('--')) errs.push("must not contain consecutive hyphens")
  if (name.length > 0 && !/[a-z]/.test(name)) errs.push('must contain at least one letter (a-z)')
  if (name.startsWith('-') || name.endsWith('-')) errs.push('must not begin or end with a hyphen')
  return errs
}

/** Names that are safe as a URL path segment, as path.IsValidPathSegmentName. */
export function isValidPathSegmentName(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`]
  const errs: string[] = []
  if (name.includes('/')) errs.push("may not contain '/'")
  if (name.includes('%')) errs.push("may not contain '%'")
  return errs
}

/** How a kind's names are validated: most kinds use DNS-1123 subdomains. */
export type NameValidator = (name: string, prefix: boolean) => string[]

/** Validates as a DNS-1123 subdomain; with prefix, tolerates a trailing '-' (generateName). */
export const nameIsDNSSubdomain: NameValidator = (name, prefix) => isDNS1123Subdomain(prefix ? maskTrailingDash(name) : name)
/** Validates as a DNS-1123 label (namespaces). */
export const nameIsDNSLabel: NameValidator = (name, prefix) => isDNS1123Label(prefix ? maskTrailingDash(name) : name)
/** Validates as a DNS-1035 label (services). */
export const nameIsDNS1035Label: NameValidator = (name, prefix) => isDNS1035Label(prefix ? maskTrailingDash(name) : name)
/** Only path-segment rules (e.g. events and some cluster objects allow ':'). */
export const nameIsPathSegment: NameValidator = (name) => isValidPathSegmentName(name)

function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith('-') ? name.slice(0, -1) + 'a' : name
}

/** Labels: each key a qualified name, each value a label value. */
export function validateLabels(labels: Record<string, string> | undefined, fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  for (const [k, v] of Object.entries(labels ?? {})) {
    for (const msg of isQualifiedName(k)) errs.push(field.invalid(fp.toString(), k, msg))
    // Kubernetes reports bad values at the map's path, not the key's.
    if (typeof v !== 'string') errs.push(field.invalid(fp.toString(), v, 'must be a string'))
    else for (const msg of isValidLabelValue(v)) errs.push(field.invalid(fp.toString(), v, msg))
  }
  return errs
}

/** Annotations: qualified-name keys (lower-cased), total size at most 256 KiB. */
export function validateAnnotations(annotations: Record<string, string> | undefined, fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  let total = 0
  for (const [k, v] of Object.entries(annotations ?? {})) {
    for (const msg of isQualifiedName(k.toLowerCase())) errs.push(field.invalid(fp.toString(), k, msg))
    total += k.length + (typeof v === 'string' ? v.length : 0)
  }
  if (total > TotalAnnotationSizeLimitB) errs.push(field.tooLong(fp.toString(), '', TotalAnnotationSizeLimitB))
  return errs
}

export interface ObjectMetaRules {
  namespaced: boolean
  validateName: NameValidator
}

/** ObjectMeta on create: name or generateName, namespace presence, labels, annotations, owner references, finalizers. */
export function validateObjectMeta(meta: ObjectMeta, rules: ObjectMetaRules, fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  if (meta.generateName) {
    for (const msg of rules.validateName(meta.generateName, true)) errs.push(field.invalid(fp.child('generateName').toString(), meta.generateName, msg))
  }
  if (!meta.name) {
    errs.push(field.required(fp.child('name').toString(), 'name or generateName is required'))
  } else {
    for (const msg of rules.validateName(meta.name, false)) errs.push(field.invalid(fp.child('name').toString(), meta.name, msg))
  }
  if (rules.namespaced) {
    if (!meta.namespace) errs.push(field.required(fp.child('namespace').toString()))
    else for (const msg of isDNS1123Label(meta.namespace)) errs.push(field.invalid(fp.child('namespace').toString(), meta.namespace, msg))
  } else if (meta.namespace) {
    errs.push(field.forbidden(fp.child('namespace').toString(), 'not allowed on this type'))
  }
  errs.push(...validateLabels(meta.labels, fp.child('labels')))
  errs.push(...validateAnnotations(meta.annotations, fp.child('annotations')))
  ;(meta.ownerReferences ?? []).forEach((ref, i) => {
    const rp = fp.child('ownerReferences').index(i)
    if (!ref.apiVersion) errs.push(field.invalid(rp.child('apiVersion').toString(), ref.apiVersion ?? '', 'version must not be empty'))
    if (!ref.kind) errs.push(field.invalid(rp.child('kind').toString(), ref.kind ?? '', 'kind must not be empty'))
    if (!ref.name) errs.push(field.invalid(rp.child('name').toString(), ref.name ?? '', 'name must not be empty'))
    if (!ref.uid) errs.push(field.invalid(rp.child('uid').toString(), ref.uid ?? '', 'uid must not be empty'))
  })
  if ((meta.ownerReferences ?? []).filter((r) => r.controller).length > 1) {
    errs.push(field.invalid(fp.child('ownerReferences').toString(), meta.ownerReferences, 'Only one reference can have Controller set to true'))
  }
  ;(meta.finalizers ?? []).forEach((f, i) => {
    for (const msg of isQualifiedName(f)) errs.push(field.invalid(fp.child('finalizers').index(i).toString(), f, msg))
  })
  return errs
}

/** `field is immutable` when a value changed, as ValidateImmutableField. */
export function validateImmutable(newValue: unknown, oldValue: unknown, fp: FieldPath | string): FieldError[] {
  if (deepEqual(newValue, oldValue)) return []
  return [field.invalid(fp.toString(), newValue, 'field is immutable')]
}

/** ObjectMeta on update: the identity fields may not change. */
export function validateObjectMetaUpdate(meta: ObjectMeta, old: ObjectMeta, fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  errs.push(...validateImmutable(meta.name, old.name, fp.child('name')))
  errs.push(...validateImmutable(meta.namespace, old.namespace, fp.child('namespace')))
  errs.push(...validateImmutable(meta.uid, old.uid, fp.child('uid')))
  errs.push(...validateImmutable(meta.creationTimestamp, old.creationTimestamp, fp.child('creationTimestamp')))
  if (old.deletionTimestamp && meta.deletionTimestamp !== old.deletionTimestamp) {
    errs.push(...validateImmutable(meta.deletionTimestamp, old.deletionTimestamp, fp.child('deletionTimestamp')))
  }
  return errs
}

/** Structural equality of JSON values (key order ignored). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a)) {
    const bb = b as unknown[]
    if (a.length !== bb.length) return false
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], bb[i])) return false
    return true
  }
  // Every defined value of a equals b's, and b has as many defined values: the same keys (no key lists allocated on this hot path).
  const ra = a as Record<string, unknown>
  const rb = b as Record<string, unknown>
  if (!ownKeysOnly(ra) || !ownKeysOnly(rb)) return sameDefinedValues(ra, rb)
  // for-in walks the same keys as Object.keys on these objects (they inherit no enumerable key) without allocating a list of them.
  let defined = 0
  for (const k in ra) {
    const v = ra[k]
    if (v === undefined) continue
    defined++
    if (!deepEqual(v, rb[k])) return false
  }
  for (const k in rb) if (rb[k] !== undefined) defined--
  return defined === 0
}

/** Whether for-in visits only o's own keys: a plain or prototype-less object (what JSON data is made of). */
function ownKeysOnly(o: object): boolean {
  const proto: unknown = Object.getPrototypeOf(o)
  return proto === Object.prototype || proto === null
}

/** deepEqual's comparison of two records, by their own keys (objects of other classes). */
function sameDefinedValues(ra: Record<string, unknown>, rb: Record<string, unknown>): boolean {
  let defined = 0
  for (const k of Object.keys(ra)) {
    const v = ra[k]
    if (v === undefined) continue
    defined++
    if (!deepEqual(v, rb[k])) return false
  }
  for (const k of Object.keys(rb)) if (rb[k] !== undefined) defined--
  return defined === 0
}
