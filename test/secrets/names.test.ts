import { describe, expect, it } from 'vitest';
import { classifySecretName, nameWords } from '../../src/secrets/index.js';

describe('nameWords', () => {
  it.each([
    ['DB_PASSWORD', ['db', 'password']],
    ['dbPassword', ['db', 'password']],
    ['APIKey', ['api', 'key']],
    ['spring.datasource.password', ['spring', 'datasource', 'password']],
    ['--admin-password', ['admin', 'password']],
    ['PASSWORD2', ['password', '2']],
  ])('%s', (name, words) => {
    expect(nameWords(name)).toEqual(words);
  });
});

describe('classifySecretName', () => {
  it.each([
    ['PASSWORD', 'password'],
    ['DB_PASSWORD', 'password'],
    ['MYSQL_ROOT_PASSWORD', 'password'],
    ['POSTGRES_PASSWD', 'password'],
    ['DB_PASS', 'password'],
    ['RABBITMQ_DEFAULT_PASS', 'password'],
    ['LDAP_ROOTPASS', 'password'],
    ['MYSQL_PWD', 'password'],
    ['GPG_PASSPHRASE', 'password'],
    ['spring.datasource.password', 'password'],
    ['--db-password', 'password'],
    ['adminPassword', 'password'],
    ['PASSWORD2', 'password'],
    ['TOKEN', 'token'],
    ['GITHUB_TOKEN', 'token'],
    ['AUTH_TOKEN', 'token'],
    ['NPM_AUTH_TOKEN', 'token'],
    ['accessToken', 'token'],
    ['CI_JOB_TOKEN_VALUE', 'token'],
    ['SECRET', 'secret'],
    ['CLIENT_SECRET', 'secret'],
    ['JWT_SECRET', 'secret'],
    ['clientSecret', 'secret'],
    ['API_KEY', 'key'],
    ['APIKEY', 'key'],
    ['x-api-key', 'key'],
    ['AWS_SECRET_ACCESS_KEY', 'key'],
    ['SECRET_KEY', 'key'],
    ['SECRET_KEY_BASE', 'key'],
    ['DJANGO_SECRET_KEY', 'key'],
    ['APP_KEY', 'key'],
    ['ENCRYPTION_KEY', 'key'],
    ['PRIVATE_KEY', 'key'],
    ['SSH_PRIVATE_KEY', 'key'],
    ['STRIPE_KEY', 'key'],
    ['LICENSE_KEY', 'key'],
    ['AZURE_STORAGE_ACCOUNT_KEY', 'key'],
    ['GOOGLE_APPLICATION_CREDENTIALS', 'credentials'],
    ['DOCKER_CREDS', 'credentials'],
  ])('%s denotes a %s', (name, kind) => {
    expect(classifySecretName(name)?.kind).toBe(kind);
  });

  it.each([
    'PWD',
    'OLDPWD',
    'KEY',
    'PASSWORD_MIN_LENGTH',
    'PASSWORD_POLICY',
    'PASSWORD_HASH',
    'PASSWORD_AUTHENTICATION',
    'TOKEN_URL',
    'TOKEN_TTL',
    'TOKEN_EXPIRY',
    'OAUTH_TOKEN_ENDPOINT',
    'SECRET_NAME',
    'SECRET_ROTATION',
    'VAULT_SECRET_REF',
    'SECRETS_DIR',
    'POSTGRES_PASSWORD_FILE',
    'KEY_ID',
    'API_KEY_ID',
    'AWS_ACCESS_KEY_ID',
    'GPG_KEY',
    'GPG_KEYS',
    'JENKINS_GPG_KEY',
    'PGP_KEYSERVER',
    'RABBITMQ_PGP_KEY_ID',
    'PUBLIC_KEY',
    'SSH_PUBLIC_KEY',
    'XDEBUG_IDEKEY',
    'MAX_TOKENS',
    'HF_TOKENIZERS_PARALLELISM',
    'MYSQL_ALLOW_EMPTY_PASSWORD',
    'MYSQL_RANDOM_ROOT_PASSWORD',
    'KEEPASSXC_VERSION',
    'BYPASS_PROXY',
    'COMPASS_HOME',
    'DOCKER_AUTH_VERSION',
    '--password-stdin',
    '--disabled-password',
    'HASHED_PASSWORD',
    'PermitEmptyPasswords',
    'NO_PROXY',
    'USERNAME',
  ])('%s is not a secret name', (name) => {
    expect(classifySecretName(name)).toBeUndefined();
  });
});
