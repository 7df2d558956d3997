import type { ServerResponse } from 'node:http'

type HeldMethod = 'writeHead' | 'write' | 'end' | 'flushHeaders'

/**
 * Run `save` when the response's head is about to go out (the first writeHead, write, end or
 * flushHeaders), holding that call and any made meanwhile; then put the response's own methods
 * back and replay them in order, with the `Set-Cookie` that `save` returned. Later calls go
 * straight to the response (a write returns its real result: backpressure holds). While held,
 * a write returns false and 'drain' follows the replay.
 *
 * When `save` fails nothing has been sent: the held calls are dropped, the headers the handler
 * set are removed, and `fail` gets the error to write a whole response of its own.
 */
export function saveBeforeHead(
  res: ServerResponse,
  save: () => Promise<string | null>,
  fail: (error: unknown) => void,
): void {
  const own = {
    writeHead: res.writeHead,
    write: res.write,
    end: res.end,
    flushHeaders: res.flushHeaders,
  }
  const held: { method: HeldMethod; args: unknown[] }[] = []
  let heldWrite = false
  const restore = () => {
    res.writeHead = own.writeHead
    res.write = own.write
    res.end = own.end
    res.flushHeaders = own.flushHeaders
  }

  const replay = (setCookie: string | null) => {
    restore()
    if (setCookie !== null) appendSetCookie(res, setCookie)
    let full = false
    for (const { method, args } of held.splice(0)) {
      if (method === 'writeHead') {
        Reflect.apply(own.writeHead, res, mergeHeadCookies(res, args))
      } else if (method === 'write') {
        full = Reflect.apply(own.write, res, args) === false
      } else {
        Reflect.apply(own[method], res, args)
      }
    }
    if (heldWrite && !full && !res.writableEnded) res.emit('drain')
  }

  const drop = (error: unknown) => {
    restore()
    held.length = 0
    if (res.headersSent) {
      // Something wrote the head before this middleware ran: the response cannot be replaced.
      res.destroy()
      return
    }
    for (const name of res.getHeaderNames()) res.removeHeader(name)
    res.statusCode = 500
    fail(error)
  }

  const hold = (method: HeldMethod, args: unknown[]) => {
    held.push({ method, args })
    if (held.length === 1) save().then(replay, drop)
  }

  res.writeHead = ((...args: unknown[]) => {
    hold('writeHead', args)
    return res
  }) as typeof res.writeHead
  res.write = ((...args: unknown[]) => {
    hold('write', args)
    heldWrite = true
    return false
  }) as typeof res.write
  res.end = ((...args: unknown[]) => {
    hold('end', args)
    return res
  }) as typeof res.end
  res.flushHeaders = () => hold('flushHeaders', [])
}

function appendSetCookie(res: ServerResponse, setCookie: string): void {
  const existing = res.getHeader('Set-Cookie')
  const list = existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)]
  res.setHeader('Set-Cookie', [...list, setCookie])
}

/** Keep our cookie when the app passes its own Set-Cookie to writeHead, which would replace it. */
function mergeHeadCookies(res: ServerResponse, head: unknown[]): unknown[] {
  const headers = head.find(
    (arg, index) => index > 0 && typeof arg === 'object' && arg !== null && !Array.isArray(arg),
  )
  if (!headers) return head
  const record = headers as Record<string, unknown>
  const key = Object.keys(record).find((name) => name.toLowerCase() === 'set-cookie')
  const ours = res.getHeader('Set-Cookie')
  if (key === undefined || ours === undefined) return head
  const theirs = record[key]
  record[key] = [
    ...(Array.isArray(theirs) ? theirs : [String(theirs)]),
    ...(Array.isArray(ours) ? ours : [String(ours)]),
  ]
  return head
}
