/**
 * A deterministic synthetic RPA estate for benchmarks and scaling tests: flows shaped like the
 * real corpus (flow-level @@ lines and @INPUTs, a main subflow with BLOCK/ON BLOCK ERROR, SET,
 * IF/ELSE, SWITCH, LOOP FOREACH, CALLs into GLOBAL subflows, standard actions, cloud connector
 * actions through header connection references, child flows through External.RunFlow, text
 * interpolation) — plus a few flows with syntax errors. Same seed, same estate, byte for byte.
 */

/** mulberry32: a small, fast, well-known 32-bit PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface EstateFlow {
  name: string;
  text: string;
  lines: number;
  /** Whether the flow has the syntax error of `errorRate` (so `flowc build` refuses it). */
  broken: boolean;
}

export interface EstateOptions {
  seed: number;
  /** Stop once this many script lines have been generated. */
  lines: number;
  /** Share of flows with a syntax error (default 0.01). */
  errorRate?: number;
  /** Stop after this many flows (whichever of `lines` and `flows` comes first). */
  flows?: number;
  /** Small flows (one subflow of 8–15 statements, ≈ 50 lines) instead of the corpus-like mix (≈ 500 lines). */
  small?: boolean;
}

const CONNECTORS = [
  { id: 'shared_sharepointonline', op: 'GetItems', inputs: "@dataset: Site @table: $'''Invoices'''" },
  { id: 'shared_commondataserviceforapps', op: 'ListRecordsWithOrganization', inputs: "@organization: Env @entityName: $'''accounts'''" },
  { id: 'shared_office365', op: 'SendEmailV2', inputs: "@'emailMessage/To': Recipient @'emailMessage/Subject': $'''Report %Counter%''' @'emailMessage/Body': Body" },
];

function uuid(rand: () => number): string {
  const h = () => Math.floor(rand() * 16).toString(16);
  const part = (n: number) => Array.from({ length: n }, h).join('');
  return `${part(8)}-${part(4)}-4${part(3)}-8${part(3)}-${part(12)}`;
}

export function* generateEstate(opts: EstateOptions): Generator<EstateFlow> {
  const rand = prng(opts.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const errorRate = opts.errorRate ?? 0.01;
  const ids: string[] = [];
  let total = 0;
  for (let f = 0; total < opts.lines && f < (opts.flows ?? Infinity); f++) {
    const name = `Flow${String(f).padStart(5, '0')}`;
    const id = uuid(rand);
    const out: string[] = [];
    const conns = CONNECTORS.filter(() => rand() < 0.4);
    const cloud = conns.length > 0 && rand() < 0.3;
    out.push(`FLOW '${name}'`, `    ID '${id}'`, '    SCHEMA V2', "    OWNER 'alice@contoso.com'");
    if (rand() < 0.3) out.push("    COOWNER 'bob@contoso.com'");
    out.push(`    RUNS CONSOLE${cloud ? ', ATTENDED' : ''}`);
    // A connection is named after its connector (one logical name, one connector across the
    // estate: FC311), so the estate builds.
    const connName = (c: (typeof CONNECTORS)[number]): string => `Conn${CONNECTORS.indexOf(c)}`;
    conns.forEach((c) => out.push(`    CONNECTION ${connName(c)} CONNECTOR '${c.id}' OWNER 'alice@contoso.com' EMBEDDED`));
    out.push('END FLOW');
    out.push("@@DisplayName: 'Local computer'", "IMPORT 'controlRepo.appmask' AS appmask");
    out.push("@INPUT Input_Path : { 'Description': 'Folder to process', 'FriendlyName': 'Input_Path', 'Type': 'String', 'IsOptional': False, 'DefaultValue': '' }");
    out.push("@OUTPUT Output_Status : { 'Description': 'Status', 'FriendlyName': 'Output_Status', 'Type': 'Numeric' }");
    out.push('SET Output_Status TO 400', "SET Site TO $'''https://contoso.sharepoint.com/sites/x'''", "SET Env TO $'''https://contoso.crm.dynamics.com'''", "SET Recipient TO $'''ops@contoso.com'''", "SET Body TO $'''Done'''", 'SET Counter TO 0');
    const subflows = opts.small ? 1 : 2 + Math.floor(rand() * 6);
    out.push('BLOCK ', 'ON BLOCK ERROR all', '    SET Output_Status TO 500', 'END');
    for (let s = 0; s < subflows; s++) out.push(`    CALL Step${s}`);
    out.push('    SET Output_Status TO 200', 'END');
    if (ids.length && rand() < 0.3) {
      out.push(`@@flowname: 'child'`, `External.RunFlow FlowId: '${pick(ids)}' @Input_Path: Input_Path @Output_Status=> ChildStatus`, 'SET Counter TO Counter + ChildStatus');
    }
    for (let s = 0; s < subflows; s++) {
      out.push(`FUNCTION Step${s} GLOBAL`);
      const stmts = opts.small ? 8 + Math.floor(rand() * 8) : 8 + Math.floor(rand() * 40);
      for (let k = 0; k < stmts; k++) {
        const r = rand();
        if (r < 0.25) out.push(`    SET Value${k % 7} TO $'''Item %Counter% of %Input_Path%'''`, `    SET Counter TO Counter + ${k}`);
        else if (r < 0.4) out.push('    IF Counter > 10 THEN', `        Text.AppendLine Text: $'''log''' LineToAppend: $'''%Counter%''' Result=> Value${k % 7}`, '    ELSE', '        SET Counter TO Counter + 1', '    END');
        else if (r < 0.5) out.push('    LOOP FOREACH Item IN [1, 2, 3]', '        SET Counter TO Counter + Item', '        IF Item = 2 THEN', '            NEXT LOOP', '        END', '    END');
        else if (r < 0.6) out.push("    File.ReadTextFromFile.ReadText File: $'''%Input_Path%\\in.txt''' Encoding: File.TextFileEncoding.UTF8 Content=> Content", '    ON ERROR', "        SET Content TO $''''''", '    END', '    SET Counter TO Counter + Content.Length');
        else if (r < 0.7 && conns.length) {
          const i = Math.floor(rand() * conns.length);
          const c = conns[i]!;
          out.push(`    @@connectionDisplayName: '${connName(c)}'`, `    External.InvokeCloudConnector Connection: ${connName(c)} OperationId: '${c.op}' ${c.inputs} @${c.op}Response=> Response${i}`, `    SET Counter TO Counter + Response${i}['value'].Count`);
        } else if (r < 0.78) out.push('    SWITCH Counter', '        CASE = 1', "            SET Body TO $'''one'''", '        DEFAULT', "            SET Body TO $'''many'''", '    END');
        else if (r < 0.86) out.push("    Text.Replace Text: Body TextToFind: $'''a''' IsRegEx: False IgnoreCase: False ReplaceWith: $'''b''' ActivateEscapeSequences: False Result=> Body");
        else if (r < 0.92) out.push('    # a comment about the next step', "    DateTime.GetCurrentDateTime.Local DateTimeFormat: DateTime.DateTimeFormat.DateAndTime CurrentDateTime=> Now", "    Text.ConvertDateTimeToText.FromCustomDateTime DateTime: Now CustomFormat: $'''yyyy-MM-dd''' Result=> Body");
        else out.push(`    IF IsEmpty(Body) THEN`, "        GOTO 'Exit'", '    END');
      }
      out.push("    LABEL 'Exit'", 'END FUNCTION');
    }
    const broken = rand() < errorRate;
    if (broken) out.splice(Math.floor(out.length / 2), 0, '    SET Broken TO (1 +', '    IF THEN');
    ids.push(id);
    const text = `${out.join('\r\n')}\r\n`;
    total += out.length;
    yield { name, text, lines: out.length, broken };
  }
}
