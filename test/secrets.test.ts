/**
 * FC405 hardcoded-secret: which names and texts count as secrets, that messages never repeat a
 * secret, and that the real corpus (which passes every secret in at run time) stays clean.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeFile, runPipeline } from '../src/engine/index.js';
import { ConnectorCatalog } from '../src/catalog/connectors.js';
import { actionCatalog } from '../src/catalog/actions.js';
import type { AnalysisServices } from '../src/analysis/services.js';
import type { SourceDocument } from '../src/model/source.js';
import { hardcodedSecret, isSecretName, maskSecret } from '../src/rules/FC405-hardcoded-secret.js';
import { CORPUS_ZIPS, repoRoot } from './helpers/corpus.js';

const services: AnalysisServices = { connectors: ConnectorCatalog.builtIn(), actions: actionCatalog(), settings: {} };

function fc405(text: string): string[] {
  const doc: SourceDocument = { path: 'x.flow', absolutePath: '/x.flow', text, origin: 'file' };
  return analyzeFile(doc, services, [hardcodedSecret]).diagnostics.map((d) => d.message);
}

describe('FC405 hardcoded-secret', () => {
  it('knows secret names, and paging tokens are not secrets', () => {
    for (const n of ['Password', 'password', 'Input_DbPassword', 'pwd', 'ApiKey', 'api_key', 'x-api-key', 'ClientSecret', 'AccessToken', 'refresh_token', 'SasToken', 'AccountKey', 'EncryptionKey', 'body/secret']) {
      expect(isSecretName(n), n).toBe(true);
    }
    for (const n of ['Username', 'PageToken', 'nextPageToken', '$skiptoken', 'ContinuationToken', 'TokenType', 'PasswordExpiryDays', 'Key', 'Secrets count', '']) {
      expect(isSecretName(n), n).toBe(false);
    }
  });

  it('masks all but the first two characters and never tells the length', () => {
    expect(maskSecret('hunter2hunter2')).toBe('hu****');
    expect(maskSecret('"Quoted-secret"')).toBe('Qu****');
    expect(maskSecret('short')).toBe('****');
    expect(maskSecret('a-much-longer-secret-value')).toBe(maskSecret('a-short-one'));
  });

  it('finds secrets by name, by connection string, by shape', () => {
    expect(fc405("SET ApiKey TO $'''sk-live-0123456789'''\n")).toEqual(["hardcoded secret in variable 'ApiKey' ('sk****')"]);
    expect(fc405("SET Config['Password'] TO 'Winter2024!'\n")).toEqual(["hardcoded secret in property 'Password' ('Wi****')"]);
    expect(fc405("SET C TO 'Data Source=db;Initial Catalog=x;Pwd=\"S3cret;pass\"'\n")).toEqual(["hardcoded secret: a password in a connection string ('S3****')"]);
    expect(fc405("SET C TO 'DefaultEndpointsProtocol=https;AccountName=robots;AccountKey=bm90LXJlYWxseS1hLWtleQ==;EndpointSuffix=core.windows.net'\n")).toEqual([
      "hardcoded secret: an account key in a connection string ('bm****')",
    ]);
    expect(fc405("SET T TO 'ghp_0123456789abcdefghijklmnopqrstuvwxyzAB'\n")).toEqual(["hardcoded secret: a GitHub token ('gh****')"]);
    expect(fc405("SET K TO 'AKIAIOSFODNN7EXAMPLE'\n")).toEqual(["hardcoded secret: an AWS access key ('AK****')"]);
    expect(fc405("External.InvokeCloudConnector Connection: 'x' OperationId: 'Op' @'body/clientSecret': 'abcdefgh12345'\n")).toEqual(["hardcoded secret in input 'clientSecret' ('ab****')"]);
  });

  it('leaves alone what is passed in, empty, masked, interpolated, a formula, or marked sensitive', () => {
    expect(
      fc405(`@SENSITIVE: [Pwd]
@INPUT Input_Password : { 'Description': 'p', 'Type': 'String', 'IsOptional': False, 'DefaultValue': '' }
SET Pwd TO 'marked-sensitive-value'
SET Password TO Input_Password
SET Password2 TO ''
SET Password3 TO '********'
SET Conn TO $'''Server=db;Password=%Input_Password%;'''
SET Token TO $fx'=Concatenate(A, B)'
SET Note TO $'''Reset your password at https://contoso.example/reset'''
`),
    ).toEqual([]);
  });

  it('never repeats a secret in full in a message', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9!@#$^&*()_+=-]{7,40}$/), (secret) => {
        const messages = fc405(`SET DbPassword TO $'''${secret}'''\nSET C TO $'''Server=x;Password=${secret};'''\n`);
        expect(messages.length).toBeGreaterThan(0);
        for (const m of messages) expect(m).not.toContain(secret);
      }),
      { numRuns: 200 },
    );
  });

  it('the real corpus has no hardcoded secret', async () => {
    const p = await runPipeline({ paths: CORPUS_ZIPS, cwd: repoRoot, noConfig: true });
    expect(p.results).toHaveLength(23);
    expect(p.results.flatMap((r) => r.diagnostics.filter((d) => d.rule === 'FC405').map((d) => `${r.doc.flowName}: ${d.message}`))).toEqual([]);
  });
});
