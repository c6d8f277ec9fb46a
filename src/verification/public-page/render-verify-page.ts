import { directionOf, LANGUAGES, type Language } from '../../i18n/languages.ts';
import { translate } from '../../i18n/translate.ts';
import type { VerificationResult } from '../verifier.ts';
import { describeCertificate, describeCheck, describeVerdict } from './describe-result.ts';
import { html, type SafeHtml } from './html.ts';

/** Each language named in itself, for the language switcher. */
const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', fr: 'Français', es: 'Español', ru: 'Русский', zh: '中文', ar: 'العربية' };

const MARKS = { VALID: '✓', INVALID: '✗', UNKNOWN: '?' } as const;

export interface VerifyPageView {
  language: Language;
  result?: VerificationResult;
  /** A `verifyPage.problems.*` key: why nothing could be verified (no QR in the file, a mistyped number…). */
  problem?: string;
  /** What the person sent, put back into the forms. */
  typed?: { qr?: string; number?: string; securityCode?: string };
  /** The `qr` of the link that was opened, kept when switching language. */
  linkQr?: string;
}

/**
 * The public verification page: server-rendered, no script, one column that reads on a phone.
 * Three ways in (paste the QR text, upload the PDF or a photo, type number + security code), and
 * the result as a verdict banner, the certificate's own key fields, and every check with its reason.
 */
export function renderVerifyPage(view: VerifyPageView): string {
  const { language } = view;
  const t = (key: string, params?: Record<string, string>) => translate(language, `verifyPage.${key}`, params);
  const action = `/verify?lang=${language}`;
  const switchTo = (code: Language) => (view.linkQr ? `/verify?lang=${code}&qr=${encodeURIComponent(view.linkQr)}` : `/verify?lang=${code}`);
  const page = html`<!doctype html>
<html lang="${language}" dir="${directionOf(language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${view.result ? `${describeVerdict(view.result, language).title} — ${t('title')}` : t('title')}</title>
<link rel="stylesheet" href="/verify/style.css">
</head>
<body>
<header class="top">
<p class="scheme">${t('scheme')}</p>
<nav aria-label="${t('language')}"><ul class="languages">${LANGUAGES.map(
    (code) =>
      html`<li><a href="${switchTo(code)}" lang="${code}" hreflang="${code}"${code === language ? html` aria-current="page"` : ''}>${LANGUAGE_NAMES[code]}</a></li>`,
  )}</ul></nav>
</header>
<main>
<h1>${t('title')}</h1>
${view.problem ? html`<p class="problem" role="alert">${t(`problems.${view.problem}`)}</p>` : ''}
${view.result ? resultSection(view.result, language) : html`<p class="intro">${t('intro')}</p>`}
${view.result ? html`<h2 class="again">${t('again')}</h2>` : ''}
<section class="way" aria-labelledby="way-paste">
<h2 id="way-paste">${t('paste.heading')}</h2>
<form method="post" action="${action}">
<label for="qr">${t('paste.label')}</label>
<textarea id="qr" name="qr" rows="4" dir="ltr" autocapitalize="characters" autocomplete="off" spellcheck="false">${view.typed?.qr ?? ''}</textarea>
<button type="submit">${t('paste.submit')}</button>
</form>
</section>
<section class="way" aria-labelledby="way-upload">
<h2 id="way-upload">${t('upload.heading')}</h2>
<form method="post" action="${action}" enctype="multipart/form-data">
<label for="file">${t('upload.label')}</label>
<input id="file" name="file" type="file" accept="application/pdf,image/png,image/jpeg,application/json,text/plain,.pdf,.png,.jpg,.jpeg,.json,.txt" required>
<button type="submit">${t('upload.submit')}</button>
</form>
</section>
<section class="way" aria-labelledby="way-number">
<h2 id="way-number">${t('number.heading')}</h2>
<form method="post" action="${action}">
<label for="number">${t('number.numberLabel')}</label>
<input id="number" name="number" type="text" dir="ltr" inputmode="text" autocapitalize="characters" autocomplete="off" spellcheck="false" placeholder="BW-2026-000042" aria-describedby="number-hint" value="${view.typed?.number ?? ''}" required>
<p class="hint" id="number-hint">${isolateCodes(t('number.numberHint'))}</p>
<label for="securityCode">${t('number.codeLabel')}</label>
<input id="securityCode" name="securityCode" type="text" dir="ltr" autocapitalize="characters" autocomplete="off" spellcheck="false" placeholder="7K3QD-M2XAF" aria-describedby="code-hint" value="${view.typed?.securityCode ?? ''}" required>
<p class="hint" id="code-hint">${isolateCodes(t('number.codeHint'))}</p>
<button type="submit">${t('number.submit')}</button>
</form>
</section>
<p class="privacy">${t('privacy')}</p>
</main>
</body>
</html>
`;
  return page.value;
}

function resultSection(result: VerificationResult, language: Language): SafeHtml {
  const t = (key: string, params?: Record<string, string>) => translate(language, `verifyPage.${key}`, params);
  const verdict = describeVerdict(result, language);
  const fields = describeCertificate(result, language);
  const verifiedAt = new Intl.DateTimeFormat(language, { year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC', timeZoneName: 'short' }).format(new Date(result.verifiedAt));
  return html`<section class="result" aria-labelledby="verdict">
<div class="verdict verdict-${result.verdict.toLowerCase()}" role="status">
<p class="mark" aria-hidden="true">${MARKS[result.verdict]}</p>
<h2 id="verdict">${verdict.title}</h2>
<p>${verdict.text}</p>
</div>
${
  fields.length > 0
    ? html`<h3>${t('certificateHeading')}</h3>
<dl class="fields">${fields.map((field) => html`<div><dt>${field.label}</dt><dd><bdi>${field.value}</bdi></dd></div>`)}</dl>`
    : ''
}
<h3>${t('checksHeading')}</h3>
<ul class="checks">${result.checks.map((check) => {
    const described = describeCheck(check, language);
    return html`<li class="check check-${check.status.toLowerCase()}"><span class="check-status"><span aria-hidden="true">${MARKS[check.status]}</span> ${described.statusText}</span> <strong>${described.name}</strong> <span class="check-reason">${described.reason}</span></li>`;
  })}</ul>
<p class="meta">${t('verifiedAt', { date: verifiedAt })}</p>
</section>`;
}

/**
 * Certificate numbers and security codes read left to right in every language: inside Arabic
 * text they are isolated, so "BW-2026-000042" does not come out as "000042-BW-2026".
 */
function isolateCodes(text: string): SafeHtml {
  const parts = text.split(/([A-Z]{2}-\d{4}-\d{6}|[0-9A-Z]{5}-[0-9A-Z]{5})/);
  return html`${parts.map((part, i) => (i % 2 === 1 ? html`<bdi dir="ltr">${part}</bdi>` : part))}`;
}
