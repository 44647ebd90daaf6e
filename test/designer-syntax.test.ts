/**
 * Syntax the PAD designer writes to the clipboard that public scripts show (LANGUAGE.md §3):
 * each form parses with no problem and lowers to what it means.
 */
import { describe, expect, it } from 'vitest';
import { parseFlow } from '../src/syntax/parse.js';
import type { Expr, Statement } from '../src/ir/flow.js';
import { assignedBy } from '../src/analysis/symbols.js';

function parsed(src: string) {
  const r = parseFlow(src);
  expect(r.problems).toEqual([]);
  expect(parseFlow(src.replace(/\n/g, '\r\n')).problems).toEqual([]);
  return r.flow;
}

function setValue(s: Statement | undefined): Expr {
  if (s?.kind !== 'set') throw new Error(`not a SET: ${s?.kind}`);
  return s.value;
}

describe('designer syntax', () => {
  it('names in any script', () => {
    const flow = parsed('SET 合计 TO 1\nSET Сумма TO 合计 + 1\nSET 𠀀名 TO Сумма\n');
    expect(flow.main.body.map((s) => (s.kind === 'set' && s.target.kind === 'name' ? s.target.parts[0] : ''))).toEqual(['合计', 'Сумма', '𠀀名']);
  });

  it('`_` as the argument list of an action with no parameters', () => {
    const flow = parsed('Clipboard.Clear _\nSET _ TO 1\n');
    const s = flow.main.body[0]!;
    expect(s.kind).toBe('action');
    if (s.kind === 'action') {
      expect(s.action.name.value).toBe('Clipboard.Clear');
      expect(s.action.params).toEqual([]);
    }
  });

  it('a retry with no handler, closed by its own END (also inside SWITCH and IF)', () => {
    const src = [
      'SWITCH X',
      '    CASE = 1',
      '        File.Delete Files: F',
      '        ON ERROR REPEAT 2 TIMES WAIT 3',
      '        END',
      '    DEFAULT',
      '        SET Y TO 2',
      'END',
      'IF X = 1 THEN',
      '    File.Delete Files: F',
      '    ON ERROR REPEAT 2 TIMES WAIT 1',
      'END',
      'SET Z TO 3',
      '',
    ].join('\n');
    const flow = parsed(src);
    expect(flow.main.body.map((s) => s.kind)).toEqual(['switch', 'if', 'set']);
    const sw = flow.main.body[0]!;
    if (sw.kind !== 'switch') throw new Error('switch');
    expect(sw.cases).toHaveLength(1);
    const del = sw.cases[0]!.body[0]!;
    expect(del.kind === 'action' && del.onError[0]?.retry).toBeTruthy();
    expect(sw.defaultBody?.map((s) => s.kind)).toEqual(['set']);
  });

  it('encrypted text literals', () => {
    const flow = parsed("SET Pw TO P'AQAAANCMnd8BFdERjHoAwE/Cl+sBAAAA=='\nSET P TO 1\n");
    const v = setValue(flow.main.body[0]);
    expect(v).toMatchObject({ kind: 'text', style: 'encrypted', value: 'AQAAANCMnd8BFdERjHoAwE/Cl+sBAAAA==' });
  });

  it('the mod operator, in expressions and inside %…%', () => {
    const flow = parsed("SET A TO 7 mod 2 + 1\nIF (A mod 2) = 0 THEN\nEND\nSET B TO $'''%A mod 2%'''\nSET model TO 1\n");
    const v = setValue(flow.main.body[0]);
    expect(v).toMatchObject({ kind: 'binary', operator: '+', left: { kind: 'binary', operator: 'mod' } });
    const t = setValue(flow.main.body[2]);
    expect(t.kind === 'text' && t.parts.some((p) => typeof p !== 'string' && p.kind === 'binary' && p.operator === 'mod')).toBe(true);
  });

  it('quoted subflow names', () => {
    const flow = parsed("CALL '2_step'\nFUNCTION '2_step' GLOBAL\n    SET A TO 1\nEND FUNCTION\n");
    expect(flow.subflows.map((s) => [s.name.value, s.modifiers])).toEqual([['2_step', ['GLOBAL']]]);
    const call = flow.main.body[0]!;
    expect(call.kind === 'call' && call.name.value).toBe('2_step');
  });

  it('a CALL with the inputs and outputs of the subflow (PowerAutomateDesktop-CopilotStudio/pad-samples)', () => {
    const flow = parsed(
      "SET Text TO $'''hi'''\nCALL Triage_Email in_loc_txt_EmailText: Text in_loc_num_Max: 3 out_loc_txt_Category=> Category out_loc_bool_Ok=> Ok\nIF Ok = True THEN\n    SET A TO Category\nEND\n",
    );
    const call = flow.main.body[1]!;
    if (call.kind !== 'call') throw new Error(call.kind);
    expect(call.name.value).toBe('Triage_Email');
    expect(call.params.map((p) => p.name.value)).toEqual(['in_loc_txt_EmailText', 'in_loc_num_Max']);
    expect(call.params[0]!.value.kind).toBe('name');
    expect(call.outputs.map((o) => [o.name.value, o.variable.value])).toEqual([
      ['out_loc_txt_Category', 'Category'],
      ['out_loc_bool_Ok', 'Ok'],
    ]);
    expect(assignedBy(call).map((a) => a.name.value)).toEqual(['Category', 'Ok']);
    const plain = parsed('CALL Step\n').main.body[0]!;
    expect(plain.kind === 'call' && [plain.params, plain.outputs]).toEqual([[], []]);
  });

  it('a DISABLEd IF whose ELSE is enabled', () => {
    const flow = parsed('SET X TO 1\nDISABLE IF X = 1 THEN\n    SET Y TO 1\nELSE\n    SET Y TO 2\nDISABLE END\n');
    expect(flow.main.body.map((s) => s.kind)).toEqual(['set', 'if']);
  });

  it('an action with a clause per kind of error, then the default clause, closed by one END (haballa/PushToRemoteRepository)', () => {
    const src = [
      'IF Ready = True THEN',
      "    System.GetEnvironmentVariable.GetEnvironmentVariable Name: $'''PADRobotsGeneralConfigPath''' Value=> ConfigPath",
      '    ON ERROR EnvironmentVariableNotFoundError',
      '        SET NotExisting TO True',
      '    ON ERROR',
      '',
      '    END',
      '    IF NotExisting = True THEN',
      '        EXIT Code: 0',
      '    END',
      'END',
      '',
    ].join('\n');
    const flow = parsed(src);
    const ifs = flow.main.body[0]!;
    if (ifs.kind !== 'if') throw new Error(`not an IF: ${ifs.kind}`);
    const body = ifs.branches[0]!.body;
    expect(body.map((s) => s.kind)).toEqual(['action', 'if']);
    const action = body[0]!;
    if (action.kind !== 'action') throw new Error('not an action');
    expect(action.onError.map((c) => [c.kind, c.body?.map((s) => s.kind)])).toEqual([
      ['EnvironmentVariableNotFoundError', ['set']],
      [undefined, []],
    ]);
    // A nested action's own ON ERROR, indented deeper, stays its own.
    const nested = parsed('File.Delete Files: F\nON ERROR FileNotFoundError\n    File.Delete Files: G\n    ON ERROR\n    END\nEND\n').main.body[0]!;
    expect(nested.kind === 'action' && nested.onError.map((c) => [c.kind, c.body?.map((s) => (s.kind === 'action' ? s.onError.length : -1))])).toEqual([
      ['FileNotFoundError', [1]],
    ]);
    // The clauses still need their END, and the error says which ON ERROR is open.
    expect(parseFlow('File.Delete Files: F\nON ERROR FileNotFoundError\n    SET A TO 1\nON ERROR\n    SET B TO 1\n').problems.map((p) => p.message)).toEqual([
      "expected 'END' to close the ON ERROR opened at line 2, found end of file",
    ]);
  });

  it('NEXT ACTION in an ON BLOCK ERROR handler (haballa/PushToRemoteRepository)', () => {
    const flow = parsed(
      "Text.SplitText.SplitWithDelimiter Text: V CustomDelimiter: $'''.''' IsRegEx: False Result=> Parts\nBLOCK \nON BLOCK ERROR all\n    NEXT ACTION\nEND\n    Text.ToNumber Text: Parts[0] Number=> Major\nEND\n",
    );
    const block = flow.main.body[1]!;
    if (block.kind !== 'block') throw new Error(`not a BLOCK: ${block.kind}`);
    expect(block.handler.map((s) => s.kind)).toEqual(['nextAction']);
    expect(block.body.map((s) => s.kind)).toEqual(['action']);
    // Any other word after NEXT is one error, on that word.
    const badSrc = 'NEXT STEP\n';
    const bad = parseFlow(badSrc);
    expect(bad.problems.map((p) => [p.message, badSrc.slice(p.span.start, p.span.end)])).toEqual([['NEXT must be followed by LOOP or ACTION', 'STEP']]);
  });
});
