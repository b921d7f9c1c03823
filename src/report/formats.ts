// Kept free of imports: the CLI reads this list to build --help, which must not load any reporter.

/** Formats offered on the command line; github arrives with its reporter. */
export const REPORT_FORMATS = ['stylish', 'json', 'sarif'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
