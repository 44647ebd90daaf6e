import { inputError } from './errors.js';

/**
 * Size limits for reading inputs. Solutions come from other tenants and are treated as hostile:
 * every limit is enforced on the bytes actually read, not only on what a zip header declares.
 */
export interface InputLimits {
  /**
   * Largest `customizations.xml` (uncompressed). Default 64 MiB: parsing it takes about eight
   * times its size in memory (120 MiB from a 1.7 MB zip was a gigabyte), and the largest real
   * ones are a few tens of MiB.
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
   * `<Definition>` (UTF-8 bytes). Default 4 MiB — some 100 times the largest real flow. The
   * analysis of one hostile script can hold a few hundred bytes of memory per byte of script
   * (`npm run bench` measures it), so 8 MiB in a 172 KB zip took 3.6 GiB and 47 s.
   */
  maxFlowBytes: number;
  /**
   * Largest total of a solution's JSON data files (desktopflowbinaries `data/*.json`: manifests,
   * connector definitions), all of which are parsed and kept. Default 16 MiB: a hundred 1 MiB
   * files in a 288 KB zip (each under the compression-ratio check) took 2.4 GiB.
   */
  maxDataBytes: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_LIMITS: Readonly<InputLimits> = Object.freeze({
  maxCustomizationsBytes: 64 * MiB,
  maxEntryBytes: 64 * MiB,
  maxTotalBytes: 1024 * MiB,
  maxCompressionRatio: 200,
  ratioMinBytes: 1 * MiB,
  maxEntries: 100_000,
  maxFlowBytes: 4 * MiB,
  maxDataBytes: 16 * MiB,
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

/**
 * Deepest nesting of JSON flowc parses from an input (solution metadata and data files, the
 * config and the files it names). Real documents nest a dozen levels; 10,000 levels parse, but
 * then overflow the stack wherever the value is copied or hashed (a worker thread's message, the
 * cache key), so deeper JSON is refused first.
 */
export const MAX_JSON_DEPTH = 128;

/** The deepest `[`/`{` nesting of a JSON text (strings skipped), in one pass, without parsing it. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // A string: skip to its closing quote, over escapes.
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) max = depth;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return max;
}
