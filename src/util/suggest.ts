/**
 * "Did you mean …?" — the one suggestion helper of flowc, for every misspelt name it reports:
 * subflows, variables, labels, actions, operations, connectors, inputs, commands, options, and
 * the keys and values of JSON files (config, policies).
 */
import { distance } from 'fastest-levenshtein';

export interface ClosestOptions {
  /**
   * Also accept a candidate that `name` is a prefix of, or that is a prefix of `name` (both at
   * least 3 characters: `warn` → `warning`), when nothing is within the edit distance. For short
   * closed vocabularies (severities, formats), where a user abbreviates.
   */
  prefix?: boolean;
}

/** Levenshtein distance, counting a swap of two adjacent characters as one edit (`lable` → `label`). */
export function editDistance(a: string, b: string): number {
  const d = distance(a, b);
  if (d === 2 && a.length === b.length) {
    const diff: number[] = [];
    for (let i = 0; i < a.length && diff.length <= 2; i++) if (a[i] !== b[i]) diff.push(i);
    const [i, j] = diff;
    if (diff.length === 2 && i !== undefined && j === i + 1 && a[i] === b[j] && a[j] === b[i]) return 1;
  }
  return d;
}

/**
 * The candidate closest to `name` by edit distance, compared ignoring case, or undefined when
 * none is close enough: the distance must be at most max(2, floor(name.length / 3)) (with
 * `prefix`, a prefix match comes after every candidate within that distance). Ties go to the
 * candidate that is also closest with case respected (so `name` itself wins when it is a
 * candidate), then to the first in ordinal order, so the answer does not depend on the
 * candidates' order.
 */
export function closest(name: string, candidates: Iterable<string>, options: ClosestOptions = {}): string | undefined {
  const limit = Math.max(2, Math.floor(name.length / 3));
  const lower = name.toLowerCase();
  let best: { candidate: string; d: number; exact: number } | undefined;
  for (const candidate of candidates) {
    const cl = candidate.toLowerCase();
    let d: number;
    // Cheap bound: the length difference alone already exceeds the limit.
    if (Math.abs(candidate.length - name.length) <= limit && (d = editDistance(lower, cl)) <= limit) {
      // within the distance
    } else if (options.prefix && lower.length >= 3 && cl.length >= 3 && (cl.startsWith(lower) || lower.startsWith(cl))) {
      d = limit + 0.5;
    } else continue;
    if (best && d > best.d) continue;
    const exact = distance(name, candidate);
    if (!best || d < best.d || exact < best.exact || (exact === best.exact && candidate < best.candidate)) {
      best = { candidate, d, exact };
    }
  }
  return best?.candidate;
}
