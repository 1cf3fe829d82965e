// How a check report is written out: for people (grouped by file, optionally coloured) and as GitHub workflow
// commands, which GitHub Actions shows as annotations on the pull request's lines.
import type { Colors } from 'picocolors/types.js';
import type { CheckReport } from './check.js';
import type { ReadabilityStats } from './findings.js';

/** The report for a terminal: each file, its reading figures, its findings by line, then a summary line. */
export function formatCheckText(report: CheckReport, c: Colors): string {
  const lines: string[] = [];
  for (const article of report.articles) {
    lines.push(`${c.underline(article.file)}${article.title ? c.dim(`  ${article.title}`) : ''}`);
    if (article.stats) lines.push(...describeStats(article.stats).map((line) => `  ${c.dim(line)}`));
    const width = Math.max(0, ...article.findings.map((finding) => place(finding).length));
    for (const finding of article.findings) {
      const severity = finding.severity === 'error' ? c.red('error  ') : c.yellow('warning');
      lines.push(`  ${place(finding).padEnd(width)}  ${severity}  ${finding.message}  ${c.dim(finding.rule)}`);
    }
    if (article.findings.length === 0) lines.push(`  ${c.green('no problems found')}`);
    lines.push('');
  }
  if (report.articles.length === 0) lines.push('No articles to check. Write one with: leaflet new "Title"', '');
  for (const note of report.notes) lines.push(c.dim(`Note: ${note}`));
  lines.push(summaryLine(report, c));
  return `${lines.join('\n')}\n`;
}

/** "2 errors, 5 warnings in 4 articles", with a mark for pass or fail. */
export function summaryLine(report: CheckReport, c: Colors): string {
  const { articles, errors, warnings } = report.totals;
  const counts = `${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(articles, 'article')}`;
  const strict = report.strict ? ' (--strict: warnings count as errors)' : '';
  return report.ok ? `${c.green('✓')} ${counts}${strict}` : `${c.red('✗')} ${counts}${strict}`;
}

/** The reading figures of an article, in two short lines. */
export function describeStats(stats: ReadabilityStats): string[] {
  const passive = stats.sentences ? Math.round((stats.passiveSentences / stats.sentences) * 100) : 0;
  const one = (value: number): string => value.toFixed(1);
  if (!stats.english) {
    const jargon = stats.jargonList
      ? 'jargon from your list for this language'
      : 'no jargon list for this language (add one in check.jargon.languages)';
    const counts =
      `${plural(stats.words, 'word')}, ${plural(stats.sentences, 'sentence')}, ` +
      `${one(stats.averageSentenceWords)} words a sentence`;
    if (stats.grade) {
      const { formula, score, band, hardWords } = stats.grade;
      const hard = hardWords === undefined ? '' : `, ${plural(hardWords, 'hard word')} (four syllables or more)`;
      return [
        `${formula === 'INFLESZ' ? 'reading ease' : 'grade'} ${one(score)} (${formula}: ${band}); ${counts}${hard}`,
        `no structure checks (their patterns are for English); ${jargon}`,
      ];
    }
    return [
      `${counts}; no reading grade (leaflet has formulas for English, Spanish and Polish) or structure checks ` +
        `(their patterns are for English); ${jargon}`,
    ];
  }
  const lines = [
    `grade ${one(Math.max(stats.smog, stats.fleschKincaid))} (SMOG ${one(stats.smog)}, ` +
      `Flesch-Kincaid ${one(stats.fleschKincaid)}), reading ease ${one(stats.fleschReadingEase)}; ` +
      `${plural(stats.words, 'word')}, ${plural(stats.sentences, 'sentence')}, ` +
      `${one(stats.averageSentenceWords)} words a sentence, ${passive}% passive`,
  ];
  if (stats.topicWords.length > 0) {
    lines.push(
      `topic words counted as easy words: ` +
        `${stats.topicWords.map((topic) => `${topic.word} ` + `(${topic.count})`).join(', ')}`,
    );
  }
  return lines;
}

/** One `::error` or `::warning` workflow command per finding, and a notice with the summary. */
export function formatCheckGithub(report: CheckReport): string {
  const lines: string[] = [];
  for (const article of report.articles) {
    for (const finding of article.findings) {
      const properties = [
        `file=${escapeProperty(article.file)}`,
        ...(finding.line ? [`line=${finding.line}`] : []),
        ...(finding.column ? [`col=${finding.column}`] : []),
        `title=${escapeProperty(`leaflet check: ${finding.rule}`)}`,
      ];
      lines.push(`::${finding.severity} ${properties.join(',')}::${escapeData(finding.message)}`);
    }
  }
  for (const note of report.notes) lines.push(`::notice title=leaflet check::${escapeData(note)}`);
  const { articles, errors, warnings } = report.totals;
  lines.push(
    `::notice title=leaflet ` +
      `check::${escapeData(
        `${plural(errors, 'error')}, ` + `${plural(warnings, 'warning')} in ${plural(articles, 'article')}`,
      )}`,
  );
  return `${lines.join('\n')}\n`;
}

function place(finding: { line?: number; column?: number }): string {
  if (!finding.line) return '';
  return finding.column ? `${finding.line}:${finding.column}` : `${finding.line}`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Workflow command data: %, CR and LF are escaped (GitHub's actions/toolkit does the same). */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Workflow command properties also escape ":" and ",". */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
