/** Markup that is already escaped: what `html` returns, and what it inserts unchanged. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escaped(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(escaped).join('');
  if (value === null || value === undefined || value === false) return '';
  return String(value).replace(/[&<>"']/g, (ch) => ENTITIES[ch]);
}

/**
 * A tagged template that escapes every interpolated value (text and attribute values alike),
 * except nested `html` results; arrays are joined, and null, undefined and false print nothing.
 *
 * @example html`<p class="${kind}">${name}</p>` // name "<b>" prints as &lt;b&gt;
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0];
  values.forEach((value, i) => {
    out += escaped(value) + strings[i + 1];
  });
  return new SafeHtml(out);
}
