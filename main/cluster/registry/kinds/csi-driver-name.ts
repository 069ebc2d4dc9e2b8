import { type FieldError, field } from '../../apimachinery/field-errors'
import { isDNS1123Subdomain } from '../../apimachinery/validation'

/**
 * A CSI driver's name as pkg/apis/storage/validation validateCSIDriverName
 * checks it wherever one appears (CSIDriver, CSINode drivers,
 * VolumeAttachment attacher): required, at most 63 characters, a DNS-1123
 * subdomain once lower-cased.
 */
export function validateCSIDriverName(name: string | undefined, fp: string): FieldError[] {
  if (!name) return [field.required(fp, '')]
  if (name.length > 63) return [field.tooLong(fp, name, 63)]
  return isDNS1123Subdomain(name.toLowerCase()).map((m) => field.invalid(fp, name, m))
}
