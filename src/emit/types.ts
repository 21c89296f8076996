/** One file to write, still as data: the serialiser turns it into bytes. */
export interface OutputDocument {
  /** Path under the output folder, with forward slashes. */
  path: string;
  format: 'yaml' | 'json';
  /** A YAML file with several documents passes an array with `multiDocument`. */
  data: unknown;
  multiDocument?: boolean;
}
