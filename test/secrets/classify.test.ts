import { describe, expect, it } from 'vitest';
import { classifyAssignment, type Confidence, type SecretVerdict } from '../../src/secrets/index.js';
import { BASE62, bcryptHash, make, random } from './samples.js';

const pw = make.password(60);
const token = random(BASE62, 32, 61);

type Expected = Pick<SecretVerdict, 'detectorId' | 'basis'> & { confidence: Confidence; secret?: string };

describe('classifyAssignment: secrets', () => {
  it.each<[string, string, Expected]>([
    ['GITHUB_TOKEN', make.github(), { detectorId: 'github-pat', basis: 'value', confidence: 'high' }],
    ['ANY_NAME', make.github(), { detectorId: 'github-pat', basis: 'value', confidence: 'high' }],
    ['LABEL_DESCRIPTION', `built with ${make.npm()}`, { detectorId: 'npm-access-token', basis: 'value', confidence: 'high', secret: make.npm() }],
    ['AWS_SECRET_ACCESS_KEY', make.awsSecret(), { detectorId: 'aws-secret-access-key', basis: 'value', confidence: 'high' }],
    ['DATABASE_URL', `postgres://app:${make.urlPassword()}@db/app`, { detectorId: 'url-password', basis: 'value', confidence: 'high', secret: make.urlPassword() }],
    ['STRIPE_SECRET_KEY', make.stripe('sk_test_'), { detectorId: 'stripe-secret-key', basis: 'value', confidence: 'low' }],
    ['DB_PASSWORD', pw, { detectorId: 'secret-assignment', basis: 'name', confidence: 'high' }],
    ['DB_PASSWORD', 'hunter2x', { detectorId: 'secret-assignment', basis: 'name', confidence: 'medium' }],
    ['ADMIN_PASSWORD', 'correct horse', { detectorId: 'secret-assignment', basis: 'name', confidence: 'medium' }],
    ['API_TOKEN', token, { detectorId: 'secret-assignment', basis: 'name', confidence: 'high' }],
    ['API_TOKEN', 'k3x9q2m7', { detectorId: 'secret-assignment', basis: 'name', confidence: 'medium' }],
    ['JWT_SECRET', 's3cr', { detectorId: 'secret-assignment', basis: 'name', confidence: 'low' }],
    ['MYSQL_ROOT_PASSWORD', 'root', { detectorId: 'secret-assignment', basis: 'name', confidence: 'low' }],
    ['MYSQL_ROOT_PASSWORD', '12345678', { detectorId: 'secret-assignment', basis: 'name', confidence: 'low' }],
    ['LICENSE_KEY', 'lgNvGyhnUKpa5PJi', { detectorId: 'secret-assignment', basis: 'name', confidence: 'high' }],
    ['HEROKU_API_KEY', make.uuid(), { detectorId: 'secret-assignment', basis: 'name', confidence: 'medium' }],
  ])('%s=… is a secret', (name, value, expected) => {
    const verdict = classifyAssignment(name, value);
    const secret = expected.secret ?? value;
    expect(verdict).toMatchObject({
      detectorId: expected.detectorId,
      basis: expected.basis,
      confidence: expected.confidence,
      start: value.indexOf(secret),
      end: value.indexOf(secret) + secret.length,
    });
    expect(verdict!.masked).not.toContain(secret);
  });

  it('reports offsets inside the quotes of a quoted value', () => {
    expect(classifyAssignment('API_TOKEN', `"${token}"`)).toMatchObject({ start: 1, end: 33 });
    expect(classifyAssignment('GH', `'${make.github()}'`)).toMatchObject({ start: 1, end: 41 });
  });
});

describe('classifyAssignment: not secrets', () => {
  it.each<[string, string]>([
    ['DB_PASSWORD', ''],
    ['DB_PASSWORD', '""'],
    ['GITHUB_TOKEN', '${GITHUB_TOKEN}'],
    ['GITHUB_TOKEN', '$GITHUB_TOKEN'],
    ['NPM_TOKEN', '$(cat /run/secrets/npm)'],
    ['DB_PASSWORD', '/run/secrets/db_password'],
    ['API_TOKEN', '/etc/app/token'],
    ['DB_PASSWORD_FILE', '/run/secrets/db'],
    ['GOOGLE_APPLICATION_CREDENTIALS', '/secrets/sa.json'],
    ['PASSWORD_MIN_LENGTH', '12'],
    ['TOKEN_TTL', '3600'],
    ['SECRET_ROTATION', 'true'],
    ['TOKEN_EXPIRY', '1h'],
    ['PASSWORD_POLICY', 'strict'],
    ['TOKEN_URL', 'https://auth.internal/oauth/token'],
    ['SECRET_NAME', 'db-credentials'],
    ['OAUTH_TOKEN_ENDPOINT', 'https://auth.internal/token'],
    ['VAULT_SECRET_REF', 'secret/data/app'],
    ['KEY_ID', 'ab12cd34'],
    ['PWD', '/app'],
    ['API_TOKEN', 'changeme'],
    ['API_TOKEN', '<your-token>'],
    ['API_TOKEN', 'xxx'],
    ['API_TOKEN', 'REPLACE_ME'],
    ['API_TOKEN', 'TODO'],
    ['API_TOKEN', 'dummy'],
    ['API_TOKEN', 'example'],
    ['DB_PASSWORD', 'password'],
    ['AWS_ACCESS_KEY_ID', 'AKIAIOSFODNN7EXAMPLE'],
    ['AWS_SECRET_ACCESS_KEY', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
    ['API_TOKEN', '1234'],
    ['DB_PASSWORD', '1234'],
    ['ADMIN_PASSWORD', bcryptHash()],
    ['APP_URL', 'https://app.internal'],
    ['DATABASE_URL', 'postgres://app@db/app'],
    ['DATABASE_URL', 'postgres://app:${DB_PASSWORD}@db/app'],
    ['GPG_KEYS', '1198C0117593497A5EC5C199286AF1F9897469DC'],
    ['COMMIT_SHA', make.gitSha()],
    ['REQUEST_ID', make.uuid()],
    ['SECRET_MESSAGE', 'Do not use in production'],
    ['MYSQL_ALLOW_EMPTY_PASSWORD', 'yes'],
    ['MAX_TOKENS', '4096'],
  ])('%s=%j is not', (name, value) => {
    expect(classifyAssignment(name, value)).toBeUndefined();
  });
});
