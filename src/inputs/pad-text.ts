/**
 * Is this text a PAD script? Discovery decides by content for files whose name does not say
 * (`.txt`, `.md`, `.robin`, no extension): PAD has no file format of its own, and people save
 * the designer's clipboard text under any of those names, next to READMEs and licences.
 *
 * The heuristic (documented in docs/repository-layout.md):
 * - a text with the clipboard footer line (`# [ControlRepository][PowerAutomateDesktop]`) or a
 *   `FLOW … END FLOW` header is a script;
 * - otherwise its first 40 lines that are neither blank nor comments are looked at; a line is
 *   PAD-shaped when it starts (after indentation and an optional `DISABLE`) with a statement
 *   keyword (`SET x TO`, `IF … THEN`, `LOOP`, `END`, `CALL`, `FUNCTION`, `ON ERROR`, `@@`, …) or
 *   with an action name `Module.Action` followed by a parameter, `_`, or the end of the line;
 * - the text is a script when at least half of those lines, and at least one, are PAD-shaped.
 *
 * Lines inside `/# … #/` comments and inside multi-line `$'''…'''` texts are skipped. Prose
 * (README, LICENSE, notes) has almost no line of that shape, so it is skipped rather than
 * reported as a syntax error; `flowc.config.json` `include` overrides the decision.
 */

const SAMPLE_LINES = 40;
const FOOTER = /^[ \t]*# \[ControlRepository\]\[PowerAutomateDesktop\][ \t]*$/m;
const HEADER = /^[ \t]*FLOW[ \t]+('[^'\r\n]*'|[\p{L}_][\p{L}\p{N}_]*)[ \t]*\r?$/mu;
const KEYWORD =
  /^(SET\s+\S.*\sTO(\s|$)|IF\s.*THEN\s*$|ELSE(\s+IF\s.*THEN)?\s*$|END(\s+(FUNCTION|FLOW))?\s*$|LOOP(\s|$)|SWITCH\s|CASE(\s|$)|DEFAULT\s*$|CALL\s|FUNCTION\s|LABEL\s|GOTO\s|EXIT(\s|$)|NEXT\s+LOOP|WAIT(\s|\()|BLOCK(\s|$)|ON\s+(BLOCK\s+)?ERROR|ERROR\s*=>|REPEAT\s+BLOCK|IMPORT\s|@@|@INPUT\s|@OUTPUT\s|@SENSITIVE|\*\*(END)?REGION)/u;
const ACTION = /^[\p{L}_][\p{L}\p{N}_]*(\.[\p{L}_][\p{L}\p{N}_]*)+(\s+([\p{L}_@][^\s:]*\s*:|[\p{L}_][\p{L}\p{N}_]*\s*=>|_\s*$)|\s*$)/u;

export function looksLikePadScript(text: string): boolean {
  if (FOOTER.test(text) || HEADER.test(text)) return true;
  let seen = 0;
  let pad = 0;
  let inBlockComment = false;
  let inTripleText = false;
  for (const raw of text.split(/\r\n|\r|\n/)) {
    if (seen >= SAMPLE_LINES) break;
    const line = raw.trim();
    if (inBlockComment) {
      if (line.includes('#/')) inBlockComment = false;
      continue;
    }
    if (inTripleText) {
      if (countTriple(line) % 2 === 1) inTripleText = false;
      continue;
    }
    if (line === '' || (line.startsWith('#') && !line.startsWith('#/'))) continue;
    if (line.startsWith('/#')) {
      if (!line.includes('#/')) inBlockComment = true;
      continue;
    }
    seen++;
    const statement = line.replace(/^DISABLE\s+/, '');
    if (KEYWORD.test(statement) || ACTION.test(statement)) pad++;
    if (countTriple(line) % 2 === 1) inTripleText = true;
  }
  return pad > 0 && pad * 2 >= seen;
}

function countTriple(line: string): number {
  return line.split("'''").length - 1;
}
