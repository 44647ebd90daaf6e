/** The one "did you mean" helper (src/util/suggest.ts), as every caller uses it. */
import { describe, expect, it } from 'vitest';
import { closest, editDistance } from '../src/util/suggest.js';

describe('closest', () => {
  it('suggests within max(2, a third of the name) edits, ignoring case', () => {
    expect(closest('rulez', ['include', 'exclude', 'rules'])).toBe('rules');
    expect(closest('RULES', ['rules'])).toBe('rules');
    expect(closest('zzz', ['rules', 'include'])).toBeUndefined();
    expect(closest('Innit', ['Init', 'Main'])).toBe('Init');
  });

  it('counts an adjacent swap as one edit', () => {
    expect(editDistance('lable', 'label')).toBe(1);
    expect(editDistance('abc', 'cba')).toBe(2);
    expect(closest('Lable1', ['Label1', 'Label22'])).toBe('Label1');
  });

  it('prefers the candidate with the same case', () => {
    expect(closest('MAIN', ['Main', 'MAIN'])).toBe('MAIN');
    expect(closest('main', ['MAIN', 'Main'])).toBe('Main');
  });

  it('accepts an abbreviation only with the prefix option, after every closer candidate', () => {
    expect(closest('warn', ['off', 'info', 'warning', 'error'])).toBeUndefined();
    expect(closest('warn', ['off', 'info', 'warning', 'error'], { prefix: true })).toBe('warning');
    expect(closest('erro', ['error', 'errors'], { prefix: true })).toBe('error');
    expect(closest('of', ['off', 'offline'], { prefix: true })).toBe('off');
  });

  it('does not depend on the order of the candidates', () => {
    const names = ['SendEmail', 'SendEmailV2', 'sendemailv4', 'GetEmailsV3'];
    const answer = closest('SendEmailV3', names);
    expect(answer).toBe('SendEmailV2');
    expect(closest('SendEmailV3', [...names].reverse())).toBe(answer);
  });
});
