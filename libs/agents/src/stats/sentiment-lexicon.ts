/**
 * A small valence lexicon (-3 … +3) in the spirit of AFINN, for English social-media language,
 * plus the words that turn a complaint into a crisis. Lexical scoring misses sarcasm; it is a
 * signal to rank and alert on, not a verdict, and it runs without any model.
 */
export const VALENCE: Readonly<Record<string, number>> = {
  love: 3, loved: 3, amazing: 3, awesome: 3, excellent: 3, fantastic: 3, perfect: 3, brilliant: 3, outstanding: 3, wonderful: 3,
  great: 2, good: 2, nice: 2, happy: 2, glad: 2, thanks: 2, thank: 2, recommend: 2, beautiful: 2, best: 2, helpful: 2, fast: 1,
  like: 1, fine: 1, ok: 1, okay: 1, cool: 1, fun: 2, enjoy: 2, enjoyed: 2, impressed: 2, delighted: 3, pleased: 2, win: 2,
  bad: -2, poor: -2, slow: -1, broken: -2, disappointed: -2, disappointing: -2, annoying: -2, annoyed: -2, unhappy: -2, wrong: -2,
  hate: -3, hated: -3, terrible: -3, awful: -3, horrible: -3, worst: -3, disgusting: -3, useless: -3, pathetic: -3, furious: -3,
  angry: -3, rude: -2, ignored: -2, refund: -1, late: -1, delay: -1, delayed: -1, missing: -1, cancel: -1, cancelled: -1,
  complaint: -2, complain: -2, problem: -1, issue: -1, fail: -2, failed: -2, failure: -2, waste: -2, never: -1, shame: -2,
  scam: -3, fraud: -3, lawsuit: -3, sue: -3, boycott: -3, unsafe: -3, dangerous: -3, injury: -3, injured: -3, toxic: -3,
  recall: -2, breach: -3, leak: -2, leaked: -2, hacked: -3, racist: -3, sexist: -3, offensive: -3, lie: -3, lies: -3, liar: -3,
};

/** Words that mark a mention as a possible crisis, whatever its overall tone. */
export const CRISIS_TERMS: ReadonlySet<string> = new Set([
  'scam', 'fraud', 'lawsuit', 'sue', 'boycott', 'unsafe', 'dangerous', 'injury', 'injured', 'toxic', 'recall', 'breach',
  'leak', 'leaked', 'hacked', 'racist', 'sexist', 'offensive', 'poisoning', 'outage', 'discrimination', 'harassment',
]);

export const NEGATORS: ReadonlySet<string> = new Set(['not', 'no', 'never', "don't", "doesn't", "didn't", "isn't", "wasn't", "won't", "can't", 'cannot', 'hardly']);

export const INTENSIFIERS: Readonly<Record<string, number>> = { very: 1.5, really: 1.5, so: 1.3, extremely: 2, totally: 1.5, absolutely: 1.5 };
