// Unit matching (METHOD.md, "Rewards"): normalization, token-overlap F1, one-to-one matching of
// predicted lines to gold units with threshold τ, and the coverage/Jaccard mix of Eq. 9 and Eq. 11.

/**
 * Lower-case, turn every run of non-letter/non-digit characters into one space, trim.
 * Letters and digits of any script survive. Example: `"I'm  a Vegan!"` → `"i m a vegan"`.
 */
export function normalize(text: string): string {
  return text.toLowerCase().normalize('NFKC').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** The normalized tokens of a text. Example: `tokens("Likes: jazz, tea")` → `["likes", "jazz", "tea"]`. */
export function tokens(text: string): string[] {
  const n = normalize(text);
  return n === '' ? [] : n.split(' ');
}

/** Function words that carry no attribute; dropped when checking whether a fact is supported. */
const STOPWORDS: ReadonlySet<string> = new Set(
  ('a an the and or but of to in on at for with from by as is are was were be been being am i me my mine ' +
    'you your he she it its we our they their them this that these those do does did has have had not no ' +
    'so very just also s t m re ve ll d user user s').split(' '),
);

/** Tokens minus stopwords. Example: `contentTokens("The user likes tea")` → `["likes", "tea"]`. */
export function contentTokens(text: string): string[] {
  return tokens(text).filter((t) => !STOPWORDS.has(t));
}

/**
 * Token-overlap F1 of two texts (SQuAD style, multiset overlap of normalized tokens).
 * precision = overlap/|a|, recall = overlap/|b|, F1 = 2PR/(P+R).
 * Example: a = "likes green tea", b = "the user likes tea" → overlap 2, P = 2/3, R = 2/4, F1 = 4/7 ≈ 0.571.
 * Edge cases: either text without tokens → 0 (an empty line matches nothing, not even another empty line).
 */
export function tokenF1(a: string, b: string): number {
  return tokenF1Of(tokens(a), tokens(b));
}

/** {@link tokenF1} on token lists already split (multiset overlap). */
export function tokenF1Of(ta: readonly string[], tb: readonly string[]): number {
  if (ta.length === 0 || tb.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const t of tb) counts.set(t, (counts.get(t) ?? 0) + 1);
  let overlap = 0;
  for (const t of ta) {
    const c = counts.get(t) ?? 0;
    if (c > 0) {
      overlap += 1;
      counts.set(t, c - 1);
    }
  }
  if (overlap === 0) return 0;
  const p = overlap / ta.length;
  const r = overlap / tb.length;
  return (2 * p * r) / (p + r);
}

/** One predicted line matched to one gold unit, with their F1. Indices are into the inputs. */
export interface UnitMatch {
  predicted: number;
  gold: number;
  f1: number;
}

/**
 * Match predicted lines to gold units one-to-one: every pair with F1 ≥ τ is a candidate; pairs are
 * taken greedily by descending F1 (ties: lower predicted index, then lower gold index), each line
 * and each unit at most once. So a duplicated memory line cannot count one gold unit twice.
 * Example: predicted ["likes tea", "likes tea"], gold ["I like tea", "likes tea a lot"], τ = 0.5:
 * F1 = [[0.4, 2/3], [0.4, 2/3]] → line 0 takes unit 1; line 1 has no unit left with F1 ≥ τ → 1 match.
 */
export function matchUnits(predicted: readonly string[], gold: readonly string[], tau: number): UnitMatch[] {
  const tp = predicted.map(tokens);
  const tg = gold.map(tokens);
  const candidates: UnitMatch[] = [];
  tp.forEach((a, i) =>
    tg.forEach((b, j) => {
      const f1 = tokenF1Of(a, b);
      if (f1 > 0 && f1 >= tau) candidates.push({ predicted: i, gold: j, f1 });
    }),
  );
  candidates.sort((x, y) => y.f1 - x.f1 || x.predicted - y.predicted || x.gold - y.gold);
  const usedP = new Set<number>();
  const usedG = new Set<number>();
  const matches: UnitMatch[] = [];
  for (const c of candidates) {
    if (usedP.has(c.predicted) || usedG.has(c.gold)) continue;
    usedP.add(c.predicted);
    usedG.add(c.gold);
    matches.push(c);
  }
  return matches;
}

/** The parts of a set reward, for explaining it in the UI. */
export interface SetScore {
  /** |M ∩ E|: one-to-one matches with F1 ≥ τ. */
  matched: number;
  /** |M|: predicted lines (duplicates count, so redundancy lowers the Jaccard term). */
  predicted: number;
  /** |E|: gold units. */
  gold: number;
  /** |M ∩ E| / |E|. */
  coverage: number;
  /** |M ∩ E| / |M ∪ E| with |M ∪ E| = |M| + |E| − |M ∩ E|. */
  jaccard: number;
  /** weight · coverage + (1 − weight) · jaccard. NaN when there are no gold units. */
  reward: number;
}

/**
 * The form of Eq. 9 and Eq. 11: r = w·|M∩E|/|E| + (1−w)·|M∩E|/|M∪E|, with units matched by
 * {@link matchUnits} at threshold τ.
 * Example (w = 0.8): 3 lines, 2 gold units, 1 match → coverage 1/2, Jaccard 1/(3+2−1) = 1/4,
 * r = 0.8·0.5 + 0.2·0.25 = 0.45.
 * Edge cases: no predicted lines → 0 (malformed output scores 0); no gold units → NaN (the reward is
 * undefined; the advantage step turns NaN into advantage 0 and counts it).
 */
export function setReward(predicted: readonly string[], gold: readonly string[], weight: number, tau: number): SetScore {
  const matched = matchUnits(predicted, gold, tau).length;
  const union = predicted.length + gold.length - matched;
  const coverage = gold.length === 0 ? Number.NaN : matched / gold.length;
  const jaccard = union === 0 ? Number.NaN : matched / union;
  const reward = gold.length === 0 ? Number.NaN : weight * coverage + (1 - weight) * jaccard;
  return { matched, predicted: predicted.length, gold: gold.length, coverage, jaccard, reward };
}
