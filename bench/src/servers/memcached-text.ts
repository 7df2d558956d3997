import { connect } from 'node:net'
import type { Endpoint } from '../targets/target.js'

/** Send one line of memcached's text protocol and resolve with the first line of the answer. */
export function memcachedTextCommand(endpoint: Endpoint, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(endpoint.port, endpoint.host)
    let answer = ''
    socket.setTimeout(5_000, () => socket.destroy(new Error(`memcached: no answer to ${line}`)))
    socket.on('error', reject)
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1')
      const end = answer.indexOf('\r\n')
      if (end !== -1) {
        socket.end()
        resolve(answer.slice(0, end))
      }
    })
    socket.write(`${line}\r\n`)
  })
}
