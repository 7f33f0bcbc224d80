// How the report preview (reports.html) words a letter's and a reply's status; kept apart from the page so they can be
// checked alone. A withheld reply's reason category is a code in the data ("privacy-of-victims"): people read the same
// words as on the receipt and the confidentiality page (web/i18n "confidentiality.*", tied to the public site's words).
import { t } from './i18n.js';

/** A letter of the period: on time, late by N days, or not replied. */
export const letterStatus = l => (l.replyStatus === 'on-time' ? t('reports.onTime')
  : l.replyStatus === 'late' ? t('reports.lateBy', { days: l.daysLate ?? '?' })
    : t('reports.notReplied'));

/** What the public sees of a reply received in the period, with a withheld reply's reason category in words. */
export const replyStatus = r => t(`reports.reply.${r.status}`) + (r.reasonCategory ? ` (${t(`confidentiality.${r.reasonCategory}`)})` : '');
