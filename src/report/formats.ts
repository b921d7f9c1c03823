// Kept free of imports: the CLI reads this list to build --help, which must not load any reporter.

/** Formats offered on the command line; sarif and github arrive with their reporters. */
export const REPORT_FORMATS = ['stylish', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
