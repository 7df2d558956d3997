import type { OwnedSessionInfo } from '@sessionkit/core'
import { describeDevice } from '../device.js'
import { formatDuration } from '../duration.js'
import { escapeHtml } from '../html.js'
import { layout } from './layout.js'

/** What the account page shows. */
export interface AccountModel {
  readonly user: string
  /** The flash message of this response, if any. */
  readonly flash: string | undefined
  /** The user's sessions, or undefined when the store cannot list them. */
  readonly sessions: readonly OwnedSessionInfo[] | undefined
  /** Epoch ms now, to say how long ago. */
  readonly now: number
}

/** The account page: the user's sessions, each with a sign-out button, and sign out everywhere. */
export function accountPage(model: AccountModel): string {
  const flash =
    model.flash === undefined
      ? ''
      : `<div class="flash" id="flash" role="status"><p class="message">${escapeHtml(model.flash)}</p></div>`
  const main = [
    flash,
    `<section class="card" id="sessions">
<h2>Where you are signed in</h2>
<p class="why">Every session tied to <strong id="account-user">${escapeHtml(model.user)}</strong> at login (<code>session.setOwner</code>), as the store lists them (<code>storage.listSessions</code>). Signing one out ends it on its very next request, on every server.</p>
${model.sessions === undefined ? unlisted() : sessionList(model.sessions, model.now)}
</section>`,
    `<section class="card" id="everywhere">
<h2>Sign out everywhere</h2>
<p class="why">After a password change, or a lost phone: <code>storage.revokeAllSessions(user)</code> ends every session of this account, or every one but this (<code>{ except: session }</code>).</p>
<form method="post" action="/account/revoke-others"><button type="submit" class="secondary">Sign out all other sessions</button></form>
<form method="post" action="/account/revoke-all"><button type="submit">Sign out everywhere</button></form>
</section>`,
    '<p><a href="/">Back</a></p>',
  ].join('\n')
  return layout({ title: 'Your sessions', main })
}

function unlisted(): string {
  return '<p class="value" id="no-list">This store cannot list sessions (memcached keeps no index that survives evictions); it can still sign them all out.</p>'
}

function sessionList(sessions: readonly OwnedSessionInfo[], now: number): string {
  const items = sessions.map((info) => {
    const device = escapeHtml(describeDevice(info.metadata.userAgent))
    const created = info.createdAt === undefined ? 'unknown' : ago(info.createdAt, now)
    const action = info.current
      ? '<span class="value"><strong>This device</strong></span>'
      : `<form method="post" action="/account/revoke" class="inline"><input type="hidden" name="handle" value="${escapeHtml(info.handle)}"><button type="submit" class="secondary">Sign out</button></form>`
    return `<li class="card session${info.current ? ' current' : ''}" data-handle="${escapeHtml(info.handle.slice(0, 8))}">
<p class="value device">${device}</p>
<p class="why">Signed in ${created} · last seen ${ago(info.lastSeenAt, now)} · handle <code>${escapeHtml(info.handle.slice(0, 8))}</code></p>
${action}
</li>`
  })
  return `<ul id="session-list" style="list-style:none;padding:0">${items.join('\n')}</ul>`
}

function ago(at: number, now: number): string {
  const seconds = Math.max(0, (now - at) / 1000)
  return seconds < 60 ? 'just now' : `${formatDuration(seconds)} ago`
}
