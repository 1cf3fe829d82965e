// Review governance, as UK standards for health information ask (the NHS Standard for Creating Health Content, the
// PIF TICK): a named author and clinical reviewer, sources, when the article was last reviewed, and a next review
// at most `check.reviewWithinYears` later.
import type { Article } from '../articles/article.js';
import type { ResolvedConfig } from '../config/schema.js';
import type { Finding } from './findings.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Today's date in the machine's time zone, as YYYY-MM-DD. */
export function todayIso(now = new Date()): string {
  const local = new Date(now.getTime() - now.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (ISO dates), negative when `to` is earlier. */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** `date` plus whole or fractional years, as an ISO date. */
export function addYears(date: string, years: number): string {
  const [year = 0, month = 1, day = 1] = date.split('-').map(Number);
  const whole = Math.floor(years);
  const shifted = new Date(Date.UTC(year + whole, month - 1, day) + Math.round((years - whole) * 365.25) * DAY_MS);
  // 29 February plus a year lands on 1 March, which is what a reviewer would read it as.
  return shifted.toISOString().slice(0, 10);
}

/** Review governance findings for one article, as of `today` (an ISO date). */
export function checkGovernance(article: Article, config: ResolvedConfig, today: string): Finding[] {
  const findings: Finding[] = [];
  const at = (key: string): { line: number } => ({ line: article.keyLines[key] ?? 1 });
  const { reviewWarnDays, reviewWithinYears } = config.check;

  if (!article.reviewed || !article.nextReview) {
    const missing = [!article.reviewed && '"reviewed"', !article.nextReview && '"next_review"']
      .filter(Boolean)
      .join(' and ');
    findings.push({
      rule: 'review-dates',
      severity: 'warning',
      message:
        `no ${missing} date: say when the article was last checked and when it will be ` +
        `checked again (YYYY-MM-DD).`,
      line: 1,
    });
  }
  if (article.nextReview) {
    const days = daysBetween(today, article.nextReview);
    if (days < 0) {
      findings.push({
        rule: 'review-overdue',
        severity: 'warning',
        message:
          `review overdue: "next_review" was ${article.nextReview} (${-days} ` +
          `day${days === -1 ? '' : 's'} ago). Review the article, then update "reviewed" and "next_review".`,
        ...at('next_review'),
      });
    } else if (days <= reviewWarnDays) {
      findings.push({
        rule: 'review-due-soon',
        severity: 'warning',
        message:
          `review due soon: "next_review" is ${article.nextReview} (in ${days} ` +
          `day${days === 1 ? '' : 's'}). Plan the review.`,
        ...at('next_review'),
      });
    }
  }
  if (article.reviewed && article.nextReview) {
    const latest = addYears(article.reviewed, reviewWithinYears);
    if (article.nextReview > latest) {
      findings.push({
        rule: 'review-too-far',
        severity: 'warning',
        message:
          `"next_review" ${article.nextReview} is more than ${reviewWithinYears} ` +
          `year${reviewWithinYears === 1 ? '' : 's'} after "reviewed" ${article.reviewed}: set it to ${latest} or sooner.`,
        suggestion: latest,
        ...at('next_review'),
      });
    }
  }
  if (!article.author) {
    findings.push({
      rule: 'no-author',
      severity: 'warning',
      message: 'no "author": name who wrote the article.',
      line: 1,
    });
  }
  if (!article.reviewer) {
    findings.push({
      rule: 'no-reviewer',
      severity: 'warning',
      message: 'no "reviewer": name the clinician who checked the article (for example "Sam Patel, MCSP").',
      line: 1,
    });
  }
  if (article.sources.length === 0) {
    findings.push({
      rule: 'no-sources',
      severity: 'warning',
      message: 'no "sources": list where the information comes from, each with a "title" and a "url".',
      line: 1,
    });
  }
  return findings;
}
