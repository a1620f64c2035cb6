/**
 * The first index in [lo, hi) whose element is not `before`, in a list where `before` holds for a prefix
 * (a sorted list: "sorts before x"). The one binary search of the patch, the views and the renderers.
 */
export function lowerBound<T>(list: readonly T[], before: (y: T) => boolean, lo = 0, hi = list.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(list[mid] as T)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
