/** True samples and look-alikes of the detectors in src/secrets/detectors/services.ts (and kin). */
import { BASE62, BASE64, BASE64URL, DIGITS, HEX, LOWER, UPPER, make, random } from '../samples.js';
import type { DetectorCases } from './types.js';

// Every sample is built at run time from split prefixes and seeded bodies (seeds 2000–2999), so the
// repository holds nothing a push-protection scanner would take for a live credential.
const b64 = (s: string) => Buffer.from(s).toString('base64');
const b64url = (s: string) => Buffer.from(s).toString('base64url');
const UPPER_DIGITS = UPPER + DIGITS;
const LOWER_DIGITS = LOWER + DIGITS;
const HEX_UPPER = HEX.toUpperCase();

// Chat
const discordBot = (seed: number) =>
  b64url('1' + random(DIGITS, 18, seed)) + '.' + random(BASE64URL, 6, seed + 1) + '.' + random(BASE64URL, 38, seed + 2);
const discordHook = (seed: number, host = 'discord.com') =>
  `https://${host}/api/webhooks/1${random(DIGITS, 18, seed)}/${random(BASE64URL, 68, seed + 1)}`;
const telegram = (seed: number) => '7' + random(DIGITS, 9, seed) + ':' + 'AA' + random(BASE64URL, 33, seed + 1);
const teamsHook = (seed: number, host = 'acme.webhook.office.com/webhookb2') =>
  `https://${host}/${make.uuid(seed)}@${make.uuid(seed + 1)}/Incoming${'Webhook'}/${random(HEX, 32, seed + 2)}/${make.uuid(seed + 3)}`;
const zapierHook = (seed: number) => `https://hooks.${'zapier'}.com/hooks/catch/${random(DIGITS, 7, seed)}/${random(LOWER_DIGITS, 7, seed + 1)}`;
// Payments
const squareEaaa = (seed: number) => 'EA' + 'AA' + random(BASE64URL, 60, seed);
const squareAtp = (seed: number) => 'sq0' + 'atp-' + random(BASE64URL, 22, seed);
const squareCsp = (seed: number) => 'sq0' + 'csp-' + random(BASE64URL, 43, seed);
const braintree = (seed: number, env = 'production') =>
  'access_' + `token$${env}$` + random(LOWER_DIGITS, 16, seed) + '$' + random(HEX, 32, seed + 1);
const shopify = (kind: string, seed: number) => 'shp' + kind + '_' + random(HEX, 32, seed);
const flutterwave = (seed: number, test = false) => 'FLW' + (test ? 'SECK_TEST-' : 'SECK-') + random(HEX, 32, seed) + '-X';
const plaid = (env: string, seed: number) => 'access-' + env + '-' + make.uuid(seed);
const duffel = (mode: string, seed: number) => 'duffel_' + mode + '_' + random(BASE64URL, 43, seed);
const shippo = (mode: string, seed: number) => 'shippo_' + mode + '_' + random(HEX, 40, seed);
const easypost = (kind: string, seed: number) => 'EZ' + kind + 'K' + random(BASE62, 54, seed);
// E-mail
const mailgun = (seed: number) => 'key' + '-' + random(HEX, 32, seed);
const mailchimp = (seed: number, dc = 'us21') => random(HEX, 32, seed) + '-' + dc;
const brevo = (prefix: string, seed: number) => prefix + random(HEX, 64, seed) + '-' + random(BASE62, 16, seed + 1);
// Monitoring
const sentryClaims = (seed: number) =>
  b64(JSON.stringify({ iat: 1_700_000_000 + seed, url: 'https://sentry.io', region_url: 'https://us.sentry.io', org: 'acme' }));
const sentryOrg = (seed: number) => 'sntry' + 's_' + sentryClaims(seed) + '_' + random(BASE64, 43, seed + 1);
const sentryUser = (seed: number) => 'sntry' + 'u_' + random(HEX, 64, seed);
const nrak = (seed: number) => 'NR' + 'AK-' + random(UPPER_DIGITS, 27, seed);
const nrii = (seed: number) => 'NR' + 'II-' + random(BASE64URL, 32, seed);
const nrLicense = (seed: number, eu = false) => (eu ? 'eu01xx' + random(HEX, 26, seed) : random(HEX, 32, seed)) + 'FFFF' + 'NRAL';
const grafanaCloud = (seed: number) =>
  'gl' + 'c_' + b64(JSON.stringify({ o: '7' + random(DIGITS, 5, seed), n: 'stack-logs-write', k: random(BASE62, 40, seed + 1), m: { r: 'prod-us-east-0' } }));
const glsa = (seed: number) => 'gl' + 'sa_' + random(BASE62, 32, seed) + '_' + random(HEX, 8, seed + 1);
const grafanaLegacy = (seed: number) => b64(JSON.stringify({ k: random(BASE62, 32, seed), n: 'ci', id: 1 }));
const dynatrace = (seed: number, kind = 'c01') => 'dt0' + kind + '.' + random(UPPER_DIGITS, 24, seed) + '.' + random(UPPER_DIGITS, 64, seed + 1);
// Other SaaS
const linear = (seed: number) => 'lin_' + 'api_' + random(BASE62, 40, seed);
const notion = (seed: number) => 'ntn_' + random(DIGITS, 11, seed) + random(BASE62, 35, seed + 1);
const notionLegacy = (seed: number) => 'secret_' + random(BASE62, 43, seed);
const figma = (seed: number) => 'fig' + 'd_' + random(BASE64URL, 40, seed);
const postman = (seed: number) => 'PM' + 'AK-' + random(HEX, 24, seed) + '-' + random(HEX, 34, seed + 1);
const hubspot = (seed: number, region = 'na1') => 'pat-' + region + '-' + make.uuid(seed);
const typeform = (seed: number) => 'tf' + 'p_' + random(BASE62, 44, seed) + '_' + random(BASE62, 14, seed + 1);
const contentful = (seed: number) => 'CF' + 'PAT-' + random(BASE64URL, 43, seed);
const mapbox = (seed: number, kind = 'sk') => kind + '.' + b64url(JSON.stringify({ u: 'acme-maps', a: random(LOWER_DIGITS, 25, seed) })) + '.' + random(BASE64URL, 22, seed + 1);
const readme = (seed: number) => 'rd' + 'me_' + random(LOWER_DIGITS, 70, seed);
const prefect = (seed: number) => 'pn' + 'u_' + random(BASE62, 36, seed);
const frameio = (seed: number) => 'fio-' + 'u-' + random(BASE64URL, 64, seed);

const strip = (url: string) => url.slice('https://'.length);

export const CASES: Record<string, DetectorCases> = {
  // ---------------------------------------------------------------- chat
  'discord-bot-token': {
    valid: [
      [`ENV DISCORD_TOKEN=${discordBot(2000)}`, discordBot(2000), 'high'],
      [`{"discordBotToken": "${discordBot(2003)}"}`, discordBot(2003), 'high'],
      [`services:\n  bot:\n    environment:\n      DISCORD_BOT_TOKEN: ${discordBot(2006)}\n`, discordBot(2006), 'high'],
    ],
    invalid: [
      'ENV DISCORD_TOKEN=${DISCORD_TOKEN}',
      // The first part must decode to a numeric user id.
      `discord_bot = "${b64url('not-a-snowflake-id!')}.${random(BASE64URL, 6, 2009)}.${random(BASE64URL, 38, 2010)}"`,
      `discord_bot = "${discordBot(2011).slice(0, 45)}"`,
      `discord_bot = "${discordBot(2014)}.${random(BASE64URL, 8, 2017)}"`,
      `value: ${discordBot(2018)}`,
    ],
  },
  'discord-webhook-url': {
    valid: [
      [`ENV DISCORD_WEBHOOK_URL=${discordHook(2020)}`, strip(discordHook(2020)), 'high'],
      [`{"webhook": "${discordHook(2022, 'discordapp.com')}"}`, strip(discordHook(2022, 'discordapp.com')), 'high'],
      [`RUN curl -X POST -d '{"content":"built"}' ${discordHook(2024, 'canary.discord.com')}`, strip(discordHook(2024, 'canary.discord.com')), 'high'],
    ],
    invalid: [
      'https://discord.com/api/webhooks/{webhook.id}/{webhook.token}',
      'curl -X POST "https://discord.com/api/webhooks/${WEBHOOK_ID}/${WEBHOOK_TOKEN}"',
      `https://discord.com/api/webhooks/1${random(DIGITS, 18, 2026)}/${random(BASE64URL, 40, 2027)}`,
      `https://discord.com/api/webhooks/123456789012345678/${random(BASE64URL, 68, 2028)}`,
      `https://mydiscord.com/api/webhooks/1${random(DIGITS, 18, 2029)}/${random(BASE64URL, 68, 2030)}`,
    ],
  },
  'telegram-bot-token': {
    valid: [
      [`ENV TELEGRAM_BOT_TOKEN=${telegram(2040)}`, telegram(2040), 'high'],
      [`RUN curl -s "https://api.telegram.org/bot${telegram(2042)}/sendMessage?chat_id=42&text=ok"`, telegram(2042), 'high'],
      [`telegram:\n  token: "${telegram(2044)}"\n`, telegram(2044), 'high'],
    ],
    invalid: [
      // BotFather's and the Bot API documentation's samples.
      `# looks like 110201543:${'AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw'}`,
      `placeholder="110201543:${'AAHdqTcvChiUJRRBjwI5sYHVGJgnDz9CYjY'}"`,
      'url: https://api.telegram.org/bot123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11/getMe',
      `id 9${random(DIGITS, 10, 2046)}:AA${random(BASE64URL, 33, 2047)}`,
      `msg ${telegram(2048)}x`,
      `msg ${telegram(2050).slice(0, 40)}`,
      `at 12:AA${random(BASE64URL, 33, 2052)}`,
    ],
  },
  'teams-webhook-url': {
    valid: [
      [`ENV TEAMS_WEBHOOK_URL=${teamsHook(2060)}`, strip(teamsHook(2060)), 'high'],
      [
        `teams:\n  url: "${teamsHook(2064)}/V2${random(BASE64URL, 46, 2068)}"\n`,
        `${strip(teamsHook(2064))}/V2${random(BASE64URL, 46, 2068)}`,
        'high',
      ],
      [`webhook_url = "${teamsHook(2069, 'outlook.office.com/webhook')}"`, strip(teamsHook(2069, 'outlook.office.com/webhook')), 'high'],
    ],
    invalid: [
      'https://{tenant_domain}.webhook.office.com/webhookb2/{groupId}@{tenantId}/IncomingWebhook/{connectorId}/{webHookId}',
      `https://acme.webhook.office.com/webhookb2/${make.uuid(2073)}@${make.uuid(2074)}/IncomingWebhook/${'0'.repeat(32)}/${make.uuid(2075)}`,
      `https://acme.webhook.office.com/webhookb2/${make.uuid(2076)}@${make.uuid(2077)}/IncomingWebhook/${random(HEX, 32, 2078)}`,
      'curl -H "Content-Type: application/json" -d @card.json "$TEAMS_WEBHOOK_URL"',
      `https://acme.webhook.office.com/webhookb2/${make.uuid(2079)}/IncomingWebhook/${random(HEX, 32, 2080)}/${make.uuid(2081)}`,
    ],
  },
  'zapier-webhook-url': {
    valid: [
      [`ENV ZAPIER_HOOK=${zapierHook(2090)}/`, strip(zapierHook(2090)), 'medium'],
      [`await fetch('${zapierHook(2092)}/silent/', { method: 'POST' });`, strip(zapierHook(2092)), 'medium'],
    ],
    invalid: [
      'https://hooks.zapier.com/hooks/catch/123456/abcdef/',
      'https://hooks.zapier.com/hooks/catch/{account_id}/{hook_id}/',
      'https://hooks.zapier.com/hooks/catch/${ZAP_ACCOUNT}/${ZAP_HOOK}/',
      `https://hooks.zapier.com/hooks/standard/${random(DIGITS, 7, 2094)}/${random(LOWER_DIGITS, 7, 2095)}/`,
      `https://hooks.zapier.com/hooks/catch/${random(DIGITS, 7, 2096)}/${random(LOWER_DIGITS, 16, 2097)}/`,
    ],
  },
  // ---------------------------------------------------------------- payments
  'square-access-token': {
    valid: [
      [`ENV SQUARE_ACCESS_TOKEN=${squareEaaa(2100)}`, squareEaaa(2100), 'medium'],
      [`{"accessToken": "${squareAtp(2101)}"}`, squareAtp(2101), 'high'],
      [`square_token: sandbox-${squareAtp(2102)}`, squareAtp(2102), 'low'],
    ],
    invalid: [
      `sha256: EA${'AA'}${random(HEX_UPPER, 60, 2103)}`,
      `fb: EA${'AA'}${random(BASE62, 150, 2104)}`,
      `value: ${squareAtp(2105).slice(0, 28)}`,
      `value: sq0${'atp-'}${'X'.repeat(22)}`,
      `value: x${squareEaaa(2106)}`,
    ],
  },
  'square-oauth-secret': {
    valid: [
      [`ENV SQUARE_APPLICATION_SECRET=${squareCsp(2110)}`, squareCsp(2110), 'high'],
      [`square:\n  app_secret: sandbox-${squareCsp(2111)}\n`, squareCsp(2111), 'low'],
    ],
    invalid: [
      `value: "sq0${'csp-'}0p9h7g6f4s3s3s3-4a3ardgwa6ADRDJDDKUFYDYDYDY"`,
      `value: ${squareCsp(2112).slice(0, 44)}`,
      `value: sq0${'csp-'}${'x'.repeat(43)}`,
      'value: sq0csp-${SQUARE_SECRET}',
    ],
  },
  'braintree-access-token': {
    valid: [
      [`BRAINTREE_ACCESS_TOKEN='${braintree(2120)}'`, braintree(2120), 'high'],
      [`gateway = Braintree::Gateway.new(access_token: "${braintree(2122, 'sandbox')}")`, braintree(2122, 'sandbox'), 'low'],
    ],
    invalid: [
      `value: access_${'token$production$'}${'x'.repeat(16)}$${random(HEX, 32, 2124)}`,
      `value: ${braintree(2125).slice(0, 60)}`,
      `value: access_${'token$staging$'}${random(LOWER_DIGITS, 16, 2127)}$${random(HEX, 32, 2128)}`,
      `value: my${braintree(2129)}`,
    ],
  },
  'shopify-access-token': {
    valid: [
      [`ENV SHOPIFY_ACCESS_TOKEN=${shopify('at', 2130)}`, shopify('at', 2130), 'high'],
      [`shopify:\n  admin_token: ${shopify('ca', 2131)}\n`, shopify('ca', 2131), 'high'],
      [`headers = {"X-Shopify-Access-Token": "${shopify('pa', 2132)}"}`, shopify('pa', 2132), 'high'],
    ],
    invalid: [
      `value: shp${'at_'}${'0'.repeat(32)}`,
      `value: ${shopify('at', 2133).slice(0, 37)}`,
      `value: ${shopify('at', 2134)}0`,
      `value: ${shopify('at', 2135).toUpperCase()}`,
      `value: my${shopify('at', 2136)}`,
      'value: shpat_${SHOPIFY_TOKEN}',
    ],
  },
  'shopify-shared-secret': {
    valid: [
      [`ENV SHOPIFY_API_SECRET=${shopify('ss', 2140)}`, shopify('ss', 2140), 'high'],
      [`{"shopify": {"sharedSecret": "${shopify('ss', 2141)}"}}`, shopify('ss', 2141), 'high'],
    ],
    invalid: [`value: shp${'ss_'}${'a'.repeat(32)}`, `value: ${shopify('ss', 2142).slice(0, 30)}`, `value: x${shopify('ss', 2143)}`],
  },
  'flutterwave-secret-key': {
    valid: [
      [`ENV FLW_SECRET_KEY=${flutterwave(2150)}`, flutterwave(2150), 'high'],
      [`const flw = new Flutterwave(publicKey, '${flutterwave(2151, true)}');`, flutterwave(2151, true), 'low'],
    ],
    invalid: [
      'value: FLWSECK_TEST-SANDBOXDEMOKEY-X',
      `value: FLW${'PUBK-'}${random(HEX, 32, 2152)}-X`,
      `value: ${flutterwave(2153).slice(0, -2)}`,
      'value: FLWSECK-${FLW_SECRET}-X',
    ],
  },
  'plaid-access-token': {
    valid: [
      [`ENV PLAID_ACCESS_TOKEN=${plaid('production', 2160)}`, plaid('production', 2160), 'high'],
      [`{"access_token": "${plaid('development', 2161)}", "item_id": "x"}`, plaid('development', 2161), 'medium'],
      [`item = {"access_token": "${plaid('sandbox', 2162)}"}`, plaid('sandbox', 2162), 'low'],
    ],
    invalid: [
      '{"access_token": "access-sandbox-de3ce8ef-33f8-452c-a685-8671031fc0f6"}',
      `{"public_token": "public-sandbox-${make.uuid(2163)}"}`,
      `value: access-staging-${make.uuid(2164)}`,
      `value: ${plaid('production', 2165).toUpperCase()}`,
      `value: ${plaid('production', 2166).slice(0, 50)}`,
    ],
  },
  'duffel-api-token': {
    valid: [
      [`ENV DUFFEL_ACCESS_TOKEN=${duffel('live', 2170)}`, duffel('live', 2170), 'high'],
      [`duffel = Duffel(access_token="${duffel('test', 2171)}")`, duffel('test', 2171), 'low'],
    ],
    invalid: [
      `value: ${duffel('live', 2172).slice(0, 50)}`,
      `value: duffel_${'live_'}${'x'.repeat(43)}`,
      `value: ${duffel('live', 2173)}Z`,
      'value: duffel_test_${DUFFEL_TOKEN}',
    ],
  },
  'shippo-api-token': {
    valid: [
      [`ENV SHIPPO_API_KEY=${shippo('live', 2180)}`, shippo('live', 2180), 'high'],
      [`shippo.config.api_key = "${shippo('test', 2181)}"`, shippo('test', 2181), 'low'],
    ],
    invalid: [
      `value: shippo_${'live_'}${'0'.repeat(40)}`,
      `value: ${shippo('live', 2182).slice(0, 50)}`,
      `value: shippo_${'prod_'}${random(HEX, 40, 2183)}`,
      `value: ${shippo('live', 2184)}f`,
    ],
  },
  'easypost-api-key': {
    valid: [
      [`ENV EASYPOST_API_KEY=${easypost('A', 2190)}`, easypost('A', 2190), 'high'],
      [`client = easypost.EasyPostClient("${easypost('T', 2191)}")`, easypost('T', 2191), 'low'],
    ],
    invalid: [
      `blob: ${random(BASE64, 40, 2192)}+${easypost('A', 2193)}/${random(BASE64, 20, 2194)}`,
      `value: ${easypost('A', 2195).slice(0, 50)}`,
      `value: EZ${'AK'}${'X'.repeat(54)}`,
      `value: x${easypost('A', 2196)}`,
    ],
  },
  // ---------------------------------------------------------------- e-mail
  'mailgun-api-key': {
    valid: [
      [`ENV MAILGUN_API_KEY=${mailgun(2200)}`, mailgun(2200), 'medium'],
      [`requests.post(url, auth=("api", "${mailgun(2201)}"), data=msg)`, mailgun(2201), 'medium'],
      [`# Sending key is ${mailgun(2206)}.`, mailgun(2206), 'medium'],
    ],
    invalid: [
      `echo pub${mailgun(2202)}`,
      `cache: api-${mailgun(2203)}`,
      `value: ${mailgun(2204).slice(0, 30)}`,
      `value: key${'-'}${'0'.repeat(32)}`,
      `value: ${mailgun(2205)}.json`,
    ],
  },
  'mailchimp-api-key': {
    valid: [
      [`ENV MAILCHIMP_API_KEY=${mailchimp(2210)}`, mailchimp(2210), 'medium'],
      [`mailchimp.setConfig({ apiKey: "${mailchimp(2211, 'us6')}", server: "us6" });`, mailchimp(2211, 'us6'), 'medium'],
    ],
    invalid: [
      `value: ${random(HEX, 31, 2212)}-us1`,
      `value: ${random(HEX, 33, 2213)}-us1`,
      `value: ${mailchimp(2214, 'us123')}`,
      `value: ${mailchimp(2215, 'usa')}`,
      'locale en-us1 and region eu-us2',
    ],
  },
  'brevo-api-key': {
    valid: [
      [`ENV BREVO_API_KEY=${brevo('xkey' + 'sib-', 2220)}`, brevo('xkey' + 'sib-', 2220), 'high'],
      [`{"sendinblue": {"apiKey": "${brevo('xkey' + 'sib-', 2222)}"}}`, brevo('xkey' + 'sib-', 2222), 'high'],
    ],
    invalid: [
      'BREVO_API_KEY=xkeysib-your_brevo_api_key_here',
      `value: ${brevo('xkey' + 'sib-', 2224).slice(0, 70)}`,
      `value: xkey${'sib-'}${'0'.repeat(64)}-${random(BASE62, 16, 2226)}`,
    ],
  },
  'brevo-smtp-key': {
    valid: [
      [`SMTP_PASS=${brevo('xsmtp' + 'sib-', 2230)}`, brevo('xsmtp' + 'sib-', 2230), 'high'],
      [`$mail->Password = '${brevo('xsmtp' + 'sib-', 2232)}';`, brevo('xsmtp' + 'sib-', 2232), 'high'],
    ],
    invalid: [
      'BREVO_SMTP_KEY=xsmtpsib-your_brevo_smtp_key_here',
      "$mail->Password = 'xsmtpsib-...';",
      `value: ${brevo('xsmtp' + 'sib-', 2234)}X`,
    ],
  },
  // ---------------------------------------------------------------- monitoring
  'sentry-org-token': {
    valid: [
      [`ENV SENTRY_AUTH_TOKEN=${sentryOrg(2240)}`, sentryOrg(2240), 'high'],
      [`[auth]\ntoken=${sentryOrg(2242)}\n`, sentryOrg(2242), 'high'],
    ],
    invalid: [
      `value: sntry${'s_'}${random(BASE62, 90, 2244)}_${random(BASE62, 43, 2245)}`,
      `value: sntry${'s_'}${b64(JSON.stringify({ url: 'https://sentry.io', org: 'acme-inc' }))}_${random(BASE62, 43, 2246)}`,
      `value: ${sentryOrg(2247).slice(0, -1)}`,
      `value: ${sentryOrg(2248)}x`,
    ],
  },
  'sentry-user-token': {
    valid: [
      [`ENV SENTRY_AUTH_TOKEN=${sentryUser(2250)}`, sentryUser(2250), 'high'],
      [`RUN sentry-cli --auth-token ${sentryUser(2251)} releases new 1.0`, sentryUser(2251), 'high'],
    ],
    invalid: [`value: sntry${'u_'}${'a'.repeat(64)}`, `value: ${sentryUser(2252).slice(0, 70)}`, `value: ${sentryUser(2253)}0`],
  },
  'new-relic-user-api-key': {
    valid: [
      [`ENV NEW_RELIC_API_KEY=${nrak(2260)}`, nrak(2260), 'high'],
      [`provider "newrelic" {\n  api_key = "${nrak(2261)}"\n}`, nrak(2261), 'high'],
    ],
    invalid: [
      `value: NR${'AK-'}${'X'.repeat(27)}`,
      `value: NR${'AK-'}${random(LOWER_DIGITS, 27, 2262)}`,
      `value: ${nrak(2263).slice(0, 31)}`,
      `value: ${nrak(2264)}A`,
    ],
  },
  'new-relic-insert-key': {
    valid: [
      [`ENV NEW_RELIC_INSERT_KEY=${nrii(2270)}`, nrii(2270), 'medium'],
      [`curl -H "X-Insert-Key: ${nrii(2271)}" https://insights-collector.newrelic.com/v1/accounts/1/events`, nrii(2271), 'medium'],
    ],
    invalid: [`value: NR${'II-'}${'x'.repeat(32)}`, `value: ${nrii(2272).slice(0, 25)}`, `value: ${nrii(2273)}abc`],
  },
  'new-relic-license-key': {
    valid: [
      [`ENV NEW_RELIC_LICENSE_KEY=${nrLicense(2280)}`, nrLicense(2280), 'medium'],
      [`common: &default_settings\n  license_key: '${nrLicense(2281, true)}'\n`, nrLicense(2281, true), 'medium'],
    ],
    invalid: ['GENERAL NEURAL NRAL', `value: ${random(HEX, 31, 2282)}FFFFNRAL`, `value: ${nrLicense(2283)}X`, `value: ${'0'.repeat(32)}FFFFNRAL`],
  },
  'grafana-cloud-token': {
    valid: [
      [`ENV GRAFANA_CLOUD_TOKEN=${grafanaCloud(2290)}`, grafanaCloud(2290), 'high'],
      [`basic_auth:\n  username: 123456\n  password: ${grafanaCloud(2292)}\n`, grafanaCloud(2292), 'high'],
    ],
    invalid: [
      `value: gl${'c_'}${'x'.repeat(72)}`,
      `value: gl${'c_'}${b64(JSON.stringify({ o: '1', n: 'docs', k: 'your-key-goes-here' }))}`,
      `value: gl${'c_'}eyJ${random(BASE62, 80, 2294)}`,
    ],
  },
  'grafana-service-account-token': {
    valid: [
      [`ENV GRAFANA_TOKEN=${glsa(2300)}`, glsa(2300), 'high'],
      [`'Authorization': 'Bearer ${glsa(2302)}'`, glsa(2302), 'high'],
    ],
    invalid: [`value: gl${'sa_'}${'X'.repeat(32)}_AAAAAAAA`, `value: ${glsa(2304).slice(0, 40)}`, `value: ${glsa(2305)}f`],
  },
  'grafana-api-key': {
    valid: [
      [`ENV GRAFANA_API_KEY=${grafanaLegacy(2310)}`, grafanaLegacy(2310), 'high'],
      [`curl -H "Authorization: Bearer ${grafanaLegacy(2311)}" http://grafana:3000/api/dashboards/db`, grafanaLegacy(2311), 'high'],
    ],
    invalid: [
      `value: eyJr${'Ijoi'}${random(BASE62, 70, 2312)}`,
      `value: ${b64(JSON.stringify({ k: 'short', n: 'ci', id: 1 }))}`,
      `value: ${b64(JSON.stringify({ kid: 'abc', alg: 'RS256' }))}`,
    ],
  },
  'dynatrace-token': {
    valid: [
      [`ENV DT_API_TOKEN=${dynatrace(2320)}`, dynatrace(2320), 'high'],
      [`curl -H "Authorization: Api-Token ${dynatrace(2322)}" https://abc123.live.dynatrace.com/api/v2/metrics`, dynatrace(2322), 'high'],
      [`oauth:\n  client_secret: ${dynatrace(2324, 's01')}\n`, dynatrace(2324, 's01'), 'high'],
      [`# Rotated; the new token is ${dynatrace(2332)}.`, dynatrace(2332), 'high'],
    ],
    invalid: [
      `token: dt0${'c01.'}ST2EY72KQINMH574WMNVI7YN.${'G3DFPBEJYMODIDAEX454M7YWBUVEFOW'}${'KPRVMWFASS64NFH52PX6BNDVFFM572RZM'}`,
      `"id": "dt0${'c01.'}ST2EY72KQINMH574WMNVI7YN"`,
      `value: ${dynatrace(2326).slice(0, 95)}`,
      `value: ${dynatrace(2328).toLowerCase()}`,
      `value: ${dynatrace(2330)}.AGH`,
    ],
  },
  'datadog-api-key': {
    valid: [
      [`ENV DD_API_KEY=${random(HEX, 32, 2340)}`, random(HEX, 32, 2340), 'high'],
      [`RUN curl -X POST -H "DD-API-KEY: ${random(HEX, 32, 2341)}" https://api.datadoghq.com/api/v2/series`, random(HEX, 32, 2341), 'high'],
      [`datadog:\n  datadog_api_key: "${random(HEX, 32, 2342)}"\n`, random(HEX, 32, 2342), 'high'],
    ],
    invalid: [
      'ENV DD_API_KEY=${DD_API_KEY}',
      'ENV DD_API_KEY_FILE=/run/secrets/dd_api_key',
      `dd_api_key: ${'0'.repeat(32)}`,
      'RUN echo "$DD_API_KEY" > /etc/datadog-agent/key',
    ],
  },
  'datadog-app-key': {
    valid: [
      [`ENV DD_APP_KEY=${random(HEX, 40, 2350)}`, random(HEX, 40, 2350), 'high'],
      [`curl -H "DD-APPLICATION-KEY: ${random(HEX, 40, 2351)}" https://api.datadoghq.com/api/v1/validate`, random(HEX, 40, 2351), 'high'],
    ],
    invalid: ['ENV DD_APP_KEY=${DD_APP_KEY}', `dd_app_key: ${'f'.repeat(40)}`, 'DD_APPLICATION_KEY: <your-application-key>'],
  },
  // ---------------------------------------------------------------- other SaaS
  'linear-api-key': {
    valid: [
      [`ENV LINEAR_API_KEY=${linear(2400)}`, linear(2400), 'high'],
      [`const client = new LinearClient({ apiKey: "${linear(2401)}" });`, linear(2401), 'high'],
    ],
    invalid: [`value: lin_${'api_'}${'x'.repeat(40)}`, `value: ${linear(2402).slice(0, 40)}`, `value: ${linear(2403)}9`, 'value: lin_api_${LINEAR_KEY}'],
  },
  'notion-token': {
    valid: [
      [`ENV NOTION_TOKEN=${notion(2410)}`, notion(2410), 'high'],
      [`const notion = new Client({ auth: "${notionLegacy(2412)}" });`, notionLegacy(2412), 'medium'],
    ],
    invalid: [
      `value: secret_${random(LOWER_DIGITS, 43, 2413)}`,
      'config.secret_key_base = Rails.application.credentials.secret_key_base',
      `value: ntn_${'x'.repeat(46)}`,
      `value: ${notion(2414).slice(0, 45)}`,
    ],
  },
  'figma-pat': {
    valid: [
      [`ENV FIGMA_TOKEN=${figma(2420)}`, figma(2420), 'high'],
      [`curl -H "X-Figma-Token: ${figma(2421)}" https://api.figma.com/v1/me`, figma(2421), 'high'],
    ],
    invalid: ["apiToken: 'figd_your_token_here'", `value: fig${'d_'}${'x'.repeat(40)}`, `value: ${figma(2422).slice(0, 40)}`],
  },
  'postman-api-key': {
    valid: [
      [`ENV POSTMAN_API_KEY=${postman(2430)}`, postman(2430), 'high'],
      [`RUN newman run https://api.getpostman.com/collections/1?apikey=${postman(2432)}`, postman(2432), 'high'],
    ],
    invalid: [`value: PM${'AK-'}${'x'.repeat(24)}-${'x'.repeat(34)}`, `value: ${postman(2434).slice(0, 60)}`, `value: ${postman(2435).toLowerCase()}`],
  },
  'hubspot-private-app-token': {
    valid: [
      [`ENV HUBSPOT_ACCESS_TOKEN=${hubspot(2440)}`, hubspot(2440), 'high'],
      [`hubspot:\n  token: ${hubspot(2441, 'eu1')}\n`, hubspot(2441, 'eu1'), 'high'],
    ],
    invalid: [
      'value: pat-na1-00000000-0000-0000-0000-000000000000',
      `value: pat-xx1-${make.uuid(2442)}`,
      `value: ${hubspot(2443).toUpperCase()}`,
      'value: pat-na1-${HUBSPOT_TOKEN}',
    ],
  },
  'typeform-pat': {
    valid: [
      [`ENV TYPEFORM_TOKEN=${typeform(2450)}`, typeform(2450), 'high'],
      [`{"typeform": {"token": "${typeform(2452)}"}}`, typeform(2452), 'high'],
    ],
    invalid: ['TYPEFORM_TOKEN=tfp_your_token_here', `value: tf${'p_'}${'A'.repeat(59)}`, `value: ${typeform(2454).slice(0, 40)}`],
  },
  'contentful-pat': {
    valid: [
      [`ENV CONTENTFUL_MANAGEMENT_TOKEN=${contentful(2460)}`, contentful(2460), 'high'],
      [`contentful space list --management-token ${contentful(2461)}`, contentful(2461), 'high'],
    ],
    invalid: [`value: CF${'PAT-'}${'x'.repeat(43)}`, `value: ${contentful(2462).slice(0, 45)}`, `value: ${contentful(2463)}Q`],
  },
  'mapbox-secret-token': {
    valid: [
      [`ENV MAPBOX_DOWNLOADS_TOKEN=${mapbox(2470)}`, mapbox(2470), 'high'],
      [`machine api.mapbox.com\nlogin mapbox\npassword ${mapbox(2472)}\n`, mapbox(2472), 'high'],
    ],
    invalid: [
      `mapboxgl.accessToken = '${mapbox(2474, 'pk')}';`,
      `value: sk.eyJ${random(BASE64URL, 60, 2476)}.${random(BASE64URL, 22, 2477)}`,
      `value: ${mapbox(2478).slice(0, -12)}`,
    ],
  },
  'readme-api-key': {
    valid: [
      [`ENV README_API_KEY=${readme(2480)}`, readme(2480), 'high'],
      [`RUN rdme openapi ./spec.json --key=${readme(2481)}`, readme(2481), 'high'],
    ],
    invalid: [`value: rd${'me_'}${'X'.repeat(70)}`, `value: ${readme(2482).slice(0, 60)}`, `value: rd${'me_'}${'a'.repeat(70)}`],
  },
  'prefect-api-key': {
    valid: [
      [`ENV PREFECT_API_KEY=${prefect(2490)}`, prefect(2490), 'high'],
      [`RUN prefect cloud login --key ${prefect(2491)} --workspace acme/prod`, prefect(2491), 'high'],
    ],
    invalid: [`value: pn${'u_'}${'X'.repeat(36)}`, `value: ${prefect(2492).slice(0, 30)}`, `value: ${prefect(2493)}z`],
  },
  'frameio-token': {
    valid: [
      [`ENV FRAMEIO_TOKEN=${frameio(2500)}`, frameio(2500), 'high'],
      [`headers = {"Authorization": "Bearer ${frameio(2501)}"}`, frameio(2501), 'high'],
    ],
    invalid: [`value: fio-${'u-'}${'x'.repeat(64)}`, `value: ${frameio(2502).slice(0, 60)}`, `value: ${frameio(2503)}Z`],
  },
};
