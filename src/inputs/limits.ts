import { inputError } from './errors.js';

/**
 * Size limits for reading inputs. Solutions come from other tenants and are treated as hostile:
 * every limit is enforced on the bytes actually read, not only on what a zip header declares.
 */
export interface InputLimits {
  /**
   * Largest `customizations.xml` (uncompressed). Default 128 MiB: parsing it takes about eight
   * times its size in memory, and the largest real ones are tens of MiB.
   */
  maxCustomizationsBytes: number;
  /** Largest other zip entry or file (uncompressed), `.flow` files included. Default 64 MiB. */
  maxEntryBytes: number;
  /** Largest total of all entries of one solution (uncompressed). Default 1 GiB. */
  maxTotalBytes: number;
  /** Highest uncompressed/compressed ratio of a zip entry larger than `ratioMinBytes`. Default 200. */
  maxCompressionRatio: number;
  /** Entries up to this size are not ratio-checked (small files compress well). Default 1 MiB. */
  ratioMinBytes: number;
  /** Most entries (files) in one solution. Default 100 000. */
  maxEntries: number;
  /**
   * Largest flow script flowc analyses: a `.flow` or clipboard text file, or a solution flow's
   * `<Definition>` (UTF-8 bytes). Default 8 MiB — about 200 times the largest real flow; the
   * analysis holds some 120 bytes of memory per byte of script, so 50 MiB would not fit in a
   * default Node heap.
   */
  maxFlowBytes: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_LIMITS: Readonly<InputLimits> = Object.freeze({
  maxCustomizationsBytes: 128 * MiB,
  maxEntryBytes: 64 * MiB,
  maxTotalBytes: 1024 * MiB,
  maxCompressionRatio: 200,
  ratioMinBytes: 1 * MiB,
  maxEntries: 100_000,
  maxFlowBytes: 8 * MiB,
});

export function resolveLimits(limits: Partial<InputLimits> | undefined): InputLimits {
  return { ...DEFAULT_LIMITS, ...limits };
}

/** The size limit of one solution entry: customizations.xml may be larger than the rest. */
export function entryLimit(name: string, limits: InputLimits): number {
  return name.toLowerCase() === 'customizations.xml' ? limits.maxCustomizationsBytes : limits.maxEntryBytes;
}

export function formatBytes(bytes: number): string {
  if (bytes >= MiB) return `${+(bytes / MiB).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}

/**
 * Counts the bytes read from one solution against its limits. `add` is called for every chunk
 * as it is read, so a lying header or an endless stream is stopped at the limit.
 */
export class ByteBudget {
  private total = 0;

  constructor(
    private readonly limits: InputLimits,
    private readonly path: string,
  ) {}

  /** Starts counting one entry; the returned function takes each chunk's length and throws past a limit. */
  entry(name: string, compressedSize?: number): (chunkLength: number) => void {
    const limit = entryLimit(name, this.limits);
    let size = 0;
    return (chunkLength) => {
      size += chunkLength;
      this.total += chunkLength;
      if (size > limit) {
        throw inputError(this.path, name, `entry is larger than the ${formatBytes(limit)} limit`);
      }
      if (this.total > this.limits.maxTotalBytes) {
        throw inputError(this.path, name, `solution is larger than the ${formatBytes(this.limits.maxTotalBytes)} total limit`);
      }
      if (compressedSize !== undefined) checkRatio(size, compressedSize, this.limits, this.path, name);
    };
  }
}

/** Refuses an entry that expands too much: the sign of a zip bomb. */
export function checkRatio(
  uncompressed: number,
  compressed: number,
  limits: InputLimits,
  path: string,
  name: string,
): void {
  if (uncompressed <= limits.ratioMinBytes) return;
  const ratio = uncompressed / Math.max(compressed, 1);
  if (ratio > limits.maxCompressionRatio) {
    throw inputError(
      path,
      name,
      `compression ratio ${Math.round(ratio)}:1 is above the ${limits.maxCompressionRatio}:1 limit (zip bomb?)`,
    );
  }
}
