/** A minimal browser stand-in for tests: follows no redirects, keeps the demo cookie. */
export class DemoClient {
  private cookie = ''
  private setCookie = ''

  constructor(readonly base: string) {}

  /** GET a path and return status and body. */
  async get(path: string): Promise<{ status: number; body: string }> {
    const response = await fetch(this.base + path, { headers: this.headers(), redirect: 'manual' })
    this.keepCookie(response)
    return { status: response.status, body: await response.text() }
  }

  /** POST a form and return the status. */
  async post(path: string, form: Record<string, string> = {}): Promise<number> {
    const response = await fetch(this.base + path, {
      method: 'POST',
      headers: { ...this.headers(), 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
      redirect: 'manual',
    })
    this.keepCookie(response)
    await response.arrayBuffer()
    return response.status
  }

  /** The cookie currently held ('' when none). */
  get currentCookie(): string {
    return this.cookie
  }

  /** Hold `cookie` (a `name=value` pair) from now on, as a browser that had it would. */
  useCookie(cookie: string): void {
    this.cookie = cookie
  }

  /** Max-Age of the last `Set-Cookie` received, or undefined. */
  get lastMaxAge(): number | undefined {
    const match = /;\s*Max-Age=(\d+)/i.exec(this.setCookie)
    return match ? Number(match[1]) : undefined
  }

  private headers(): Record<string, string> {
    return this.cookie ? { Cookie: this.cookie } : {}
  }

  private keepCookie(response: Response) {
    for (const setCookie of response.headers.getSetCookie()) {
      const pair = setCookie.split(';')[0] ?? ''
      this.setCookie = setCookie
      this.cookie = /Max-Age=0/.test(setCookie) ? '' : pair
    }
  }
}
