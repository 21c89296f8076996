// Exit codes, as the design fixes them (README "Exit codes" and every command's --help).
export const EXIT_OK = 0;
/** Problems found: lint errors, stale output, failed tests. */
export const EXIT_PROBLEMS = 1;
/** Usage, config or environment error (permissions, disk full, a missing tool). */
export const EXIT_USAGE = 2;
/** Internal error: a bug in memgen, printed with where to report it. */
export const EXIT_INTERNAL = 3;

export const EXIT_CODES = new Set([EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERNAL]);

export const EXIT_HELP = 'Exit codes: 0 ok, 1 problems found, 2 usage, config or environment error, 3 internal error (a bug).';
