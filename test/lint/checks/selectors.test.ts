import { invalidRegex } from '../../../src/lint/checks/selectors/invalid-regex.js';
import { redundantRegex } from '../../../src/lint/checks/selectors/redundant-regex.js';
import { regexInEquality } from '../../../src/lint/checks/selectors/regex-in-equality.js';
import { ruleTester } from '../../helpers/rule-tester.js';

ruleTester(invalidRegex, {
  valid: [
    { expr: 'up{job=~"api|web"} == 0' },
    { expr: 'up{instance=~"(?i)API-.*"} == 0', name: 'RE2 inline flags (JS has none)' },
    { expr: 'up{instance=~"(?P<host>[^:]+):\\\\d+"} == 0', name: 'RE2 named groups' },
    { expr: 'up{instance=~"[[:alpha:]]+"} == 0', name: 'POSIX classes' },
    { expr: 'label_replace(up, "host", "$1", "instance", "(.*):.*") == 0' },
  ],
  invalid: [
    { expr: 'up{job=~"(?!test).*"} == 0', errors: [{ column: 9, endColumn: 21, message: /lookahead.*not supported by Go RE2/ }] },
    { expr: 'up{job=~"(a)\\\\1"} == 0', errors: [{ column: 9, message: /backreferences/ }] },
    { expr: 'up{job=~"api("} == 0', errors: [{ column: 9, message: /invalid regex/ }] },
    { expr: 'up{job!~"\\\\q"} == 0', errors: [{ column: 9, message: /invalid escape sequence \\q/ }] },
    { expr: 'label_replace(up, "host", "$1", "instance", "(.*") == 0', errors: [{ column: 45, message: /label_replace/ }] },
  ],
});

ruleTester(regexInEquality, {
  valid: [{ expr: 'x{le="+Inf"} > 0' }, { expr: 'x{path="/api/v1"} > 0' }, { expr: 'x{path=~"/api/.*"} > 0' }],
  invalid: [
    { expr: 'x{path="/api/.*"} > 0', errors: [{ column: 3, endColumn: 17, message: /use =~/ }] },
    { expr: 'x{job!="api|web"} > 0', errors: [{ column: 3, message: /use !~/ }] },
  ],
});

ruleTester(redundantRegex, {
  valid: [{ expr: 'x{job=~".+"} > 0' }, { expr: 'x{job=~"a.*"} > 0' }, { expr: 'x{job=~".*a"} > 0' }, { expr: 'x{job=~"(.*)a"} > 0' }],
  invalid: [
    { expr: 'x{job=~".*", code="500"} > 0', errors: [{ column: 3, endColumn: 12, message: /matches every series/ }] },
    { expr: 'x{job=~"(?s).*"} > 0', name: 'an RE2 flag group', errors: [{ column: 3 }] },
    { expr: 'x{job=~".*|api"} > 0', name: 'an alternation with .*', errors: [{ column: 3 }] },
  ],
});
