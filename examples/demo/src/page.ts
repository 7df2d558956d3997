import { escapeHtml } from './html.js'

/** What the demo page shows. */
export interface PageModel {
  /** The store in use, credentials removed. */
  readonly store: string
  /** How the store enforces per-field TTL. */
  readonly fieldTtl: string
  readonly user: string | undefined
  readonly count: number
  readonly notice: string | undefined
  /** Seconds left of the "remember me" field, when set. */
  readonly rememberedFor: number | undefined
  readonly sessionId: string | undefined
}

/** The demo's single HTML page. */
export function renderPage(model: PageModel): string {
  const notice = model.notice
    ? `<p class="notice" role="status">${escapeHtml(model.notice)}</p>`
    : ''
  const body = model.user === undefined ? loginForm() : dashboard(model)
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>sessionkit demo</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; max-width: 36rem; margin: 3rem auto; padding: 0 1rem; }
.notice { background: #e7f6e7; border: 1px solid #9c9; padding: .5rem 1rem; }
.backend { color: #555; font-size: .9rem; }
form { margin: 1rem 0; }
label { display: block; margin: .5rem 0; }
</style>
</head>
<body>
<h1>sessionkit demo</h1>
<p class="backend">Sessions stored in <strong id="store">${escapeHtml(model.store)}</strong> (field TTL: ${escapeHtml(model.fieldTtl)})</p>
${notice}
${body}
</body>
</html>`
}

function loginForm(): string {
  return `<form method="post" action="/login">
<label>Your name <input name="name" required maxlength="40" autofocus></label>
<label><input type="checkbox" name="remember" value="1"> Remember me for 30 seconds</label>
<button type="submit">Log in</button>
</form>`
}

function dashboard(model: PageModel): string {
  const remembered =
    model.rememberedFor === undefined
      ? '<p id="remember">Not remembered (or the 30 seconds are over).</p>'
      : `<p id="remember">Remembered for another ${model.rememberedFor} s.</p>`
  return `<p>Hello, <strong id="user">${escapeHtml(model.user ?? '')}</strong>.</p>
<p>Counter: <strong id="count">${model.count}</strong></p>
${remembered}
<form method="post" action="/count"><button type="submit">Count +1</button></form>
<form method="post" action="/logout"><button type="submit">Log out</button></form>
<p class="backend">Session id (first 6 characters): ${escapeHtml(model.sessionId?.slice(0, 6) ?? '')}…</p>`
}
