// Exit codes, as the design fixes them.
export const EXIT_OK = 0;
/** Problems found: lint errors, stale output, failed tests. */
export const EXIT_PROBLEMS = 1;
/** Usage or config error. */
export const EXIT_USAGE = 2;
