import { describe, expect, it } from 'vitest'
import {
  type QuantityFormat,
  Quantity,
  QuantityParseError,
  errFormatWrong,
  errNumeric,
  errSuffix,
  newDecimalQuantity,
  newMilliQuantity,
  newQuantity,
  newScaledQuantity,
  parseQuantity,
  quantityFromJSON,
  tryParseQuantity
} from '../../../main/cluster/apimachinery/quantity'

// Cases follow k8s.io/apimachinery/pkg/api/resource/quantity_test.go.

const DSI: QuantityFormat = 'DecimalSI'
const BIN: QuantityFormat = 'BinarySI'
const DEX: QuantityFormat = 'DecimalExponent'
const mostPositive = (1n << 63n) - 1n
const mostNegative = -(1n << 63n)
const Ki = 1024n
const Mi = Ki * Ki
const Gi = Mi * Ki
const Ti = Gi * Ki

/** decQuantity(i, exponent, format) of the Go tests. */
function dec(i: number | bigint, exponent: number, format: QuantityFormat): Quantity {
  return newDecimalQuantity(i, exponent, format)
}

function parseError(s: string): string {
  try {
    parseQuantity(s)
  } catch (e) {
    expect(e).toBeInstanceOf(QuantityParseError)
    return (e as Error).message
  }
  throw new Error(`expected ${JSON.stringify(s)} not to parse`)
}

describe('parse (TestQuantityParse)', () => {
  const table: Array<[string, Quantity]> = [
    ['0', dec(0, 0, DSI)],
    ['0n', dec(0, 0, DSI)],
    ['0u', dec(0, 0, DSI)],
    ['0m', dec(0, 0, DSI)],
    ['0Ki', dec(0, 0, BIN)],
    ['0k', dec(0, 0, DSI)],
    ['0Mi', dec(0, 0, BIN)],
    ['0M', dec(0, 0, DSI)],
    ['0Gi', dec(0, 0, BIN)],
    ['0G', dec(0, 0, DSI)],
    ['0Ti', dec(0, 0, BIN)],
    ['0T', dec(0, 0, DSI)],
    // Quantity-less numbers are allowed
    ['1', dec(1, 0, DSI)],
    // Binary suffixes
    ['1Ki', dec(1024, 0, BIN)],
    ['8Ki', dec(8n * Ki, 0, BIN)],
    ['7Mi', dec(7n * Mi, 0, BIN)],
    ['6Gi', dec(6n * Gi, 0, BIN)],
    ['5Ti', dec(5n * Ti, 0, BIN)],
    ['4Pi', dec(4n * Ti * Ki, 0, BIN)],
    ['3Ei', dec(3n * Ti * Mi, 0, BIN)],
    ['10Ti', dec(10n * Ti, 0, BIN)],
    ['100Ti', dec(100n * Ti, 0, BIN)],
    // Decimal suffixes
    ['5n', dec(5, -9, DSI)],
    ['4u', dec(4, -6, DSI)],
    ['3m', dec(3, -3, DSI)],
    ['9', dec(9, 0, DSI)],
    ['8k', dec(8, 3, DSI)],
    ['50k', dec(5, 4, DSI)],
    ['7M', dec(7, 6, DSI)],
    ['6G', dec(6, 9, DSI)],
    ['5T', dec(5, 12, DSI)],
    ['40T', dec(4, 13, DSI)],
    ['300T', dec(3, 14, DSI)],
    ['2P', dec(2, 15, DSI)],
    ['1E', dec(1, 18, DSI)],
    // Decimal exponents
    ['1E-3', dec(1, -3, DEX)],
    ['1e3', dec(1, 3, DEX)],
    ['1E6', dec(1, 6, DEX)],
    ['1e9', dec(1, 9, DEX)],
    ['1E12', dec(1, 12, DEX)],
    ['1e15', dec(1, 15, DEX)],
    ['1E18', dec(1, 18, DEX)],
    // Nonstandard but still parsable
    ['1e14', dec(1, 14, DEX)],
    ['1e13', dec(1, 13, DEX)],
    ['100.035k', dec(100035, 0, DSI)],
    // Things that look like floating point
    ['0.001', dec(1, -3, DSI)],
    ['0.0005k', dec(5, -1, DSI)],
    ['0.005', dec(5, -3, DSI)],
    ['0.05', dec(5, -2, DSI)],
    ['0.5', dec(5, -1, DSI)],
    ['0.00050k', dec(5, -1, DSI)],
    ['0.00500', dec(5, -3, DSI)],
    ['0.05000', dec(5, -2, DSI)],
    ['0.50000', dec(5, -1, DSI)],
    ['0.5e0', dec(5, -1, DEX)],
    ['0.5e-1', dec(5, -2, DEX)],
    ['0.5e-2', dec(5, -3, DEX)],
    ['10.035M', dec(10035, 3, DSI)],
    ['1.2e3', dec(12, 2, DEX)],
    ['1.3E+6', dec(13, 5, DEX)],
    ['1.40e9', dec(14, 8, DEX)],
    ['1.53E12', dec(153, 10, DEX)],
    ['1.6e15', dec(16, 14, DEX)],
    ['1.7E18', dec(17, 17, DEX)],
    ['9.01', dec(901, -2, DSI)],
    ['8.1k', dec(81, 2, DSI)],
    ['7.123456M', dec(7123456, 0, DSI)],
    ['6.987654321G', dec(6987654321, 0, DSI)],
    ['5.444T', dec(5444, 9, DSI)],
    ['40.1T', dec(401, 11, DSI)],
    ['300.2T', dec(3002, 11, DSI)],
    ['2.5P', dec(25, 14, DSI)],
    ['1.01E', dec(101, 16, DSI)],
    // Things that saturate/round
    ['3.001n', dec(4, -9, DSI)],
    ['1.1E-9', dec(2, -9, DEX)],
    ['0.0000000001', dec(1, -9, DSI)],
    ['0.0000000005', dec(1, -9, DSI)],
    ['0.00000000050', dec(1, -9, DSI)],
    ['0.5e-9', dec(1, -9, DEX)],
    ['0.9n', dec(1, -9, DSI)],
    ['0.00000012345', dec(124, -9, DSI)],
    ['0.00000012354', dec(124, -9, DSI)],
    ['9Ei', dec(mostPositive, 0, BIN)],
    ['9223372036854775807Ki', dec(mostPositive, 0, BIN)],
    ['12E', dec(12, 18, DSI)],
    // We'll accept fractional binary stuff, too.
    ['100.035Ki', dec(10243584, -2, BIN)],
    ['0.5Mi', dec(524288, 0, BIN)],
    ['0.05Gi', dec(536870912, -1, BIN)],
    ['0.025Ti', dec(274877906944, -1, BIN)],
    // Things written by trolls
    ['0.000000000001Ki', dec(2, -9, DSI)], // rounds up, changes format
    ['.001', dec(1, -3, DSI)],
    ['.0001k', dec(100, -3, DSI)],
    ['1.', dec(1, 0, DSI)],
    ['1.G', dec(1, 9, DSI)]
  ]

  it.each(table)('%j', (input, want) => {
    const got = parseQuantity(input)
    expect(got.cmp(want)).toBe(0)
    expect(got.format).toBe(want.format)
  })

  it.each(table)('-%j is the negative, same format', (input, want) => {
    const got = parseQuantity('-' + input)
    expect(got.cmp(want.neg())).toBe(0)
    expect(got.format).toBe(want.format)
  })

  it.each(table)('+%j is the same', (input, want) => {
    const got = parseQuantity('+' + input)
    expect(got.cmp(want)).toBe(0)
    expect(got.format).toBe(want.format)
  })

  it.each([
    ['', errFormatWrong],
    ['1.1.M', errFormatWrong],
    ['1+1.0M', errFormatWrong],
    ['0.1mi', errSuffix],
    ['0.1am', errFormatWrong],
    ['aoeu', errFormatWrong],
    ['.5i', errSuffix],
    ['1i', errSuffix],
    ['-3.01i', errSuffix],
    ['-3.01e-', errSuffix],
    // an exponent outside the int32 scale is rejected rather than truncated
    ['1e4294967297', errSuffix],
    ['1E2147483648', errSuffix],
    ['1E-2147483648', errSuffix],
    // whitespace is forbidden
    [' 1', errFormatWrong],
    ['1 ', errFormatWrong],
    ['1k3', errSuffix],
    ['1e', errSuffix],
    ['1KiB', errFormatWrong],
    ['100mCPU', errFormatWrong],
    // no digits at all where Kubernetes needs its exact decimal path
    ['Pi', errNumeric],
    ['-.Ei', errNumeric]
  ])('%j fails: %s', (input, message) => {
    expect(parseError(input)).toBe(message)
    expect(tryParseQuantity(input)).toBeUndefined()
  })

  it('has the regular expression of Kubernetes in its format error', () => {
    expect(errFormatWrong).toBe("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")
  })

  it.each([
    ['1E2147483647', '10e2147483646'],
    ['1E-2147483647', '1e-9'] // rounded up to the nano
  ])('accepts the int32 exponent bound: %j prints as %j', (input, printed) => {
    const q = parseQuantity(input)
    expect(q.format).toBe(DEX)
    expect(q.toString()).toBe(printed)
  })

  it('parses degenerate numbers as Kubernetes does', () => {
    expect(parseQuantity('.').isZero()).toBe(true)
    expect(parseQuantity('-').isZero()).toBe(true)
    expect(parseQuantity('Ki').isZero()).toBe(true)
    expect(parseQuantity('m').isZero()).toBe(true)
    expect(parseQuantity('-0').toString()).toBe('0')
  })
})

describe('canonical string (TestQuantityString)', () => {
  it.each<[Quantity, string, string]>([
    [dec(Gi, 0, BIN), '1Gi', '1024Mi'],
    [dec(300n * Mi, 0, BIN), '300Mi', '307200Ki'],
    [dec(6n * Ki, 0, BIN), '6Ki', ''],
    [dec(1001n * Gi, 0, BIN), '1001Gi', '1025024Mi'],
    [dec(Ti, 0, BIN), '1Ti', '1024Gi'],
    [dec(5, 0, BIN), '5', '5000m'],
    [dec(500, -3, BIN), '500m', '0.5'],
    [dec(1, 9, DSI), '1G', '1000M'],
    [dec(1000, 6, DSI), '1G', '0.001T'],
    [dec(1000000, 3, DSI), '1G', ''],
    [dec(1000000000, 0, DSI), '1G', ''],
    [dec(1, -3, DSI), '1m', '1000u'],
    [dec(80, -3, DSI), '80m', ''],
    [dec(1080, -3, DSI), '1080m', '1.08'],
    [dec(108, -2, DSI), '1080m', '1080000000n'],
    [dec(10800, -4, DSI), '1080m', ''],
    [dec(300, 6, DSI), '300M', ''],
    [dec(1, 12, DSI), '1T', ''],
    // DecimalSI has no suffix beyond "E": exponent notation instead of losing the magnitude
    [dec(1, 18, DSI), '1E', ''],
    [dec(1, 21, DSI), '1e21', '1000E'],
    [dec(5, 21, DSI), '5e21', '5000E'],
    [dec(1, 24, DSI), '1e24', '1000000E'],
    // BinarySI has no suffix beyond "Ei": exact decimal instead
    [dec(1, 70, BIN), '10e69', ''],
    [dec(2, 70, BIN), '20e69', ''],
    [dec(1, 72, BIN), '1e72', ''],
    [dec(1234567, 6, DSI), '1234567M', ''],
    [dec(1234567, -3, BIN), '1234567m', ''],
    [dec(3, 3, DSI), '3k', ''],
    [dec(1025, 0, BIN), '1025', ''],
    [dec(0, 0, DSI), '0', ''],
    [dec(0, 0, BIN), '0', ''],
    [dec(1, 9, DEX), '1e9', '.001e12'],
    [dec(1, -3, DEX), '1e-3', '0.001e0'],
    [dec(1, -9, DEX), '1e-9', '1000e-12'],
    [dec(80, -3, DEX), '80e-3', ''],
    [dec(300, 6, DEX), '300e6', ''],
    [dec(1, 12, DEX), '1e12', ''],
    [dec(1, 3, DEX), '1e3', ''],
    [dec(3, 3, DEX), '3e3', ''],
    [dec(3, 3, DSI), '3k', ''],
    [dec(0, 0, DEX), '0', '00'],
    [dec(1, -9, DSI), '1n', ''],
    [dec(80, -9, DSI), '80n', ''],
    [dec(1080, -9, DSI), '1080n', ''],
    [dec(108, -8, DSI), '1080n', ''],
    [dec(10800, -10, DSI), '1080n', ''],
    [dec(1, -6, DSI), '1u', ''],
    [dec(80, -6, DSI), '80u', ''],
    [dec(1080, -6, DSI), '1080u', '']
  ])('%s prints as %j (alternate %j)', (q, expected, alternate) => {
    expect(q.toString()).toBe(expected)
    expect(parseQuantity(expected).toString()).toBe(expected)
    if (alternate) expect(parseQuantity(alternate).toString()).toBe(expected)
    if (!q.isZero()) expect(q.neg().toString()).toBe('-' + expected)
  })

  it.each<[Quantity, string]>([
    [dec(2000, 0, BIN), '2000'],
    [dec(-2000, 0, BIN), '-2000'],
    [dec(1, -12, DSI), '1e-12'],
    [dec(1, -10, DSI), '100e-12']
  ])('%s prints as %j (TestBinarySIZeroExponentString, TestQuantityStringBelowNano)', (q, expected) => {
    expect(q.toString()).toBe(expected)
  })

  it('prints BinarySI grown past Ei as an exact integer (TestBinarySIPastEiArithmeticRoundTrip)', () => {
    const q = parseQuantity('1Ei').mul(1024)
    expect(q.toString()).toBe('1180591620717411303424')
    expect(parseQuantity(q.toString()).cmp(q)).toBe(0)
    expect(JSON.stringify({ q })).toBe('{"q":"1180591620717411303424"}')
  })

  it('prints 2^63 in BinarySI as 8Ei (TestZeroSubMostNegativeInheritsFormat)', () => {
    const q = newQuantity(0, DSI).sub(newQuantity(mostNegative, BIN))
    expect(q.format).toBe(BIN)
    expect(q.toString()).toBe('8Ei')
    expect(q.cmp(parseQuantity('9223372036854775808'))).toBe(0)
  })

  it.each([
    ['1Ki', '1Ki'],
    ['1Mi', '1Mi'],
    ['1Gi', '1Gi'],
    ['1024Mi', '1Gi'],
    ['1000M', '1G'],
    ['.001Ki', '1024m'],
    ['.000001Ki', '1024u'],
    ['.000000001Ki', '1024n'],
    ['.000000000001Ki', '2n'],
    // the examples Kubernetes documents
    ['0.5', '500m'],
    ['1.5', '1500m'],
    ['1.5Gi', '1536Mi'],
    ['1000m', '1'],
    ['100Mi', '100Mi'],
    ['1024Ki', '1Mi'],
    ['129e6', '129e6'],
    ['128974848', '128974848'],
    ['123M', '123M'],
    ['1k', '1k'],
    ['500u', '500u'],
    ['2n', '2n'],
    ['1.1Ki', '1126400m'],
    ['9Ei', '9223372036854775807'],
    ['2048Mi', '2Gi'],
    ['1e4', '10e3'],
    ['1e-1', '100e-3']
  ])('%j is emitted as %j (TestQuantityParseEmit)', (input, expected) => {
    expect(parseQuantity(input).toString()).toBe(expected)
    expect(parseQuantity('-' + input).toString()).toBe('-' + expected)
  })

  it.each([
    // Kubernetes keeps input text that passes its "already canonical" check verbatim
    ['1.500', '1.500'],
    ['+1', '+1'],
    ['1.G', '1.G'],
    ['01Ki', '01Ki'],
    ['1E3', '1E3'],
    ['100m', '100m'],
    // and re-renders everything else
    ['1.50', '1500m'],
    ['+8Ki', '8Ki'],
    ['0.0', '0']
  ])('%j prints as %j', (input, expected) => {
    expect(parseQuantity(input).toString()).toBe(expected)
  })

  it('forgets the input text once the value changes', () => {
    expect(parseQuantity('1.500').add(parseQuantity('0')).toString()).toBe('1500m')
    expect(parseQuantity('+1').neg().neg().toString()).toBe('1')
  })
})

describe('comparison (TestQuantityCmp, TestQuantityCmpInt64AndDec)', () => {
  it.each<[string, string, number]>([
    ['0', '0', 0],
    ['100m', '50m', 1],
    ['50m', '100m', -1],
    ['10000T', '100Gi', 1],
    ['1Gi', '1073741824', 0],
    ['1G', '1Gi', -1],
    ['1e3', '1k', 0],
    ['-1', '1m', -1],
    ['1E2147483647', '1E2147483646', 1],
    ['-1E2147483647', '1E-2147483647', -1]
  ])('%j vs %j → %d', (x, y, want) => {
    expect(parseQuantity(x).cmp(parseQuantity(y))).toBe(want)
    expect(parseQuantity(y).cmp(parseQuantity(x))).toBe(-want || 0)
  })

  it.each<[Quantity, Quantity, number]>([
    [dec(901, -2, DSI), dec(901, -2, DSI), 0],
    [dec(90, -1, DSI), dec(901, -2, DSI), -1],
    [dec(901, -2, DSI), dec(900, -2, DSI), 1],
    [dec(0, 0, DSI), dec(0, 0, DSI), 0],
    [dec(0, 1, DSI), dec(0, -1, DSI), 0],
    [dec(0, -1, DSI), dec(0, 1, DSI), 0],
    [dec(800, -3, DSI), dec(1, 0, DSI), -1],
    [dec(800, -3, DSI), dec(79, -2, DSI), 1],
    [dec(mostPositive, 0, DSI), dec(1, -1, DSI), 1],
    [dec(mostPositive, 1, DSI), dec(1, 0, DSI), 1],
    [dec(mostPositive, 1, DSI), dec(1, 1, DSI), 1],
    [dec(mostPositive, 1, DSI), dec(0, 1, DSI), 1],
    [dec(mostPositive, -16, DSI), dec(1, 3, DSI), -1],
    [dec(mostNegative, 0, DSI), dec(0, 0, DSI), -1],
    [dec(mostNegative, -18, DSI), dec(-1, 0, DSI), -1],
    [dec(mostNegative, -19, DSI), dec(-1, 0, DSI), 1],
    [dec(10n ** 18n, -17, DSI), dec(1, 1, DSI), 0],
    [dec(10n ** 18n, -17, DSI), dec(-10, 0, DSI), 1],
    [dec(-(10n ** 18n), -17, DSI), dec(-10, 0, DSI), 0],
    [dec(10n ** 18n, -17, DSI), dec(1, 0, DSI), 1],
    [dec(10n ** 18n + 1n, -17, DSI), dec(1, 1, DSI), 1],
    [dec(10n ** 18n - 1n, -17, DSI), dec(1, 1, DSI), -1]
  ])('%s vs %s → %d', (a, b, want) => {
    expect(a.cmp(b)).toBe(want)
    expect(b.cmp(a)).toBe(-want || 0)
  })

  it('compares against integers and checks equality', () => {
    expect(parseQuantity('1023').cmpInt64(1024)).toBe(-1)
    expect(parseQuantity('1Ki').cmpInt64(1024)).toBe(0)
    expect(parseQuantity('1.5Ki').cmpInt64(-1024)).toBe(1)
    expect(parseQuantity('1Ki').equal(parseQuantity('1024'))).toBe(true)
    expect(parseQuantity('-5').sign()).toBe(-1)
    expect(parseQuantity('0m').sign()).toBe(0)
  })
})

describe('rounding (TestQuantityRoundUp)', () => {
  it.each<[string, number, Quantity, boolean]>([
    ['9.01', -3, dec(901, -2, DSI), true],
    ['9.01', -2, dec(901, -2, DSI), true],
    ['9.01', -1, dec(91, -1, DSI), false],
    ['9.01', 0, dec(10, 0, DSI), false],
    ['9.01', 1, dec(10, 0, DSI), false],
    ['9.01', 2, dec(100, 0, DSI), false],
    ['-9.01', -3, dec(-901, -2, DSI), true],
    ['-9.01', -2, dec(-901, -2, DSI), true],
    ['-9.01', -1, dec(-91, -1, DSI), false],
    ['-9.01', 0, dec(-10, 0, DSI), false],
    ['-9.01', 1, dec(-10, 0, DSI), false],
    ['-9.01', 2, dec(-100, 0, DSI), false]
  ])('%j at scale %d', (input, scale, want, exact) => {
    const r = parseQuantity(input).roundUp(scale)
    expect(r.exact).toBe(exact)
    expect(r.quantity.cmp(want)).toBe(0)
  })
})

describe('integer values (TestNegativeValueRoundsAwayFromZero, TestScaledValue)', () => {
  it.each<[string, number, number]>([
    ['-.484785E-7466', -1, -1],
    ['.484785E-7466', 1, 1],
    ['-.484785E-1', -1, -49],
    ['.484785E-1', 1, 49],
    ['-0.0005', -1, -1],
    ['0.0005', 1, 1],
    ['-1500m', -2, -1500],
    ['1500m', 2, 1500],
    ['-9.5000000001Gi', -10200547329, -10200547328108],
    ['9.5000000001Gi', 10200547329, 10200547328108],
    ['-1', -1, -1000],
    ['1', 1, 1000],
    ['0', 0, 0],
    ['100m', 1, 100],
    ['1Ki', 1024, 1024000],
    ['0.1', 1, 100],
    ['2.5', 3, 2500],
    ['1n', 1, 1]
  ])('%j: value %d, milliValue %d', (input, value, milli) => {
    const q = parseQuantity(input)
    expect(q.value()).toBe(value)
    expect(q.milliValue()).toBe(milli)
  })

  it.each<[number, number, number]>([
    [-9, -9, 1],
    [-9, -6, 1],
    [-9, -3, 1],
    [-9, 0, 1],
    [-6, -9, 1000],
    [-6, -6, 1],
    [-6, -3, 1],
    [-6, 0, 1],
    [-3, -9, 1000 * 1000],
    [-3, -6, 1000],
    [-3, -3, 1],
    [-3, 0, 1],
    [0, -9, 1000 * 1000 * 1000],
    [0, -6, 1000 * 1000],
    [0, -3, 1000],
    [0, 0, 1],
    [2, -2, 100 * 100]
  ])('1 at scale %d is %d units of scale %d', (from, to, want) => {
    expect(newScaledQuantity(1, from).scaledValue(to)).toBe(want)
  })

  it('saturates at the int64 range', () => {
    expect(parseQuantity('1e30').scaledValueBigInt(0)).toBe(mostPositive)
    expect(parseQuantity('-1e30').scaledValueBigInt(0)).toBe(mostNegative)
    expect(parseQuantity('1E2147483647').scaledValueBigInt(0)).toBe(mostPositive)
    expect(parseQuantity('8Ei').scaledValueBigInt(-3)).toBe(mostPositive)
  })
})

describe('constructors (TestNewSet, TestMilliNewSet, TestNewScaledSet)', () => {
  it.each<[number, QuantityFormat, string]>([
    [1, DSI, '1'],
    [1000, DSI, '1k'],
    [1234000, DSI, '1234k'],
    [1024, BIN, '1Ki'],
    [1000000, DEX, '1e6'],
    [1024 * 1024, BIN, '1Mi']
  ])('newQuantity(%d, %s) prints %j and round-trips', (value, format, expected) => {
    const q = newQuantity(value, format)
    expect(q.toString()).toBe(expected)
    expect(parseQuantity(q.toString()).value()).toBe(value)
  })

  it.each<[number, QuantityFormat, string]>([
    [1, DSI, '1m'],
    [1000, DSI, '1'],
    [1234000, DSI, '1234'],
    [1024, BIN, '1024m'], // format changes
    [1000000, DEX, '1e3'],
    [1024 * 1024, BIN, '1048576m'] // format changes
  ])('newMilliQuantity(%d, %s) prints %j', (value, format, expected) => {
    const q = newMilliQuantity(value, format)
    expect(q.toString()).toBe(expected)
    expect(parseQuantity(q.toString()).milliValue()).toBe(value)
  })

  it.each<[number, number, string]>([
    [1, -9, '1n'],
    [1000, -9, '1u'],
    [1, -6, '1u'],
    [1000, -6, '1m'],
    [1, -3, '1m'],
    [1000, -3, '1'],
    [1, 0, '1'],
    [0, -9, '0'],
    [0, -6, '0'],
    [0, -3, '0'],
    [0, 0, '0']
  ])('newScaledQuantity(%d, %d) prints %j', (value, scale, expected) => {
    const q = newScaledQuantity(value, scale)
    expect(q.toString()).toBe(expected)
    expect(parseQuantity(q.toString()).scaledValue(scale)).toBe(value)
  })
})

describe('arithmetic (TestAdd, TestSub, TestMul, TestNeg)', () => {
  const zero = newQuantity(0, DSI)
  it.each<[Quantity, Quantity, Quantity, QuantityFormat]>([
    [dec(10, 0, DSI), dec(1, 1, DSI), dec(20, 0, DSI), DSI],
    [dec(10, 0, DSI), dec(1, 0, BIN), dec(11, 0, DSI), DSI],
    [dec(10, 0, BIN), dec(1, 0, DSI), dec(11, 0, BIN), BIN],
    [zero, dec(50, 0, DSI), dec(50, 0, DSI), DSI],
    [dec(50, 0, DSI), zero, dec(50, 0, DSI), DSI],
    [zero, zero, dec(0, 0, DSI), DSI],
    [zero, dec(1, 0, BIN), dec(1, 0, BIN), BIN],
    [dec(mostPositive, 0, DSI), dec(1, 0, DSI), dec((1n << 63n), 0, DSI), DSI]
  ])('%s + %s', (a, b, want, format) => {
    const got = a.add(b)
    expect(got.cmp(want)).toBe(0)
    expect(got.format).toBe(format)
  })

  it.each<[Quantity, Quantity, Quantity, QuantityFormat]>([
    [dec(10, 0, DSI), dec(1, 1, DSI), dec(0, 0, DSI), DSI],
    [dec(10, 0, DSI), dec(1, 0, BIN), dec(9, 0, DSI), DSI],
    [dec(10, 0, BIN), dec(1, 0, DSI), dec(9, 0, BIN), BIN],
    [zero, dec(50, 0, DSI), dec(-50, 0, DSI), DSI],
    [dec(50, 0, DSI), zero, dec(50, 0, DSI), DSI],
    [zero, zero, dec(0, 0, DSI), DSI],
    [zero, dec(mostNegative, 0, DSI), dec(1n << 63n, 0, DSI), DSI],
    [dec(1, 0, DSI), dec(mostNegative, 0, DSI), dec((1n << 63n) + 1n, 0, DSI), DSI],
    [dec(1, 1, DSI), dec(mostNegative, 0, DSI), dec((1n << 63n) + 10n, 0, DSI), DSI]
  ])('%s - %s', (a, b, want, format) => {
    const got = a.sub(b)
    expect(got.cmp(want)).toBe(0)
    expect(got.format).toBe(format)
  })

  it('keeps scales when subtracting the most negative int64 (TestNegAndSubAtMostNegative)', () => {
    expect(dec(mostNegative, -3, DSI).neg().toString()).toBe('9223372036854775808m')
    expect(dec(1, -3, DSI).sub(dec(mostNegative, -3, DSI)).toString()).toBe('9223372036854775809m')
    expect(zero.sub(newScaledQuantity(mostNegative, -3)).toString()).toBe('9223372036854775808m')
    expect(dec(mostNegative, 0, DSI).neg().toString()).toBe('9223372036854775808')
    expect(dec(1, 1, DSI).sub(dec(mostNegative, 0, DSI)).toString()).toBe('9223372036854775818')
  })

  it.each([
    ['100m', '100m'],
    ['1Gi', '1Gi']
  ])('adding or subtracting zero keeps %j (TestQuantityAddZeroPreservesSuffix)', (input) => {
    const value = parseQuantity(input)
    const z = parseQuantity('0')
    expect(value.add(z).toString()).toBe(input)
    expect(z.add(value).toString()).toBe(input)
    expect(value.sub(z).toString()).toBe(input)
    expect(z.sub(value).toString()).toBe(value.neg().toString())
  })

  it.each<[Quantity, bigint, Quantity]>([
    [dec(10, 0, DSI), 10n, dec(100, 0, DSI)],
    [dec(10, 0, DSI), 1n, dec(10, 0, DSI)],
    [dec(10, 0, BIN), 1n, dec(10, 0, BIN)],
    [zero, 50n, dec(0, 0, DSI)],
    [dec(50, 0, DSI), 0n, dec(0, 0, DSI)],
    [dec(10, 0, DSI), -10n, dec(-100, 0, DSI)],
    [dec(-50, 0, DSI), -50n, dec(2500, 0, DSI)],
    [dec(mostPositive, 0, DSI), 2n, dec(mostPositive * 2n, 0, DSI)],
    [dec(mostPositive, 0, DSI), -10n, dec(-mostPositive, 1, DSI)],
    [dec(mostNegative, 0, DSI), -1n, dec(1n << 63n, 0, DSI)],
    [dec(mostNegative, 0, DSI), -10n, dec(1n << 63n, 1, DSI)]
  ])('%s × %d', (a, n, want) => {
    const got = a.mul(n)
    expect(got.cmp(want)).toBe(0)
    expect(got.format).toBe(a.format)
  })

  it.each<[Quantity, string]>([
    [dec(901, -2, DSI), '-9010m'],
    [dec(10, 0, BIN), '-10'],
    [dec(-10, 0, BIN), '10'],
    [dec(0, 0, DSI), '0']
  ])('-(%s) is %j', (q, printed) => {
    expect(q.neg().toString()).toBe(printed)
    expect(q.neg().format).toBe(q.format)
    expect(q.neg().neg().cmp(q)).toBe(0)
  })

  it('adds and subtracts back to zero across scales (TestAddSubRoundTripAcrossScales)', () => {
    let seed = 42n
    const next = (): bigint => (seed = (seed * 6364136223846793005n + 1442695040888963407n) & mostPositive)
    let q = newQuantity(0, DSI)
    const order: bigint[] = []
    for (let i = 0; i < 100; i++) {
      const j = next()
      order.push(j)
      q = q.add(newScaledQuantity(j, Number(j % 20n) - 10))
    }
    for (const j of order) q = q.sub(newScaledQuantity(j, Number(j % 20n) - 10))
    expect(q.isZero()).toBe(true)
  })

  it('refuses to align absurdly distant scales instead of hanging', () => {
    expect(() => parseQuantity('1E2147483647').add(parseQuantity('1'))).toThrow(RangeError)
  })
})

describe('floats (TestQuantityAsApproximateFloat64)', () => {
  const m7 = 7 * 1024 * 1024
  it.each<[Quantity, number]>([
    [dec(0, 0, DSI), 0],
    [dec(0, 0, DEX), 0],
    [dec(0, 0, BIN), 0],
    [dec(0, 500, DSI), 0],
    [dec(0, -500, DSI), 0],
    [dec(1, 0, DSI), 1],
    [dec(1, 0, DEX), 1],
    [dec(1, 0, BIN), 1],
    [dec(1024, 0, BIN), 1024],
    [dec(8 * 1024, 0, BIN), 8 * 1024],
    [dec(m7, 0, BIN), m7],
    [dec(m7, 1, BIN), m7 * 10],
    [dec(m7, 4, BIN), m7 * 10000],
    [dec(m7, 8, BIN), m7 * 100000000],
    [dec(m7, -1, BIN), m7 * 0.1],
    [dec(m7, -8, BIN), m7 / 100000000],
    [dec(m7, 1, DSI), m7 * 10],
    [dec(m7, -1, DSI), m7 * 0.1],
    [dec(m7, -8, DEX), m7 / 100000000],
    [dec(mostPositive, 0, DSI), 2 ** 63], // math.MaxInt64 as a float64
    [dec(mostPositive, 0, BIN), 2 ** 63],
    [dec(12, 18, DSI), 1.2e19],
    [dec(12, 500, DSI), Infinity],
    [dec(-12, 500, DSI), -Infinity]
  ])('%s ≈ %d', (q, want) => {
    expect(q.asApproximateFloat64()).toBe(want)
  })

  it.each([
    ['2Ki', 2048],
    ['1.1Ki', 1126.4],
    ['1Mi', 1.048576e6],
    ['2Gi', 2.147483648e9],
    ['100m', 0.1],
    ['1.5', 1.5]
  ])('%j ≈ %d (TestStringQuantityAsApproximateFloat64)', (input, want) => {
    expect(parseQuantity(input).asApproximateFloat64()).toBe(want)
  })
})

describe('JSON (TestJSONWhitespace)', () => {
  it.each<[unknown, string]>([
    [' 1', '1'],
    ['1 ', '1'],
    [1, '1'],
    [10, '10'],
    [-1, '-1'],
    [' -1', '-1'],
    [0.5, '500m'],
    // a JSON number arrives as JavaScript prints it; Kubernetes keeps that canonical text
    [1e21, '1e+21'],
    [null, '0'],
    ['64Mi', '64Mi']
  ])('%j decodes to %j', (json, printed) => {
    expect(quantityFromJSON(json).toString()).toBe(printed)
  })

  it.each<[unknown, string]>([
    [true, errFormatWrong],
    [{ a: 1 }, errFormatWrong],
    ['1x', errFormatWrong],
    ['', errFormatWrong]
  ])('%j is not a quantity', (json, message) => {
    expect(() => quantityFromJSON(json)).toThrow(message)
  })

  it('serializes as its string', () => {
    expect(JSON.stringify({ cpu: parseQuantity('0.5'), memory: parseQuantity('1.5Gi') })).toBe('{"cpu":"500m","memory":"1536Mi"}')
  })
})
