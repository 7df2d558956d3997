import { escapeHtml } from '../html.js'

const STYLE = `
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", sans-serif;
  color: #1d232a; background: #f3f5f7; margin: 0; }
header, main { max-width: 40rem; margin: 0 auto; padding: 0 1rem; }
header { padding-top: 1.25rem; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h1 a { color: inherit; text-decoration: none; }
a { color: #2f6fb3; }
h2 { font-size: 1.1rem; margin: 0 0 .25rem; }
p { margin: .4rem 0; }
.lead { color: #4a5560; margin: 0 0 1rem; }
.card { background: #fff; border: 1px solid #dde2e7; border-radius: .6rem; padding: .9rem 1rem;
  margin: 0 0 .9rem; }
.why { color: #5b6670; font-size: .9rem; }
.flash { background: #e6f6e6; border: 2px solid #7cc47c; border-radius: .6rem; padding: .75rem 1rem;
  margin: 0 0 .9rem; }
.flash .message { font-weight: 600; margin-top: 0; }
.error { border-color: #e0a0a0; background: #fdf0f0; }
.value { font-size: 1.05rem; }
code { font-family: ui-monospace, "Liberation Mono", monospace; background: #eef1f4;
  padding: 0 .3rem; border-radius: .25rem; overflow-wrap: anywhere; }
form { margin: .6rem 0 0; }
.row { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
label { display: block; margin: .5rem 0; }
label.check { display: flex; gap: .5rem; align-items: flex-start; }
input[type=text], input[type=number] { font: inherit; padding: .5rem .6rem; border: 1px solid #b9c2cb;
  border-radius: .4rem; min-height: 2.75rem; }
input[type=text] { width: 100%; }
input[type=number] { width: 6rem; }
input[type=checkbox] { width: 1.25rem; height: 1.25rem; margin: .15rem 0 0; flex: none; }
button { font: inherit; min-height: 2.75rem; padding: .5rem 1rem; border-radius: .4rem;
  border: 1px solid #2f6fb3; background: #2f6fb3; color: #fff; cursor: pointer; }
button.secondary { background: #fff; color: #2f6fb3; }
button:disabled { opacity: .5; cursor: not-allowed; }
main { padding-bottom: 2rem; }
@media (max-width: 30rem) {
  header, main { padding: 0 .6rem; }
  header { padding-top: .9rem; }
  .card, .flash { padding: .75rem; }
  form:not(.inline) button { width: 100%; }
}
`

/** What every page has: its title (for the tab) and its main content. */
export interface LayoutModel {
  readonly title: string
  /** HTML of the page's main content, already escaped. */
  readonly main: string
}

/** The HTML document around a page: viewport for phones, one small stylesheet, no script. */
export function layout(model: LayoutModel): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(model.title)} · sessionkit demo</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1><a href="/">sessionkit demo</a></h1>
<p class="lead">Sessions stored server-side, one signed cookie in the browser.</p>
</header>
<main>
${model.main}
</main>
</body>
</html>`
}
