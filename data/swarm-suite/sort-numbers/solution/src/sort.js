export function sortNumbers(xs) {
  return [...xs].sort((a, b) => a - b)
}
