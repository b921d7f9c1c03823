/**
 * Every detector: true samples that must match with their exact span and confidence, and
 * look-alikes that must not match anything at all.
 */
import { describe, expect, it } from 'vitest';
import { DETECTORS } from '../../src/secrets/detectors/index.js';
import { findSecrets, type Confidence } from '../../src/secrets/index.js';
import {
  BASE32,
  BASE62,
  BASE64,
  DIGITS,
  HEX,
  LOWER,
  UPPER,
  bcryptHash,
  certificateBlock,
  make,
  npmIntegrity,
  openSshKey,
  pem,
  pgpPrivateKey,
  random,
} from './samples.js';

import type { DetectorCases } from './cases/types.js';
import { CASES as DEV_CASES } from './cases/dev.js';
import { CASES as PLATFORM_CASES } from './cases/platforms.js';
import { CASES as SERVICE_CASES } from './cases/services.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const b64url = (s: string) => Buffer.from(s).toString('base64url');
const akia = make.awsKeyId();
const asia = make.awsKeyId(40, 'ASIA');
const akiaNonBase32 = 'AKIA' + random(BASE32, 15, 41) + '8';
const awsSecret = make.awsSecret();
const pw = make.password();
const pw2 = make.password(50);
const urlPw = make.urlPassword();
const urlPw2 = make.urlPassword(51);
const strip = (block: string) => block.trimEnd();
// WordPress's salt alphabet: printable ASCII without quotes and backslashes.
const wpSalt = random(BASE62 + '!@#%^&*()-_[]{}<>~+=,.;:/?|', 64, 120);
const wpSalt2 = random(BASE62 + '!@#%^&*()-_[]{}<>~+=,.;:/?|', 64, 121);
const dsaKey = `-----BEGIN DSA PRIVATE KEY-----\n${random(BASE64, 590, 3404).match(/.{1,64}/g)!.join('\n')}\n-----END DSA PRIVATE KEY-----`;

const BASE_CASES: Record<string, DetectorCases> = {
  'aws-access-key-id': {
    valid: [
      [`ENV AWS_ACCESS_KEY_ID=${akia}`, akia, 'high'],
      [`[default]\naws_access_key_id = ${akia}\n`, akia, 'high'],
      [`{"AccessKeyId": "${asia}"}`, asia, 'medium'],
      [`export AWS_ACCESS_KEY_ID=${akiaNonBase32}`, akiaNonBase32, 'medium'],
    ],
    invalid: [
      'ENV AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE',
      'ENV AWS_ACCESS_KEY_ID=AKIAXXXXXXXXXXXXXXXX',
      'ENV TZ=Asia/Shanghai',
      `key ${akia.slice(0, 19)} is too short`,
      `id ${akia}A is too long`,
      `lower ${akia.toLowerCase()}`,
      `X${akia}`,
    ],
  },
  'aws-secret-access-key': {
    valid: [
      [`ENV AWS_SECRET_ACCESS_KEY=${awsSecret}`, awsSecret, 'high'],
      [`[default]\naws_secret_access_key = ${awsSecret}\n`, awsSecret, 'high'],
      [`RUN aws configure set aws_secret_access_key ${awsSecret}`, awsSecret, 'high'],
      [`{"SecretAccessKey": "${awsSecret}"}`, awsSecret, 'high'],
    ],
    invalid: [
      'ENV AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'ENV AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY}',
      'ENV AWS_SECRET_ACCESS_KEY_FILE=/run/secrets/aws_secret',
      `RUN echo ${awsSecret} | base64 -d > /tmp/blob`,
    ],
  },
  'google-api-key': {
    valid: [
      [`ENV GOOGLE_API_KEY=${make.googleApiKey()}`, make.googleApiKey(), 'medium'],
      [`const firebaseConfig = { "apiKey": "${make.googleApiKey(60)}" };`, make.googleApiKey(60), 'medium'],
      [`curl "https://maps.googleapis.com/maps/api/geocode/json?key=${make.googleApiKey(61)}"`, make.googleApiKey(61), 'medium'],
    ],
    invalid: [`key=AI${'za'}${'X'.repeat(35)}`, `key=${make.googleApiKey().slice(0, 38)}`, `AI${'za'}SyEXAMPLEEXAMPLEEXAMPLEEXAMPLE12345`],
  },
  'google-oauth-client-secret': {
    valid: [[`client_secret: ${make.googleOauthSecret()}`, make.googleOauthSecret(), 'high']],
    invalid: [
      `client_secret: GOC${'SPX-'}${'x'.repeat(28)}`,
      'client_secret: GOCSPX-<your-client-secret>',
      `echo "client_secret: GOCSPX-<your-client-secret>"`,
    ],
  },
  'github-pat': {
    valid: [
      [`ENV GITHUB_TOKEN=${make.github()}`, make.github(), 'high'],
      [`RUN git clone https://${make.github('ghp_', 70)}@github.com/acme/app.git`, make.github('ghp_', 70), 'high'],
      [`RUN curl -H "Authorization: token ${make.github('ghp_', 71)}" https://api.github.com/user`, make.github('ghp_', 71), 'high'],
    ],
    invalid: [
      `ENV GITHUB_TOKEN=ghp_${'x'.repeat(36)}`,
      `ENV GITHUB_TOKEN=gh${'p_'}abcdefghijklmnopqrstuvwxyz0123456789`,
      'RUN echo ghp_${GITHUB_TOKEN}',
      `short ${make.github().slice(0, 39)}`,
      `glued x${make.github()}`,
    ],
  },
  'github-oauth-token': { valid: [[`token=${make.github('gho_')}`, make.github('gho_'), 'high']], invalid: [`gho_${'0'.repeat(36)}`] },
  'github-user-to-server-token': { valid: [[`token=${make.github('ghu_')}`, make.github('ghu_'), 'high']], invalid: [`ghu_${'A'.repeat(36)}`] },
  'github-server-to-server-token': { valid: [[`token=${make.github('ghs_')}`, make.github('ghs_'), 'high']], invalid: ['ghs_<installation-token>'] },
  'github-refresh-token': { valid: [[`token=${make.github('ghr_')}`, make.github('ghr_'), 'high']], invalid: [`ghr_${'ab'.repeat(18)}`] },
  'github-fine-grained-pat': {
    valid: [[`ENV GH_TOKEN=${make.githubFineGrained()}`, make.githubFineGrained(), 'high']],
    invalid: [`github${'_pat_'}${'A'.repeat(22)}_${'A'.repeat(59)}`, 'github_pat_<your-token>'],
  },
  'gitlab-pat': {
    valid: [
      [`ENV GITLAB_TOKEN=${make.gitlab()}`, make.gitlab(), 'high'],
      [`RUN git clone https://oauth2:${make.gitlab('glpat-', 72)}@gitlab.com/acme/app.git`, make.gitlab('glpat-', 72), 'high'],
      [`token: ${make.gitlab()}.01.0a1b2c3d4`, `${make.gitlab()}.01.0a1b2c3d4`, 'high'],
    ],
    invalid: [`glpat-${'x'.repeat(20)}`, 'glpat-${CI_JOB_TOKEN}', `glpat-${random(BASE62, 19, 73)}`],
  },
  'gitlab-deploy-token': { valid: [[`password ${make.gitlab('gldt-')}`, make.gitlab('gldt-'), 'high']], invalid: ['gldt-xxxxxxxxxxxxxxxxxxxx'] },
  'gitlab-runner-token': { valid: [[`token = "${make.gitlab('glrt-')}"`, make.gitlab('glrt-'), 'high']], invalid: ['glrt-REPLACE_WITH_TOKEN_VALUE'] },
  'gitlab-pipeline-trigger-token': {
    valid: [[`curl -F token=${make.gitlab('glptt-', 74)} -F ref=main`, make.gitlab('glptt-', 74), 'high']],
    invalid: ['curl -F token=glptt-$TRIGGER_TOKEN -F ref=main'],
  },
  'slack-token': {
    valid: [
      [`ENV SLACK_BOT_TOKEN=${make.slackBot()}`, make.slackBot(), 'high'],
      [`slack_token: "${make.slackUser()}"`, make.slackUser(), 'high'],
    ],
    invalid: ['ENV SLACK_BOT_TOKEN=xoxb-your-token', `xo${'xb'}-0000000000-0000000000-${'X'.repeat(24)}`, 'xoxb-1234'],
  },
  'slack-app-token': {
    valid: [[`SLACK_APP_TOKEN=${make.slackApp()}`, make.slackApp(), 'high']],
    invalid: [`xa${'pp'}-1-A0000000000-0000000000000-${'0'.repeat(64)}`],
  },
  'slack-webhook-url': {
    valid: [[`ENV SLACK_WEBHOOK=${make.slackWebhook()}`, make.slackWebhook().slice('https://'.length), 'high']],
    invalid: [
      `curl -X POST https://hooks.${'slack'}.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX`,
      'curl -X POST https://hooks.slack.com/services/${SLACK_WEBHOOK_PATH}',
    ],
  },
  'stripe-secret-key': {
    valid: [
      [`ENV STRIPE_SECRET_KEY=${make.stripe()}`, make.stripe(), 'high'],
      [`ENV STRIPE_SECRET_KEY=${make.stripe('sk_test_')}`, make.stripe('sk_test_'), 'low'],
    ],
    invalid: [`ENV STRIPE_PUBLISHABLE_KEY=${make.stripe('pk_live_')}`, `sk_live_${'x'.repeat(24)}`, 'sk_live_${STRIPE_KEY}'],
  },
  'stripe-restricted-key': {
    valid: [[`key: ${make.stripe('rk_live_', 75)}`, make.stripe('rk_live_', 75), 'high']],
    invalid: [`rk_live_${'X'.repeat(24)}`],
  },
  'stripe-webhook-secret': {
    valid: [[`STRIPE_WEBHOOK_SECRET=${make.stripeWebhook()}`, make.stripeWebhook(), 'medium']],
    invalid: ['STRIPE_WEBHOOK_SECRET=whsec_...', `whsec_${'0'.repeat(32)}`],
  },
  'twilio-api-key-sid': {
    valid: [[`TWILIO_API_KEY=${make.twilioKeySid()}`, make.twilioKeySid(), 'medium']],
    invalid: [`S${'K'}${'0'.repeat(32)}`, `md5 sk${random(HEX, 32, 76)}`, `S${'K'}${random(HEX, 31, 77)}`],
  },
  'twilio-account-sid': {
    valid: [[`TWILIO_ACCOUNT_SID=${make.twilioAccountSid()}`, make.twilioAccountSid(), 'low']],
    invalid: [`TWILIO_ACCOUNT_SID=A${'C'}${'x'.repeat(32)}`, `A${'C'}${random(HEX, 31, 78)}`],
  },
  'sendgrid-api-key': {
    valid: [[`ENV SENDGRID_API_KEY=${make.sendgrid()}`, make.sendgrid(), 'high']],
    invalid: ['ENV SENDGRID_API_KEY=SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'see SG.1 for details'],
  },
  'npm-access-token': {
    valid: [
      [`RUN echo "//registry.npmjs.org/:_authToken=${make.npm()}" > ~/.npmrc`, make.npm(), 'high'],
      [`ENV NPM_TOKEN=${make.npm(79)}`, make.npm(79), 'high'],
    ],
    invalid: ['ENV npm_config_cache=/tmp/.npm', 'echo $npm_package_version', `np${'m_'}${'x'.repeat(36)}`],
  },
  'pypi-api-token': {
    valid: [[`[pypi]\nusername = __token__\npassword = ${make.pypi()}\n`, make.pypi(), 'high']],
    invalid: ['password = pypi-AgEIcHlwaS5vcmc...', 'RUN pip install pypi-simple'],
  },
  'docker-hub-token': {
    valid: [
      [`RUN echo ${make.dockerHub()} | docker login -u acme --password-stdin`, make.dockerHub(), 'high'],
      [`DOCKERHUB_TOKEN=${make.dockerHub(80, 'oat')}`, make.dockerHub(80, 'oat'), 'high'],
    ],
    invalid: [`dc${'kr_pat_'}${'x'.repeat(27)}`, 'RUN echo dckr_pat_${DOCKER_TOKEN} | docker login'],
  },
  'openai-api-key': {
    valid: [
      [`ENV OPENAI_API_KEY=${make.openaiProject()}`, make.openaiProject(), 'high'],
      [`openai.api_key = "${make.openaiLegacy()}"`, make.openaiLegacy(), 'high'],
      [`ENV LLM_API_KEY=${make.openaiCompatible()}`, make.openaiCompatible(), 'medium'],
    ],
    invalid: [
      `OPENAI_API_KEY=s${'k-'}${'x'.repeat(48)}`,
      'pip install scikit-learn task-runner disk-usage',
      `s${'k-proj-'}${random(BASE62, 20, 81)}`,
      'OPENAI_API_KEY=sk-...',
    ],
  },
  'anthropic-api-key': {
    valid: [[`ENV ANTHROPIC_API_KEY=${make.anthropic()}`, make.anthropic(), 'high']],
    invalid: [`s${'k-ant-api03-'}${'x'.repeat(93)}AA`, 'ANTHROPIC_API_KEY=sk-ant-${KEY}'],
  },
  'huggingface-token': {
    valid: [[`ENV HF_TOKEN=${make.huggingFace()}`, make.huggingFace(), 'high']],
    invalid: ['from huggingface_hub import hf_hub_download', `h${'f_'}${random(LOWER, 34, 82)}`, 'ENV HF_HUB_ENABLE_HF_TRANSFER=1'],
  },
  jwt: {
    valid: [
      [`ENV SERVICE_TOKEN=${make.jwt()}`, make.jwt(), 'medium'],
      [`Authorization: Bearer ${make.jwt({ sub: 'ci', scope: 'deploy' }, 'HS256', 83)}`, make.jwt({ sub: 'ci', scope: 'deploy' }, 'HS256', 83), 'medium'],
      [`token=${make.jwt({ sub: 'ci' }, 'none')}`, make.jwt({ sub: 'ci' }, 'none'), 'low'],
      [`SUPABASE_ANON_KEY=${make.jwt({ iss: 'supabase', role: 'anon' })}`, make.jwt({ iss: 'supabase', role: 'anon' }), 'low'],
      // Shared-secret and private-key signatures alike: a bearer token is the finding.
      [`API_TOKEN=${make.jwt({ sub: 'ci' }, 'HS384', 3400)}`, make.jwt({ sub: 'ci' }, 'HS384', 3400), 'medium'],
      [`API_TOKEN=${make.jwt({ sub: 'ci' }, 'HS512', 3401)}`, make.jwt({ sub: 'ci' }, 'HS512', 3401), 'medium'],
      [`id_token: ${make.jwt({ sub: 'ci', aud: 'sts' }, 'RS256', 3402)}`, make.jwt({ sub: 'ci', aud: 'sts' }, 'RS256', 3402), 'medium'],
    ],
    invalid: [
      `jwt=${make.jwt({ sub: '1234567890', name: 'John Doe', iat: 1516239022 })}`,
      `jwt=${make.jwt({ iss: 'https://auth.example.com', sub: 'alice' })}`,
      `{"auths":{"registry":{"auth":"${b64('{"auths":{}}')}"}}}`,
      `${b64url('{"alg":"HS256"}')}.bm90IGpzb24.${random(BASE62, 43, 84)}`,
      `${b64url('{"typ":"JWT"}')}.${b64url('{"sub":"x"}')}.${random(BASE62, 43, 85)}`,
    ],
  },
  'private-key': {
    valid: [
      [pem.rsaPkcs1, strip(pem.rsaPkcs1), 'high'],
      [`COPY <<EOF /root/key.pem\n${pem.rsaPkcs8}EOF\n`, strip(pem.rsaPkcs8), 'high'],
      [pem.rsaPkcs8Encrypted, strip(pem.rsaPkcs8Encrypted), 'medium'],
      [pem.rsaPkcs1Encrypted, strip(pem.rsaPkcs1Encrypted), 'medium'],
      [pem.ecSec1, strip(pem.ecSec1), 'high'],
      [pem.ed25519, strip(pem.ed25519), 'high'],
      [openSshKey(), strip(openSshKey()), 'high'],
      [openSshKey('aes256-ctr'), strip(openSshKey('aes256-ctr')), 'medium'],
      [pgpPrivateKey(), strip(pgpPrivateKey()), 'high'],
      [dsaKey, dsaKey, 'high'],
      [`tls:\n  key: |\n    ${strip(pem.rsaPkcs8).replace(/\n/g, '\n    ')}\n`, strip(pem.rsaPkcs8).replace(/\n/g, '\n    '), 'high'],
      [
        `{"type": "service_account", "private_key": ${JSON.stringify(pem.rsaPkcs8)}}`,
        JSON.stringify(strip(pem.rsaPkcs8)).slice(1, -1),
        'high',
      ],
      [
        `RUN echo "${strip(pem.rsaPkcs1).replace(/\n/g, '\\n')}" > /root/.ssh/id_rsa`,
        strip(pem.rsaPkcs1).replace(/\n/g, '\\n'),
        'high',
      ],
    ],
    invalid: [
      pem.rsaPublic,
      pem.rsaPublicPkcs1,
      pem.sshPublic,
      certificateBlock(),
      'static const char *hdr = "-----BEGIN RSA PRIVATE KEY-----";',
      '-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n',
      '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA...\n-----END RSA PRIVATE KEY-----\n',
      '-----BEGIN PRIVATE KEY-----\n${PRIVATE_KEY}\n-----END PRIVATE KEY-----\n',
      `-----BEGIN PRIVATE KEY-----\n${'X'.repeat(64)}\n${'X'.repeat(64)}\n-----END PRIVATE KEY-----\n`,
      "RUN grep -q 'BEGIN OPENSSH PRIVATE KEY' /root/.ssh/id_ed25519",
      // Strings of a TLS library: headers next to each other, no body.
      '-----BEGIN RSA PRIVATE KEY-----\0-----BEGIN DSA PRIVATE KEY-----\0-----BEGIN EC PRIVATE KEY-----\0-----BEGIN ENCRYPTED PRIVATE KEY-----',
      `-----BEGIN DSA PRIVATE KEY-----\n${random(BASE64, 30, 3403)}\n-----END DSA PRIVATE KEY-----\n`,
      '-----BEGIN RSA PRIVATE KEY-----\nPut your key here and keep it out of the image please\n-----END RSA PRIVATE KEY-----',
    ],
  },
  'wordpress-auth-key': {
    valid: [
      [`define( 'AUTH_KEY',         '${wpSalt}' );`, wpSalt, 'high'],
      [`define('NONCE_SALT', "${wpSalt2}");`, wpSalt2, 'high'],
      [`<?php\n  define ( "LOGGED_IN_KEY" , '${wpSalt}' ) ;`, wpSalt, 'high'],
    ],
    invalid: [
      "define( 'AUTH_KEY',         'put your unique phrase here' );",
      "define( 'AUTH_KEY', getenv('WP_AUTH_KEY') );",
      "define( 'WP_DEBUG', false ); define( 'DB_NAME', 'wordpress_production_database_name' );",
      `predefine( 'AUTH_KEY', '${wpSalt}' );`,
      `define( 'AUTH_KEY', '${'a'.repeat(64)}' );`,
    ],
  },
  'url-password': {
    valid: [
      [`ENV DATABASE_URL=postgres://app:${urlPw}@db:5432/app`, urlPw, 'high'],
      ['mongodb+srv://admin:S3cr3t-Pa55@cluster0.ab1cd.mongodb.net/prod', 'S3cr3t-Pa55', 'medium'],
      ['ENV BROKER_URL=amqp://rabbit:guest@rabbitmq:5672//', 'guest', 'low'],
      [`REDIS_URL=redis://:${urlPw2}@cache:6379/0`, urlPw2, 'high'],
      [`RUN pip install --index-url https://ci:${urlPw}@nexus.internal/simple app`, urlPw, 'high'],
      [`DATABASE_URL=postgresql://app:${make.urlPassword(3410)}@db.internal/app`, make.urlPassword(3410), 'high'],
      [`DATABASE_URL=mysql://root:${make.urlPassword(3411)}@mysql:3306/app`, make.urlPassword(3411), 'high'],
      [`CACHE_URL=rediss://default:${make.urlPassword(3412)}@cache.internal:6380/0`, make.urlPassword(3412), 'high'],
      [`CELERY_BROKER_URL=amqps://worker:${make.urlPassword(3413)}@mq.internal:5671/prod`, make.urlPassword(3413), 'high'],
    ],
    invalid: [
      'postgres://user:password@localhost/db',
      'ENV DATABASE_URL=postgres://app:${DB_PASSWORD}@db/app',
      'https://user:@host.internal/',
      'http://registry.internal:5000/v2/',
      'RUN git clone https://x-access-token:$GITHUB_TOKEN@github.com/acme/app',
      'mysql://root:s3cr3tpw@example.com/db',
      'git@github.com:acme/app.git ssh://git@host.internal:22/app',
      'redis://:<password>@cache:6379',
      'https://{{user}}:{{pass}}@mirror.internal',
    ],
  },
  'npmrc-auth-token': {
    valid: [
      [`//registry.npmjs.org/:_authToken=${make.uuid()}`, make.uuid(), 'high'],
      [`//npm.pkg.example.internal/:_authToken="${random(HEX, 40, 86)}"`, random(HEX, 40, 86), 'high'],
    ],
    invalid: ['//registry.npmjs.org/:_authToken=${NPM_TOKEN}', '//registry.npmjs.org/:_authToken=$NPM_TOKEN', '_authToken=<your-token>'],
  },
  'npmrc-auth': {
    valid: [
      [`_auth=${b64(`deploy:${pw}`)}`, b64(`deploy:${pw}`), 'high'],
      [`//nexus.internal/:_password=${b64(pw)}`, b64(pw), 'high'],
    ],
    invalid: [`_auth=${b64('user:password')}`, '_auth=${NPM_AUTH}', `_auth=${b64('no colon here')}`],
  },
  'http-authorization-header': {
    valid: [
      [`curl -H "Authorization: Basic ${b64(`deploy:${pw}`)}" https://nexus.internal`, b64(`deploy:${pw}`), 'high'],
      [`curl -H 'Authorization: Bearer ${random(BASE62, 40, 87)}' https://api.internal`, random(BASE62, 40, 87), 'high'],
      [`headers: {Authorization: "Bearer ${random(LOWER + DIGITS, 14, 88)}"}`, random(LOWER + DIGITS, 14, 88), 'medium'],
    ],
    invalid: [
      'curl -H "Authorization: Bearer $TOKEN" https://api.internal',
      'curl -H "Authorization: Bearer ${TOKEN}" https://api.internal',
      'curl -H "Authorization: Bearer <token>" https://api.internal',
      `curl -H "Authorization: Basic ${b64('user:password')}" https://api.internal`,
      "echo 'RewriteRule .* - [E=HTTP_AUTHORIZATION:%{HTTP:Authorization}]'",
      'curl -H "Authorization: Bearer YOUR_TOKEN_HERE" https://api.internal',
    ],
  },
  'curl-user-password': {
    valid: [
      [`RUN curl -fsSL -u deploy:${pw} https://nexus.internal/app.tgz -o app.tgz`, pw, 'high'],
      ['RUN curl --user admin:Adm1n-2024 https://nexus.internal/x', 'Adm1n-2024', 'medium'],
    ],
    invalid: [
      'RUN curl -u "$NEXUS_USER:$NEXUS_PASS" https://nexus.internal/x',
      'RUN curl --user-agent "acme:1.0" https://nexus.internal/x',
      'RUN curl -u deploy: https://nexus.internal/x',
      'RUN curl -u ${USER}:${PASS} https://nexus.internal/x',
      'RUN useradd -u 1000 app && curl -fsSL https://x.internal/a:b',
    ],
  },
  'mysql-password-flag': {
    valid: [
      [`RUN mysql -uroot -p${urlPw} -e "CREATE DATABASE app"`, urlPw, 'high'],
      ["RUN mysqldump -u backup -p'Bkp-2024x' app > /dump.sql", 'Bkp-2024x', 'medium'],
    ],
    invalid: [
      'RUN mysql -uroot -p"$MYSQL_ROOT_PASSWORD" -e "SELECT 1"',
      'RUN mysql -uroot -p${MYSQL_ROOT_PASSWORD} app',
      'RUN mysql -uroot -p -h db app',
      'RUN mysql -h db -P3306 --protocol=tcp app',
      'RUN apt-get install -y default-mysql-client && mkdir -p /var/run/mysqld',
      "RUN find /etc/mysql/ -name '*.cnf' -print0 | xargs -0 grep -lZE '^(bind-address|log)'",
    ],
  },
  'sshpass-password': {
    valid: [[`RUN /usr/bin/sshpass -p ${urlPw} scp deploy@host.internal:/x /x`, urlPw, 'high']],
    invalid: ['RUN sshpass -p "$SSH_PASS" scp deploy@host.internal:/x /x', 'RUN sshpass -e ssh deploy@host.internal'],
  },
  'docker-login-password': {
    valid: [[`RUN docker login -u acme -p ${urlPw} registry.internal`, urlPw, 'high']],
    invalid: ['RUN docker login -u acme -p "$REGISTRY_PASSWORD" registry.internal', 'RUN docker login -u acme --password-stdin < /run/secrets/reg'],
  },
  'chpasswd-password': {
    valid: [
      ['RUN echo "root:123456" | chpasswd', '123456', 'low'],
      ["RUN echo 'qa:test' | chpasswd && \\\n    apt-get clean", 'test', 'low'],
      ['RUN echo "app:app" | chpasswd', 'app', 'low', 'app:'.length + 10],
      [`RUN useradd -m app && echo "app:${urlPw}" | chpasswd`, urlPw, 'high'],
    ],
    invalid: [
      'RUN echo "app:${APP_PASSWORD}" | chpasswd',
      `RUN echo 'root:${bcryptHash(105)}' | chpasswd -e`,
      'RUN chpasswd < /run/secrets/passwords',
      'RUN echo "app:" | chpasswd',
    ],
  },
  'secret-assignment': {
    valid: [
      [`export DB_PASSWORD=${pw}`, pw, 'high'],
      ['ENV DB_PASSWORD=hunter2x', 'hunter2x', 'medium'],
      [`ENV API_TOKEN="${random(BASE62, 32, 89)}"`, random(BASE62, 32, 89), 'high'],
      [`database:\n  password: "${pw}"\n`, pw, 'high'],
      [`RUN ./configure --admin-password=${pw}`, pw, 'high'],
      [`RUN app init --db-password ${pw2} --yes`, pw2, 'high'],
      [`{"client_secret": "${random(BASE62, 40, 90)}"}`, random(BASE62, 40, 90), 'high'],
      [`spring.datasource.password=${pw}`, pw, 'high'],
      ['ENV MYSQL_ROOT_PASSWORD=root', 'root', 'low'],
      [`ENV LDAP_ROOTPASS=${pw2}`, pw2, 'high'],
      ['RUN mysql -uroot --password=Summer2024 < /schema.sql', 'Summer2024', 'medium'],
      ['RUN echo "DB_PASSWORD=Tr0ub4dor&3" >> /app/.env', 'Tr0ub4dor&3', 'medium'],
      ['ENV DB_PASSWORD hunter2x', 'hunter2x', 'medium'],
    ],
    invalid: [
      'ENV PASSWORD_MIN_LENGTH=12',
      'ENV TOKEN_TTL=3600 SECRET_ROTATION=true TOKEN_EXPIRY=1h',
      'ENV POSTGRES_PASSWORD_FILE=/run/secrets/db_password',
      'ENV API_KEY=${API_KEY}',
      'password: ${{ secrets.DB_PASSWORD }}',
      '{"password": "Password", "password_hint": "At least 8 characters"}',
      'RUN adduser --disabled-password --gecos "" app',
      'RUN echo "$PW" | docker login -u acme --password-stdin',
      'RUN read -p "Password: " pw',
      'RUN psql "postgres://app:${DB_PASSWORD:-changeme}@db/app"',
      'RUN [ "$PASSWORD" = "$CONFIRM" ] && echo ok',
      'password: must be at least 8 characters long',
      'ENV GPG_KEYS 1198C0117593497A5EC5C199286AF1F9897469DC',
      'ENV PWD=/app',
      `ENV ADMIN_PASSWORD_HASH='${bcryptHash()}'`,
      `ENV ADMIN_PASSWORD='${bcryptHash(91)}'`,
      'ENV SECRET_NAME=db-credentials MAX_TOKENS=4096',
      './configure --with-password-argon2',
      'PermitEmptyPasswords no',
      'ENV TOKEN=00000000-0000-0000-0000-000000000000',
      'RUN mtproto-proxy --aes-pwd proxy-secret proxy-multi.conf',
      'ENV PASSWORD XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX',
      'RUN echo DB_PASSWORD hunter2x',
      'function createCipher(algorithm: string, password: BinaryLike): Cipher;',
      'const pass = receivedDiff && hasCallWithArgs; this.addToken = this.addTokenUsingPush;',
      'lastSignificantToken = "?InterpolationInTemplate"; tokens: matchedTokens,',
      'const API_KEY = process.env.API_KEY; const secret = settings.SECRET_KEY;',
      'SECRET_KEY = os.environ["SECRET_KEY"]; API_TOKEN = get_token()',
      '{"password": "Contraseña", "passphrase": "top secret"}',
      "{'allPass': 'overEvery', 'anyPass': 'overSome'}",
    ],
  },
};

/** Every detector's cases; an id defined in two files is a mistake the table test reports. */
const CASE_FILES = [BASE_CASES, PLATFORM_CASES, SERVICE_CASES, DEV_CASES];
export const CASES: Record<string, DetectorCases> = Object.assign({}, ...CASE_FILES);

describe.each(Object.entries(CASES))('%s', (id, cases) => {
  it.each(cases.valid.map((sample, i) => [i, sample] as const))('finds sample %i with its exact span', (_i, [text, secret, confidence, from, path]) => {
    const match = findSecrets(text, { path }).find((m) => m.detectorId === id);
    expect(match, 'no match').toBeDefined();
    const at = text.indexOf(secret, from ?? 0);
    expect([match!.start, match!.end]).toEqual([at, at + secret.length]);
    expect(match!.confidence).toBe(confidence);
    const middle = Math.floor(secret.length / 2);
    expect(match!.masked).not.toContain(secret.slice(middle, middle + 8));
  });
  it.each(cases.invalid.map((lookAlike, i) => [i, lookAlike] as const))('ignores look-alike %i', (_i, lookAlike) => {
    const [text, path] = typeof lookAlike === 'string' ? [lookAlike, undefined] : lookAlike;
    expect(findSecrets(text, { path }).map((m) => `${m.detectorId}: ${m.masked}`)).toEqual([]);
  });
});

describe('the detector table', () => {
  it('defines each detector\'s cases in one file only', () => {
    const ids = CASE_FILES.flatMap((file) => Object.keys(file));
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it('has true samples and look-alikes for every detector', () => {
    for (const d of DETECTORS) {
      expect(CASES[d.id]?.valid.length ?? 0, d.id).toBeGreaterThan(0);
      expect(CASES[d.id]?.invalid.length ?? 0, d.id).toBeGreaterThan(0);
    }
    expect(Object.keys(CASES).sort()).toEqual(DETECTORS.map((d) => d.id));
  });

  it('uses unique kebab-case ids, and lowercase keywords where case does not matter', () => {
    const ids = DETECTORS.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const d of DETECTORS) {
      expect(d.id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(d.keywords.length).toBeGreaterThan(0);
      if (!d.caseSensitive) for (const k of d.keywords) expect(k).toBe(k.toLowerCase());
    }
  });
});

/** Strings every scanner has tripped on. None may produce a match. */
describe('look-alikes no detector may match', () => {
  const lookAlikes: Array<[string, string]> = [
    ['UUIDs', `ENV REQUEST_ID=${make.uuid()}\nRUN echo ${make.uuid(92)} > /etc/machine-id`],
    ['git SHAs', `ARG GIT_SHA=${make.gitSha()}\nRUN git checkout ${make.gitSha(93)}`],
    ['sha256 digests', `FROM node:20@sha256:${make.sha256()}\nRUN echo "${make.sha256(94)}  app.tgz" | sha256sum -c -`],
    ['npm integrity', `"integrity": "${npmIntegrity()}",\n"resolved": "https://registry.npmjs.org/a/-/a-1.0.0.tgz"`],
    ['bcrypt and argon2 hashes', `${bcryptHash()}\n$argon2id$v=19$m=65536,t=3,p=4$${random(BASE64, 22, 95)}$${random(BASE64, 43, 96)}`],
    ['sha-crypt in /etc/shadow', `root:$6$${random(BASE62, 16, 97)}$${random(BASE62 + './', 86, 98)}:19000:0:99999:7:::`],
    ['public keys and certificates', `${pem.rsaPublic}${certificateBlock(99)}${pem.sshPublic}`],
    ['GPG fingerprints', 'ENV GPG_KEYS 7169605F62C751356D054A26A821E680E5FA6305 A035C8C19219BA821ECEA86B64E628F8D684696D'],
    ['base64 blobs', `RUN echo ${random(BASE64, 400, 100)} | base64 -d > /usr/share/icon.png`],
    ['minified JS', `var a=function(e){return e.apiKey||e.token},b={token:t.token,secret:n.secret,password:r.password};`],
    ['i18n strings', '"password_reset": "Reset your password", "token_expired": "Your session token has expired"'],
    ['docs', 'Set DATABASE_URL to postgres://user:password@host:5432/db and GITHUB_TOKEN to <your-token>.'],
    ['hex identifiers', `ENV BUILD_ID=${random(HEX, 32, 101)} TRACE=${random(DIGITS + UPPER, 20, 102)}`],
    ['references', 'ENV NPM_TOKEN=${NPM_TOKEN}\nRUN --mount=type=secret,id=npm NPM_TOKEN=$(cat /run/secrets/npm) npm ci'],
    ['k8s references', 'valueFrom:\n  secretKeyRef:\n    name: db\n    key: password'],
    // Lines of a stock Debian toolchain image (libstdc++, linux-libc-dev, Python, adduser, Perl, binutils).
    ['C++ identifiers holding the noun', '\t  _M_token = _S_token_ord_char;\n\t  _M_token = _S_token_hex_num;'],
    ['an enum constant in a comment', ' *    WGDEVICE_A_PRIVATE_KEY: NLA_EXACT_LEN, len WG_KEY_LEN'],
    ['a module attribute', '    ERRORTOKEN = token.ERRORTOKEN'],
    ['a Perl loop label', '        PASSWD: for (;;) {'],
    ['a ternary', '    my $out = $as->{pass} ? "PASS" : "FAIL";'],
    ['a CVS pserver URL', '  cvs://:pserver:anoncvs@sources.redhat.com:/cvs/src'],
  ];
  it.each(lookAlikes)('%s', (_name, text) => {
    expect(findSecrets(text).map((m) => `${m.detectorId}: ${m.masked}`)).toEqual([]);
  });
});

describe('overlapping claims', () => {
  it('prefers the provider detector over a URL password or a header', () => {
    const token = make.gitlab('glpat-', 103);
    const [match, ...rest] = findSecrets(`https://oauth2:${token}@gitlab.com/a.git`);
    expect(match?.detectorId).toBe('gitlab-pat');
    expect(rest).toEqual([]);
  });

  it('reports each secret of a line once, in order', () => {
    const text = `RUN curl -u ci:${pw} https://x.internal && export API_TOKEN=${random(BASE62, 32, 104)} GH=${make.github()}`;
    expect(findSecrets(text).map((m) => m.detectorId)).toEqual(['curl-user-password', 'secret-assignment', 'github-pat']);
  });

  it('filters by confidence and detector id', () => {
    const text = `ENV MYSQL_ROOT_PASSWORD=root GH=${make.github()}`;
    expect(findSecrets(text, { minConfidence: 'medium' }).map((m) => m.detectorId)).toEqual(['github-pat']);
    expect(findSecrets(text, { exclude: ['github-pat'] }).map((m) => m.detectorId)).toEqual(['secret-assignment']);
    expect(findSecrets(text, { only: ['github-pat'] }).map((m) => m.detectorId)).toEqual(['github-pat']);
  });
});

export { BASE62, UPPER };
