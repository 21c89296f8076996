// The yaml library, loaded on first use: most rule files are read by the fast block reader, and loading
// yaml's two dozen modules would otherwise be a large share of a small `memgen lint`'s start-up.
import { createRequire } from 'node:module';

type YamlLib = typeof import('yaml');

const require = createRequire(import.meta.url);
let lib: YamlLib | undefined;

export function yamlLib(): YamlLib {
  return (lib ??= require('yaml') as YamlLib);
}
