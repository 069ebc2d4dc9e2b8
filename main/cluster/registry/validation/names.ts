import { type FieldError, type FieldPath, field } from '../../apimachinery/field-errors'
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName } from '../../apimachinery/validation'

/** Name formats (DNS-1123 labels and subdomains, qualified names) reported as field errors at a path. */

/** Errors for a DNS-1123 label at a path (ValidateDNS1123Label). */
export function validateDNS1123Label(value: string, fp: FieldPath): FieldError[] {
  return isDNS1123Label(value).map((m) => field.invalid(fp.toString(), value, m))
}

/** Errors for a DNS-1123 subdomain at a path (ValidateDNS1123Subdomain). */
export function validateDNS1123Subdomain(value: string, fp: FieldPath): FieldError[] {
  return isDNS1123Subdomain(value).map((m) => field.invalid(fp.toString(), value, m))
}

/** Errors for a qualified name (label key) at a path (ValidateLabelName / ValidateQualifiedName). */
export function validateQualifiedName(value: string, fp: FieldPath): FieldError[] {
  return isQualifiedName(value).map((m) => field.invalid(fp.toString(), value, m))
}
