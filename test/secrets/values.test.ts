import { describe, expect, it } from 'vitest';
import { valueKind, type ValueKind } from '../../src/secrets/index.js';
import { looksLikeIdentifier } from '../../src/secrets/values.js';

describe('valueKind', () => {
  it.each<[string, ValueKind]>([
    ['', 'empty'],
    ['   ', 'empty'],
    ['${TOKEN}', 'reference'],
    ['$TOKEN', 'reference'],
    ['$(cat /run/secrets/token)', 'reference'],
    ['`cat /run/secrets/token`', 'reference'],
    ['prefix-${SUFFIX}', 'reference'],
    ['{{ .Values.password }}', 'reference'],
    ['%(password)s', 'reference'],
    ['ENC[AES256_GCM,data:abc,iv:def,tag:ghi,type:str]', 'reference'],
    ['!vault |', 'reference'],
    ['vault:secret/data/app#password', 'reference'],
    ['op://vault/item/password', 'reference'],
    ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf', 'reference'],
    ['/run/secrets/db_password', 'reference'],
    ['process.env.API_KEY', 'reference'],
    ['settings.SECRET_KEY', 'reference'],
    ['/etc/app/token', 'path'],
    ['/token', 'path'],
    ['./secrets/token.txt', 'path'],
    ['~/.npmrc', 'path'],
    ['C:\\secrets\\token.txt', 'path'],
    ['assets/server/tls/snakeoil.key', 'path'],
    ['file:///etc/token', 'path'],
    ['true', 'boolean'],
    ['no', 'boolean'],
    ['12', 'number'],
    ['3600', 'number'],
    ['0x1F', 'number'],
    ['1.2.3', 'version'],
    ['v2.0.0-rc.1', 'version'],
    ['1h', 'duration'],
    ['30s', 'duration'],
    ['1h30m', 'duration'],
    ['10MB', 'size'],
    ['512Mi', 'size'],
    ['https://auth.internal/token', 'url'],
    ['changeme', 'placeholder'],
    ['CHANGE_ME', 'placeholder'],
    ['<your-token>', 'placeholder'],
    ['xxx', 'placeholder'],
    ['XXXXXXXXXXXXXXXX', 'placeholder'],
    ['********', 'placeholder'],
    ['REPLACE_ME', 'placeholder'],
    ['TODO', 'placeholder'],
    ['dummy', 'placeholder'],
    ['example', 'placeholder'],
    ['password', 'placeholder'],
    ['your-api-key-here', 'placeholder'],
    ['insert_token_here', 'placeholder'],
    ['GOCSPX-<your-client-secret>', 'placeholder'],
    ['your-client-secret', 'placeholder'],
    ['00000000-0000-0000-0000-000000000000', 'placeholder'],
    ['abcdefghijklmnopqrstuvwxyz0123456789', 'placeholder'],
    ['...', 'placeholder'],
    ['Do not use in production', 'prose'],
    ['hunter2x', 'literal'],
    ['Xk9#mQ2vL8pz', 'literal'],
    ['admin', 'literal'],
  ])('%j is %s', (value, kind) => {
    expect(valueKind(value)).toBe(kind);
  });

  it('keeps a leading slash in random material a literal', () => {
    expect(valueKind('/Kx9+Qm2v=Lp8zA')).toBe('literal');
  });
});

describe('looksLikeIdentifier', () => {
  it.each(['receivedDiff', 'NonSharedBuffer', '?InterpolationInTemplate', 'this.addTokenUsingPush', 'subTokens.length', 'overEvery'])(
    '%s is an identifier',
    (value) => expect(looksLikeIdentifier(value)).toBe(true),
  );
  it.each(['lgNvGyhnUKpa5PJi', 'Summer2024', 'hunter2x', 'Xk9#mQ2vL8pz', 'k3x9q2m7', 'mgnDzqJvjwfRMmzCY6T8G3DbNrNKGSWz'])(
    '%s is not',
    (value) => expect(looksLikeIdentifier(value)).toBe(false),
  );
});
