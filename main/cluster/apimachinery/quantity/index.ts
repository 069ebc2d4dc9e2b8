/**
 * resource.Quantity (k8s.io/apimachinery/pkg/api/resource): fixed-point
 * numbers such as `100m`, `64Mi`, `1.5`, `129e6`. A quantity is kept exactly
 * as an integer mantissa and a power of ten (value = unscaled × 10^exp), with
 * the same mantissa/exponent Kubernetes would hold, and remembers its format
 * so it prints back in the same family of suffixes.
 *
 * - parse.ts: parsing and its errors
 * - format.ts: formats, suffixes and the canonical string
 * - quantity.ts: the Quantity class, arithmetic and constructors
 * - bigint.ts: exact scaled-integer helpers
 */

export type { QuantityFormat } from './format'
export { Quantity, newDecimalQuantity, newMilliQuantity, newQuantity, newScaledQuantity } from './quantity'
export { QuantityParseError, errFormatWrong, errNumeric, errSuffix, parseQuantity, quantityFromJSON, tryParseQuantity } from './parse'
