/**
 * The one error type that leaves `src/inputs/`: a problem with something the user gave flowc
 * (a missing path, an unreadable file, a hostile or broken solution). Its message is one line
 * that names the file or solution and, for a solution, the entry inside it.
 */
export class InputError extends Error {
  constructor(
    message: string,
    /** Display path of the file, folder or solution. */
    public readonly path: string,
    /** The entry inside a solution (`customizations.xml`, `desktopflowbinaries/<id>/…`), if any. */
    public readonly entry?: string,
    /**
     * Set when one flow file could not be read or decoded (permission, I/O error, not UTF-8,
     * binary, too large): a fault of that file alone, which commands report on the file (FC010)
     * while still checking the others. `problem` is the message without the path.
     */
    public readonly unreadable?: UnreadableFile,
  ) {
    super(message);
    this.name = 'InputError';
  }
}

/** A flow file that could not be read or decoded. */
export interface UnreadableFile {
  absolutePath: string;
  /** What went wrong, without the path. */
  problem: string;
  /** The text as far as it could be shown (invalid bytes as U+FFFD) and where the fault is, for a code frame. */
  text?: string;
  span?: { start: number; end: number };
  /** Set when the input is a solution (zip or unpacked folder), not a flow file. */
  solution?: boolean;
}

const ERRNO_TEXT: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EIO: 'input/output error',
  EISDIR: 'is a folder',
  ENOENT: 'no such file',
  ELOOP: 'too many symbolic links',
  EMFILE: 'too many open files',
};

/**
 * An InputError for a flow file that could not be read or decoded (see `unreadable`). A system
 * error says what failed without the absolute path (`cannot read the file: permission denied (EACCES)`).
 */
export function unreadableFile(error: unknown, display: string, absolutePath: string): InputError {
  let problem: string;
  if (error instanceof InputError && error.unreadable) return error;
  if (error instanceof InputError) {
    problem = error.message.startsWith(`${display}: `) ? error.message.slice(display.length + 2) : error.message;
  } else {
    const e = error as NodeJS.ErrnoException;
    const code = typeof e?.code === 'string' ? e.code : undefined;
    const text = code && ERRNO_TEXT[code] ? ERRNO_TEXT[code] : String(e instanceof Error ? e.message : e).replace(/^E[A-Z0-9]+: /, '').replace(/, \w+ '.*'$/, '');
    problem = `cannot read the file: ${text}${code ? ` (${code})` : ''}`;
  }
  problem = oneLine(problem);
  return new InputError(`${display}: ${problem}`, display, undefined, { absolutePath, problem });
}

/**
 * An InputError for a solution (zip or unpacked folder) that could not be read: corrupt,
 * hostile (zip slip, zip bomb, XML entities…), above a limit, or not readable at all. It is a
 * fault of that input alone, reported on it like an unreadable flow file (FC010) while the other
 * inputs are still checked. The problem names the entry inside the solution first, when there is
 * one (`customizations.xml: CRC-32 mismatch: the entry is corrupt`).
 */
export function unreadableSolution(error: unknown, display: string, absolutePath: string): InputError {
  if (!(error instanceof InputError) || error.unreadable) {
    const e = unreadableFile(error, display, absolutePath);
    return new InputError(e.message, e.path, e.entry, { ...e.unreadable!, solution: true });
  }
  const where = error.entry === undefined ? `${display}: ` : `${display} (${printable(error.entry)}): `;
  const rest = error.message.startsWith(where) ? error.message.slice(where.length) : error.message;
  const problem = error.entry === undefined || !error.message.startsWith(where) ? rest : `${printable(error.entry)}: ${rest}`;
  return new InputError(error.message, display, error.entry, { absolutePath, problem, solution: true });
}

/**
 * Builds an InputError whose message is `<path>: <problem>` or `<path> (<entry>): <problem>`.
 * Entry names come from the input itself, so they are shown escaped: a hostile name with a
 * newline or a terminal escape sequence cannot break the one-line message.
 */
export function inputError(path: string, entry: string | undefined, problem: string): InputError {
  const where = entry === undefined ? path : `${path} (${printable(entry)})`;
  return new InputError(`${where}: ${oneLine(problem)}`, path, entry);
}

/**
 * Wraps anything thrown while reading `path` into an InputError; an InputError passes through.
 * `what` says what was being done, e.g. "cannot read the zip".
 */
export function wrapError(error: unknown, path: string, entry: string | undefined, what: string): InputError {
  if (error instanceof InputError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return inputError(path, entry, `${what}: ${reason}`);
}

/** Control characters and non-printing code points shown as JSON-style escapes. */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) =>
    `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function oneLine(text: string): string {
  return printable(text.replace(/\s*\r?\n\s*/g, ' '));
}
