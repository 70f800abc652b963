export async function loadAll(ids, load) {
  const out = []
  for (const id of ids) out.push(await load(id))
  return out
}
