/** A survey's headline figure in words: NPS, CSAT, a rating's average, or the number of answers. */
import type { SurveyScore, SurveySummary } from '../types';
import { pct } from '../ui/format';

export function scoreText(kind: SurveySummary['kind'], s: SurveyScore): string {
  if (!s.responses) return '—';
  if (kind === 'nps') return `NPS ${s.nps! > 0 ? '+' : ''}${s.nps}`;
  if (kind === 'csat') return `CSAT ${pct(s.csat)}`;
  if (kind === 'rating') return `${s.average} of 5`;
  return `${s.responses} ${s.responses === 1 ? 'answer' : 'answers'}`;
}
