// The JSON Schema of `.drydock.yaml`, checked by ajv 8. Every object but a rule's `options` is closed
// with `additionalProperties: false`, so a misspelled key is an error, not a silently ignored line.
// Rule ids are open keys here; config.ts checks them against the rule registry, which the schema
// cannot know.

export const RULE_SEVERITIES = ['error', 'warning', 'note'] as const;
/** What a rule may be set to in the short form: a severity, or `off`. */
export const RULE_LEVELS = ['off', ...RULE_SEVERITIES] as const;

/** The schema path of the error for a rule value that is neither a string nor a mapping. */
export const RULE_VALUE_TYPE_PATH = '#/$defs/ruleValue/else/type';

export const CONFIG_SCHEMA = {
  $defs: {
    // `root-user: off` or `root-user: { severity, enabled, options }`. if/then/else rather than
    // oneOf, so a bad value yields the error of the form it was meant to be, not of both.
    ruleValue: {
      if: { type: 'string' },
      then: { enum: [...RULE_LEVELS] },
      else: {
        type: 'object',
        properties: {
          severity: { type: 'string', enum: [...RULE_SEVERITIES] },
          enabled: { type: 'boolean' },
          options: { type: 'object' },
        },
        additionalProperties: false,
      },
    },
    rules: { type: 'object', additionalProperties: { $ref: '#/$defs/ruleValue' } },
  },
  type: 'object',
  properties: {
    rules: { $ref: '#/$defs/rules' },
    overrides: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          files: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 },
          rules: { $ref: '#/$defs/rules' },
        },
        required: ['files', 'rules'],
        additionalProperties: false,
      },
    },
    ignore: { type: 'array', items: { type: 'string', minLength: 1 } },
    trustedRegistries: { type: 'array', items: { type: 'string', minLength: 1 } },
    // What `drydock scan` reads of file contents for secrets.
    secrets: {
      type: 'object',
      properties: {
        maxFileSize: { anyOf: [{ type: 'integer', minimum: 0 }, { type: 'string', minLength: 1 }] },
        skipPaths: { type: 'array', items: { type: 'string', minLength: 1 } },
        defaultSkips: { type: 'boolean' },
        minConfidence: { type: 'string', enum: ['low', 'medium', 'high'] },
      },
      additionalProperties: false,
    },
  },
  additionalProperties: false,
} as const;

/** How config.ts runs ajv: every error (the one nearest the top is reported), no start-up extras. */
export const CONFIG_AJV_OPTIONS = {
  allErrors: true,
  strict: true,
  validateSchema: false,
  code: { optimize: false },
} as const;

/** The shape a valid config has once the schema accepts it. */
export interface RawRuleLongForm {
  severity?: (typeof RULE_SEVERITIES)[number];
  enabled?: boolean;
  options?: Record<string, unknown>;
}
export type RawRuleValue = (typeof RULE_LEVELS)[number] | RawRuleLongForm;
export interface RawConfig {
  rules?: Record<string, RawRuleValue>;
  overrides?: Array<{ files: string[]; rules: Record<string, RawRuleValue> }>;
  ignore?: string[];
  trustedRegistries?: string[];
  secrets?: {
    maxFileSize?: number | string;
    skipPaths?: string[];
    defaultSkips?: boolean;
    minConfidence?: 'low' | 'medium' | 'high';
  };
}
