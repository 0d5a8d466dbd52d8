import { tokenize } from '../embeddings/tokenize';
import { CRISIS_TERMS, INTENSIFIERS, NEGATORS, VALENCE } from './sentiment-lexicon';

export interface SentimentScore {
  /** Normalised to [-1, 1]. */
  readonly score: number;
  readonly label: 'positive' | 'neutral' | 'negative';
  readonly crisisTerms: readonly string[];
}

/** Negation flips the next three words' valence; an intensifier scales the next one. */
export function scoreSentiment(text: string): SentimentScore {
  const tokens = tokenize(text).map((token) => token.replace(/^#/, ''));
  let total = 0;
  let negateFor = 0;
  let boost = 1;
  const crisis = new Set<string>();
  for (const token of tokens) {
    if (CRISIS_TERMS.has(token)) crisis.add(token);
    if (NEGATORS.has(token)) {
      negateFor = 3;
      continue;
    }
    if (INTENSIFIERS[token] !== undefined) {
      boost = INTENSIFIERS[token];
      continue;
    }
    const valence = VALENCE[token];
    if (valence !== undefined) {
      total += (negateFor > 0 ? -0.5 * valence : valence) * boost;
    }
    boost = 1;
    if (negateFor > 0) negateFor--;
  }
  // Bounded like VADER's compound score: long texts do not run off to ±infinity.
  const score = total / Math.sqrt(total * total + 15);
  const label = score >= 0.05 ? 'positive' : score <= -0.05 ? 'negative' : 'neutral';
  return { score: Math.round(score * 1000) / 1000, label, crisisTerms: [...crisis].sort() };
}

export interface Mention {
  readonly id: string;
  readonly text: string;
  /** ISO-8601 instant. */
  readonly at: string;
  readonly authorId: string | null;
  /** Reach of the mention (followers, likes); weighs its severity. */
  readonly reach?: number;
}

export const SEVERITIES = ['none', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface CrisisSignals {
  readonly mentions: number;
  readonly negative: number;
  readonly positive: number;
  readonly neutral: number;
  readonly negativeShare: number;
  readonly averageScore: number;
  readonly crisisTerms: Readonly<Record<string, number>>;
  /** Negative mentions in the most recent quarter of the window divided by the window's mean rate. */
  readonly acceleration: number;
  readonly severity: Severity;
  readonly reasons: readonly string[];
  readonly mostNegative: readonly { id: string; score: number }[];
}

/**
 * Crisis signals over recent comments and mentions: the share and pace of negative mentions and
 * the crisis vocabulary they use. The thresholds are rules of thumb a person can read and argue
 * with; every level comes with the reasons that produced it.
 */
export function crisisSignals(mentions: readonly Mention[]): CrisisSignals {
  const scored = mentions.map((mention) => ({ mention, sentiment: scoreSentiment(mention.text) }));
  const negative = scored.filter((entry) => entry.sentiment.label === 'negative');
  const positive = scored.filter((entry) => entry.sentiment.label === 'positive').length;
  const terms: Record<string, number> = {};
  for (const entry of scored)
    for (const term of entry.sentiment.crisisTerms) terms[term] = (terms[term] ?? 0) + 1;
  const negativeShare = mentions.length === 0 ? 0 : negative.length / mentions.length;
  const averageScore =
    mentions.length === 0
      ? 0
      : scored.reduce((sum, entry) => sum + entry.sentiment.score, 0) / mentions.length;
  const acceleration = accelerationOf(
    negative.map((entry) => Date.parse(entry.mention.at)),
    scored.map((entry) => Date.parse(entry.mention.at)),
  );
  const crisisMentions = scored.filter((entry) => entry.sentiment.crisisTerms.length > 0).length;
  const highReachNegative = negative.filter((entry) => (entry.mention.reach ?? 0) >= 10_000).length;

  const reasons: string[] = [];
  let level = 0;
  const raise = (to: number, reason: string) => {
    reasons.push(reason);
    level = Math.max(level, to);
  };
  if (negative.length >= 3 && negativeShare >= 0.3)
    raise(1, `${Math.round(negativeShare * 100)}% of ${mentions.length} mentions are negative`);
  if (negative.length >= 5 && negativeShare >= 0.5) raise(2, 'negative mentions are the majority');
  if (crisisMentions >= 1)
    raise(2, `${crisisMentions} mention(s) use crisis terms (${Object.keys(terms).sort().join(', ')})`);
  if (acceleration >= 2 && negative.length >= 5)
    raise(3, `negative mentions are arriving ${acceleration.toFixed(1)}× faster than the window's average`);
  if (crisisMentions >= 5 || (crisisMentions >= 3 && negativeShare >= 0.5))
    raise(3, 'crisis terms recur across mentions');
  if (highReachNegative >= 1 && level >= 2)
    raise(Math.min(4, level + 1), `${highReachNegative} negative mention(s) reach 10,000+ people`);
  if (level >= 3 && acceleration >= 3 && negativeShare >= 0.6)
    raise(4, 'fast, mostly negative and escalating');

  return {
    mentions: mentions.length,
    negative: negative.length,
    positive,
    neutral: mentions.length - negative.length - positive,
    negativeShare: round(negativeShare),
    averageScore: round(averageScore),
    crisisTerms: terms,
    acceleration: round(acceleration),
    severity: SEVERITIES[level],
    reasons,
    mostNegative: negative
      .sort((a, b) => a.sentiment.score - b.sentiment.score)
      .slice(0, 5)
      .map((entry) => ({ id: entry.mention.id, score: entry.sentiment.score })),
  };
}

function accelerationOf(negativeTimes: number[], allTimes: number[]): number {
  const valid = allTimes.filter((time) => !Number.isNaN(time));
  if (negativeTimes.length < 2 || valid.length < 2) return 0;
  const start = Math.min(...valid);
  const end = Math.max(...valid);
  const span = end - start;
  if (span <= 0) return 0;
  const recentFrom = end - span / 4;
  const recent = negativeTimes.filter((time) => time >= recentFrom).length;
  return recent / 0.25 / negativeTimes.length;
}

const round = (value: number) => Math.round(value * 1000) / 1000;
