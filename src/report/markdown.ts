// Text from users (benchmark names, notes, titles) goes into Markdown that GitHub renders in pull-request
// comments: it must stay text. No HTML, no table breakage, no links, no notifications, no reordered text.
const LINE_BREAKS = /\r\n|[\n\r\t\v\f\u0085\u2028\u2029]/g
// Bidirectional controls (they can make a row read differently from what it holds) and other control characters.
const INVISIBLE = /[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g
/** A zero-width space, written as an entity so that it is visible in the Markdown source. */
const ZWSP = '&#8203;'

/**
 * Escapes text for a Markdown table cell or a line: no HTML, no pipes, no line breaks of any kind (CR, LF,
 * NEL, U+2028/9), no link or emphasis syntax; no @mentions, bare URLs or #123 references that GitHub would
 * turn into links or notifications (a zero-width space breaks them); bidirectional and other control
 * characters shown as their code point.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(LINE_BREAKS, ' ')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]()#+!|~])/g, '\\$1')
    .replace(INVISIBLE, c => `⟨U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩`)
    .replace(/@(?=[\p{L}\p{N}_-])/gu, `@${ZWSP}`) // @user, @org/team, a@b.c
    .replace(/:\/\//g, `${ZWSP}://`) // https://…, ftp://…
    .replace(/\bwww\./gi, m => `${m.slice(0, 3)}${ZWSP}.`)
    .replace(/\\#(?=\d)/g, `\\#${ZWSP}`) // #123 cross-references
}
