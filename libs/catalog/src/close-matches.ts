/** Levenshtein distance, for "did you mean" on ids of a few dozen characters. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length];
}

const words = (id: string) =>
  id
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

/**
 * The known ids closest to an unknown one, best first. A model that asks for "pricing-table" or
 * "testimonial-cards" means a component of that kind, so shared words count most (the first word is
 * usually the category); spelling distance breaks ties and catches typos ("hero-centred").
 */
export function closeMatches(wanted: string, known: readonly string[], limit = 3): string[] {
  const want = words(wanted);
  const scored = known.map((candidate) => {
    const have = words(candidate);
    const shared = want.filter((w) => have.some((h) => h === w || (w.length > 3 && (h.startsWith(w) || w.startsWith(h))))).length;
    const spelling = 1 - distance(wanted.toLowerCase(), candidate) / Math.max(wanted.length, candidate.length);
    return { candidate, score: shared + spelling, shared, spelling };
  });
  return scored
    .filter((s) => s.shared > 0 || s.spelling >= 0.6)
    .sort((a, b) => b.score - a.score || a.candidate.localeCompare(b.candidate))
    .slice(0, limit)
    .map((s) => s.candidate);
}
