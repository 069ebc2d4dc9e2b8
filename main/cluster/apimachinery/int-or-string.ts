/**
 * k8s.io/apimachinery/pkg/util/intstr: fields that hold a count or a
 * percentage (`3`, `"25%"`), and how a percentage resolves against a total.
 */

export type IntOrString = number | string

/**
 * intstr.GetScaledValueFromIntOrPercent: an int as is; a percentage of total,
 * rounded up or down. Throws Go's error for a string that is no percentage.
 */
export function scaledValueFromIntOrPercent(value: IntOrString | undefined | null, total: number, roundUp: boolean): number {
  if (value === undefined || value === null) throw new Error('nil value for IntOrString')
  if (typeof value === 'number') return value
  if (!value.endsWith('%')) throw new Error('invalid value for IntOrString: invalid type: string is not a percentage')
  const digits = value.slice(0, -1)
  if (!/^[+-]?\d+$/.test(digits)) throw new Error(`invalid value for IntOrString: invalid value ${JSON.stringify(value)}`)
  const product = (Number(digits) * total) / 100
  return roundUp ? Math.ceil(product) : Math.floor(product)
}
