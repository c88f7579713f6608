/** Small deterministic generators: the same seed gives the same sequence, run after run. */

/** FNV-1a, 32 bits: turns a string (a server id, a seed label) into a generator seed. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: uniform numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One uniform number in [0, 1) for a label, without keeping a generator. */
export function unitHash(label: string): number {
  return seededRandom(hash32(label))();
}

/** A duration: fixed, or uniform in [min, max]. */
export type Duration = number | { min: number; max: number };

export function drawDuration(duration: Duration, random: () => number): number {
  if (typeof duration === 'number') return Math.max(0, duration);
  const { min, max } = duration;
  return Math.max(0, Math.round(min + (max - min) * random()));
}
