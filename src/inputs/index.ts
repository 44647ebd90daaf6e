/** Public API of src/inputs: finding and reading everything flowc takes as input. */
export { resolveInputs, type ResolveInputsOptions, type ResolvedInputs } from './discover.js';
export { InputError } from './errors.js';
export { DEFAULT_LIMITS, type InputLimits } from './limits.js';
export { readSolution, type ReadSolutionOptions } from './solution.js';
export { decodeText } from './text.js';
export type * from '../model/source.js';
