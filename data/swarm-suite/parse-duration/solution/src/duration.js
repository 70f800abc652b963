const UNIT = { h: 3600000, m: 60000, s: 1000 }

export function parseDuration(text) {
  if (typeof text !== 'string' || !/^(\d+[hms])+$/.test(text)) throw new RangeError(`not a duration: ${text}`)
  let ms = 0
  for (const [, n, u] of text.matchAll(/(\d+)([hms])/g)) ms += Number(n) * UNIT[u]
  return ms
}
