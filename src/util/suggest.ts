/**
 * "Did you mean …?" for every misspelt name flowc reports: subflows, variables, labels,
 * operations, connectors, inputs.
 */
import { distance } from 'fastest-levenshtein';

/**
 * The candidate closest to `name` by edit distance, compared ignoring case, or undefined when
 * none is close enough: the distance must be at most max(2, floor(name.length / 3)), and at most
 * `maxDistance` when given.
 * Ties go to the candidate that is also closest with case respected, then to the first in
 * ordinal order, so the answer does not depend on the candidates' order.
 */
export function closest(name: string, candidates: Iterable<string>, maxDistance?: number): string | undefined {
  const limit = Math.min(Math.max(2, Math.floor(name.length / 3)), maxDistance ?? Infinity);
  const lower = name.toLowerCase();
  let best: { candidate: string; d: number; exact: number } | undefined;
  for (const candidate of candidates) {
    // Cheap bound: the length difference alone already exceeds the limit.
    if (Math.abs(candidate.length - name.length) > limit) continue;
    const d = distance(lower, candidate.toLowerCase());
    if (d > limit) continue;
    if (best && d > best.d) continue;
    const exact = distance(name, candidate);
    if (
      !best ||
      d < best.d ||
      exact < best.exact ||
      (exact === best.exact && candidate < best.candidate)
    ) {
      best = { candidate, d, exact };
    }
  }
  return best?.candidate;
}
