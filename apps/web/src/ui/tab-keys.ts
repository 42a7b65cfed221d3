/**
 * Where a key moves the focus in a tab strip (the WAI-ARIA tabs pattern): the arrows to the next or previous
 * tab, wrapping around, Home and End to the first and last; null for any other key (the browser's own).
 */
export function tabAfterKey(key: string, index: number, count: number): number | null {
  if (count === 0) return null;
  switch (key) {
    case 'ArrowRight':
      return (index + 1) % count;
    case 'ArrowLeft':
      return (index - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}
