// Confidence interval of a proportion, for rates the calibration reports (false alarms, detections).

/**
 * Wilson score interval for k successes in n trials (95% by default). Unlike the normal approximation it
 * stays inside [0, 1] and is informative at k = 0 or k = n, which is where calibration rates sit.
 */
export function wilson(k: number, n: number, z = 1.959963984540054): [number, number] {
  if (!(Number.isInteger(k) && Number.isInteger(n) && k >= 0 && k <= n)) throw new RangeError(`wilson: need whole numbers 0 ≤ k ≤ n, got k=${k}, n=${n}`)
  if (n === 0) return [0, 1]
  const p = k / n, d = 1 + z * z / n
  const c = (p + z * z / (2 * n)) / d, h = (z * Math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))) / d
  // At k = 0 and k = n the bound is exactly 0 or 1; rounding would otherwise leave 0.9999999999999999.
  return [k === 0 ? 0 : Math.max(0, c - h), k === n ? 1 : Math.min(1, c + h)]
}
