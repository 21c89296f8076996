// The request counter option of the node, go and jvm presets: with it they add MemoryPressureErrors.
import { objectOf, str, type JsonSchema } from '../src/config/schema.js';
import type { RequestMetricsConfig } from '../src/dsl/types.js';

export const requestsSchema: JsonSchema = objectOf<RequestMetricsConfig>(
  {
    metric: { type: 'string', pattern: '^[a-zA-Z_:][a-zA-Z0-9_:]*$', description: 'Counter of handled requests' },
    statusLabel: { type: 'string', pattern: '^[a-zA-Z_][a-zA-Z0-9_]*$', description: 'Label holding the response status' },
    errorStatus: str('Regex of error statuses'),
  },
  [],
  'A request counter with a status label; adds MemoryPressureErrors',
);
