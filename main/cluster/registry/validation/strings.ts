/**
 * String formats shared by the core kinds: ConfigMap and Secret keys,
 * environment variable names, and base64 data.
 */
import { regexError } from '../../apimachinery/validation'

function chDirPrefix(value: string): string[] {
  if (value === '.') return ["must not be '.'"]
  if (value === '..') return ["must not be '..'"]
  if (value.startsWith('..')) return ["must not start with '..'"]
  return []
}

/** Keys of ConfigMap and Secret data, and of key selectors (validation.IsConfigMapKey). */
export function isConfigMapKey(value: string): string[] {
  const errs: string[] = []
  if (value.length > 253) errs.push('must be no more than 253 characters')
  if (!/^[-._a-zA-Z0-9]+$/.test(value)) {
    errs.push(regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'", '[-._a-zA-Z0-9]+', 'key.name', 'KEY_NAME', 'key-name'))
  }
  return errs.concat(chDirPrefix(value))
}

/** Environment variable names under RelaxedEnvironmentVariableValidation (beta, on by default since 1.32). */
export function isRelaxedEnvVarName(value: string): string[] {
  const errs: string[] = []
  if (value.length === 0) errs.push('environment variable name must be non-empty')
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0
    if (code > 0x7e || code < 0x20 || ch === '=') {
      errs.push("a valid environment variable name must consist only of printable ASCII characters other than '='")
      break
    }
  }
  return errs
}

/** The decoded length of a base64 string (the size Kubernetes counts for binary data). */
export function base64DecodedLength(b64: string): number {
  const s = b64.replace(/\s/g, '')
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0
  return Math.floor((s.length * 3) / 4) - pad
}

/**
 * Where a base64 value stops being valid, as Go's encoding/base64 reports it
 * (`illegal base64 data at input byte N`), or undefined when it decodes.
 */
export function base64Error(b64: string): string | undefined {
  const s = b64.replace(/[\r\n]/g, '')
  for (let i = 0; i < s.length; i++) {
    const c = s[i]
    if (c === '=') {
      const rest = s.slice(i)
      if (i % 4 >= 2 && /^=+$/.test(rest) && s.length % 4 === 0 && rest.length <= 2) return undefined
      return `illegal base64 data at input byte ${i}`
    }
    if (!/[A-Za-z0-9+/]/.test(c)) return `illegal base64 data at input byte ${i}`
  }
  if (s.length % 4 !== 0) return `illegal base64 data at input byte ${s.length - (s.length % 4)}`
  return undefined
}
