/**
 * Linear time on hostile input: 1 MB strings built to make backtracking regexes or per-keyword
 * rescans explode (runs of keywords, unterminated quotes and keys, endless tokens). Each must scan
 * well within the budget; today the worst takes about 0.2 s per MB on a laptop. The budget is wide
 * for slow CI machines: quadratic behaviour would take minutes, not seconds.
 */
import { describe, expect, it } from 'vitest';
import { findSecrets, listDetectors } from '../../src/secrets/index.js';

const SIZE = 1 << 20;
const BUDGET_MS = 3000;
const fill = (unit: string): string => unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE);

const keywords = listDetectors().flatMap((d) => d.keywords);

const inputs: Record<string, string> = {
  'one letter': fill('a'),
  'base64 without breaks': fill('QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3'),
  'every keyword back to back': fill(keywords.join('')),
  'every keyword spaced': fill(keywords.join(' ')),
  'key= chain': fill('key='),
  'password= chain': fill('password='),
  'secret name run': fill('A_PASSWORD'),
  'unterminated double quote': 'password: "' + fill('a'),
  'unterminated single quote': "PASSWORD='" + fill('a'),
  'flags without values': fill('--password '),
  'scheme separators': fill('://'),
  'user info without host': 'a://b:' + fill('c'),
  'user info chain': fill('a://b:c@'),
  'JWT headers': fill('eyJ'),
  'JWT with endless header': 'eyJ' + fill('a') + '.eyJ',
  'JWT part chain': fill('eyJhbGciOi.eyJzdWIiOi.'),
  'PEM headers': fill('-----BEGIN RSA PRIVATE KEY-----\n'),
  'PEM header with endless body': '-----BEGIN PRIVATE KEY-----\n' + fill('QUJD\n'),
  'PEM armor headers': fill('-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n'),
  'curl words': fill('curl '),
  'curl user flags': fill('curl -u '),
  'curl continuation lines': fill('curl \\\n -u a: '),
  'authorization headers': fill('Authorization: Bearer '),
  'endless bearer token': 'Authorization: Bearer ' + fill('a'),
  'provider prefixes': fill('sk-ghp_xoxb-AKIAglpat-npm_hf_SG.'),
  'endless provider token': 'ghp_' + fill('a'),
  'Slack id chain': 'xoxb-' + fill('1-'),
  'webhook path chain': 'hooks.slack.com/services/' + fill('aaaaaaa/'),
  'AWS context names': fill('aws_secret_access_key='),
  'npmrc fields': fill('_authToken='),
  'npmrc base64': '_auth=' + fill('QUJD'),
  'shell defaults': fill('${PASSWORD:-'),
  'references everywhere': fill('ENV DB_PASSWORD=${DB_PASSWORD} TOKEN=$(cat /run/secrets/t) curl -H "Authorization: Bearer $T" https://u:${P}@h/ '),
};

describe('1 MB adversarial inputs scan in linear time', () => {
  it.each(Object.entries(inputs))('%s', (_name, text) => {
    expect(text.length).toBeGreaterThanOrEqual(SIZE);
    const started = performance.now();
    findSecrets(text);
    expect(performance.now() - started).toBeLessThan(BUDGET_MS);
  });
});
