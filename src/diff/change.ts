// One changed field, as the diff prints it: `field: before -> after`.
export interface Change {
  field: string;
  before?: string;
  after?: string;
}
