// The TCP connection to PostgreSQL, with Nagle's algorithm off. postgres.js opens plain sockets, where a COPY's
// last rows, its CopyDone and the next query are small writes that follow one another while the server has not
// acknowledged the previous one: the kernel holds each back until the server's delayed ACK comes, ~40 ms every
// time. Measured: a 12-benchmark run took ~400 ms to store, ~45–65 ms per round trip after each COPY; with
// TCP_NODELAY a few ms. postgres.js takes a connected socket through its documented `socket` option.
import { connect, type Socket } from 'node:net'

interface ConnectTarget {
  host: readonly string[]
  port: readonly number[]
  path?: string | false
}

/** Connects to the first host that answers, in the order given (as postgres.js does), with TCP_NODELAY set. */
export async function connectNoDelay(target: ConnectTarget, timeoutMs: number): Promise<Socket> {
  if (target.path) return open({ path: target.path }, timeoutMs)
  let last: unknown
  for (let i = 0; i < target.host.length; i++) {
    try {
      return await open({ host: target.host[i]!, port: target.port[i] ?? target.port[0] ?? 5432 }, timeoutMs)
    } catch (e) { last = e }
  }
  throw last
}

function open(where: { path: string } | { host: string; port: number }, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ ...where, noDelay: true, keepAlive: true })
    const fail = (e: Error) => { socket.destroy(); reject(e) }
    socket.setTimeout(timeoutMs, () => fail(Object.assign(new Error(`connect ETIMEDOUT ${'path' in where ? where.path : `${where.host}:${where.port}`}`), { code: 'ETIMEDOUT' })))
    socket.once('error', fail)
    socket.once('connect', () => {
      socket.setTimeout(0)
      socket.removeListener('error', fail)
      // postgres.js names the server to TLS (SNI) by the socket's host, as on the sockets it opens itself.
      if ('host' in where) Object.assign(socket, { host: where.host })
      resolve(socket)
    })
  })
}
