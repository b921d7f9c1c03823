// Kept free of imports: the CLI reads this list to build --help, which must not load any reporter.

/** Formats offered on the command line. */
export const REPORT_FORMATS = ['stylish', 'json', 'sarif', 'github', 'codequality'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
