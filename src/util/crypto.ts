/**
 * node:crypto, loaded on first use. Loading it costs ≈ 2.5 ms of start-up (its internal modules
 * are not in Node's start-up snapshot), and `flowc check` of a few flows without --cache never
 * hashes anything: the modules that hash import these wrappers instead of node:crypto.
 */
import { createRequire } from 'node:module';
import type { Hash } from 'node:crypto';

const requireBuiltin = createRequire(import.meta.url);
let loaded: typeof import('node:crypto') | undefined;

function crypto(): typeof import('node:crypto') {
  return (loaded ??= requireBuiltin('node:crypto') as typeof import('node:crypto'));
}

export function createHash(algorithm: string): Hash {
  return crypto().createHash(algorithm);
}

export function randomBytes(size: number): Buffer {
  return crypto().randomBytes(size);
}
