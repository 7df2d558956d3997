import { escapeHtml } from '../html.js'
import { layout } from './layout.js'

/** What an error page says. */
export interface ErrorPageModel {
  readonly title: string
  /** What happened, in the visitor's terms. */
  readonly message: string
  /** What the visitor can do about it. */
  readonly advice: string
}

/** A page for a request that could not be served: what happened, what to do, a way back. */
export function errorPage(model: ErrorPageModel): string {
  return layout({
    title: model.title,
    main: `<section class="card error" id="error" role="alert">
<h2>${escapeHtml(model.title)}</h2>
<p>${escapeHtml(model.message)}</p>
<p class="why">${escapeHtml(model.advice)}</p>
<p><a href="/">Back to the demo</a></p>
</section>`,
  })
}
