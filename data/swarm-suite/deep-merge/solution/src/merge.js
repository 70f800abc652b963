const plain = (x) => x !== null && typeof x === 'object' && !Array.isArray(x)

export function deepMerge(a, b) {
  const out = { ...a }
  for (const [k, v] of Object.entries(b)) out[k] = plain(v) && plain(a[k]) ? deepMerge(a[k], v) : v
  return out
}
