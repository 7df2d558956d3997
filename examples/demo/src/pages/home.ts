import type { SessionStorageCapabilities } from '@sessionkit/core'
import { formatDuration } from '../duration.js'
import { escapeHtml } from '../html.js'
import { explainFieldTtl } from '../store-label.js'
import { layout } from './layout.js'

/** The store in use, as every page shows it. */
export interface StoreModel {
  /** The store URL without credentials or query. */
  readonly label: string
  readonly fieldTtl: SessionStorageCapabilities['fieldTtl']
  /** The store's session TTL in seconds (what a session without a lifetime of its own gets). */
  readonly ttl: number
}

/** A logged-in visitor's session, as the dashboard shows it. */
export interface UserModel {
  readonly name: string
  readonly count: number
  /** Non-secret handle of the current session id. */
  readonly handle: string
  /** Handle of the id before a regeneration, on the response right after it. */
  readonly handleBefore: string | undefined
  /** The session's own lifetime in seconds ("remember me"), or undefined: the store's TTL. */
  readonly lifetime: number | undefined
  /** Seconds until the stored session (and its cookie) expire without another visit. */
  readonly expiresIn: number | undefined
  /** The one-time code with its seconds left, while it lives. */
  readonly code: { readonly value: string; readonly secondsLeft: number } | undefined
}

/** What the home page shows. */
export interface HomeModel {
  readonly store: StoreModel
  /** The flash message of this response, if any. */
  readonly flash: string | undefined
  readonly user: UserModel | undefined
  /** How long "remember me" keeps a session, in seconds. */
  readonly rememberFor: number
  /** Seconds a new one-time code lives by default. */
  readonly codeTtl: number
}

/** The demo's page: the login form, or every feature on a logged-in session, each labelled. */
export function homePage(model: HomeModel): string {
  const main = [
    model.flash === undefined ? '' : flashBox(model.flash),
    model.user === undefined ? loginCard(model) : dashboard(model, model.user),
    storeCard(model.store),
  ].join('\n')
  return layout({ title: model.user ? `Hello, ${model.user.name}` : 'Log in', main })
}

function flashBox(message: string): string {
  return `<div class="flash" id="flash" role="status">
<p class="message">${escapeHtml(message)}</p>
<p class="why"><strong>This green box is a flash:</strong> a value stored for the next request only, so it shows once. Reload and it is gone. Use it for a message after a redirect.</p>
</div>`
}

function loginCard(model: HomeModel): string {
  return `<section class="card" id="login">
<h2>Log in</h2>
<p class="why">Any name will do. Logging in gives the session a new id (no fixation) and leaves a flash.</p>
<form method="post" action="/login">
<label>Your name <input type="text" name="name" required maxlength="40" autocomplete="username"></label>
<label class="check"><input type="checkbox" name="remember" value="1"> <span>Remember me for ${formatDuration(model.rememberFor)}<br><span class="why">instead of the store’s TTL of ${formatDuration(model.store.ttl)}: a lifetime of this session’s own, in the store and the cookie alike.</span></span></label>
<button type="submit">Log in</button>
</form>
</section>`
}

function dashboard(model: HomeModel, user: UserModel): string {
  return [
    `<section class="card" id="user-card">
<h2>Hello, <span id="user">${escapeHtml(user.name)}</span></h2>
<p class="why">Your name is a plain session value: stored server-side, only the signed id travels in the cookie.</p>
<form method="post" action="/logout"><button type="submit" class="secondary">Log out</button></form>
<p class="why">Logging out destroys the session in the store and clears the cookie.</p>
<p><a href="/account" id="account-link">Your sessions on other devices</a>: list them, sign one out, or sign out everywhere.</p>
</section>`,
    regenerateCard(user),
    lifetimeCard(model, user),
    codeCard(model, user),
    counterCard(user),
  ].join('\n')
}

function regenerateCard(user: UserModel): string {
  const handle = `<code id="handle">${escapeHtml(user.handle)}</code>`
  const change =
    user.handleBefore === undefined
      ? `<p class="value">Session handle: ${handle}</p>`
      : `<p class="value">Session handle before: <code id="handle-before">${escapeHtml(user.handleBefore)}</code>, now: ${handle}</p>`
  return `<section class="card" id="regenerate">
<h2>Regenerate the id</h2>
<p class="why">A new session id with the same data. Do it on login and on any change of rights, so that an id someone stole or planted before stops working.</p>
${change}
<p class="why">The handle is the start of a hash of the id: safe to show and to log, useless as a cookie. The id itself stays in the signed cookie and is never shown.</p>
<form method="post" action="/regenerate"><button type="submit">Regenerate id</button></form>
</section>`
}

function lifetimeCard(model: HomeModel, user: UserModel): string {
  const state =
    user.lifetime === undefined
      ? `Not remembered: this session lives <span id="lifetime">${formatDuration(model.store.ttl)}</span> (the store’s TTL) after your last visit.`
      : `Remembered: this session lives <span id="lifetime">${formatDuration(user.lifetime)}</span> after your last visit.`
  const expires =
    user.expiresIn === undefined
      ? ''
      : `<p>Ends in <span id="expires-in">${formatDuration(user.expiresIn)}</span> unless you come back; the cookie ends then too.</p>`
  const toggle =
    user.lifetime === undefined
      ? `<input type="hidden" name="remember" value="1"><button type="submit">Remember me for ${formatDuration(model.rememberFor)}</button>`
      : `<input type="hidden" name="remember" value="0"><button type="submit" class="secondary">Stop remembering me</button>`
  return `<section class="card" id="remember">
<h2>Remember me</h2>
<p class="why"><code>session.setLifetime(seconds)</code> gives this one session a lifetime of its own: the store keeps it that long and the cookie’s Max-Age says the same, so neither outlives the other.</p>
<p class="value">${state}</p>
${expires}
<form method="post" action="/remember">${toggle}</form>
</section>`
}

function codeCard(model: HomeModel, user: UserModel): string {
  const why =
    '<p class="why">A key that expires on its own while the session lives on: for one-time codes, short-lived tokens, rate-limit windows.</p>'
  if (model.store.fieldTtl === 'none') {
    return `<section class="card" id="key-ttl">
<h2>Per-key TTL</h2>
${why}
<p class="value">This store cannot expire single keys, so sessionkit refuses per-key TTL here.</p>
</section>`
  }
  const state =
    user.code === undefined
      ? '<p class="value" id="no-code">No code: none was asked for, or it has expired.</p>'
      : `<p class="value">Code <strong id="code">${escapeHtml(user.code.value)}</strong>, gone in <span id="code-ttl">${formatDuration(user.code.secondsLeft)}</span>.</p>
<p class="why">Reload after that: the code is gone and you are still logged in.</p>`
  return `<section class="card" id="key-ttl">
<h2>Per-key TTL</h2>
${why}
${state}
<form method="post" action="/code" class="inline row">
<label class="row">Valid for <input type="number" name="seconds" min="1" max="3600" value="${model.codeTtl}" required> s</label>
<button type="submit">Get a code</button>
</form>
</section>`
}

function counterCard(user: UserModel): string {
  return `<section class="card" id="counter">
<h2>Counter</h2>
<p class="why">A save writes only the keys that changed, so requests in two tabs that change different keys lose nothing.</p>
<p class="value">Count: <strong id="count">${user.count}</strong></p>
<form method="post" action="/count"><button type="submit">Count +1</button></form>
</section>`
}

function storeCard(store: StoreModel): string {
  return `<section class="card" id="store-card">
<h2>Store in use</h2>
<p class="why">Sessions live in this store; switching stores is a change of <code>SESSION_STORE</code> only, not of the app.</p>
<p class="value"><strong id="store">${escapeHtml(store.label)}</strong> · field TTL: <strong id="field-ttl">${escapeHtml(store.fieldTtl)}</strong></p>
<p class="why" id="field-ttl-meaning">Field TTL ${escapeHtml(explainFieldTtl(store.fieldTtl))}</p>
</section>`
}
