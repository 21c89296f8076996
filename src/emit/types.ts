/** One file to write, still as data: the serialiser turns it into bytes. */
export interface OutputDocument {
  /** Path under the output folder, with forward slashes. */
  path: string;
  /** 'text' data is the file's content as a string, written as is (e.g. Markdown runbooks). */
  format: 'yaml' | 'json' | 'text';
  /** A YAML file with several documents passes an array with `multiDocument`. */
  data: unknown;
  multiDocument?: boolean;
}
