// What every agent's output parser returns: the value it could read, and whether the text
// followed the agent's format. Parsers never throw; a malformed text gives an empty value.

export interface Parsed<T> {
  /** What could be read from the text (empty when nothing could). */
  value: T;
  /** True when the text followed the format the agent's prompt asks for. */
  formatOk: boolean;
  /** Human-readable reasons the format was not followed (empty when formatOk). */
  problems: string[];
}
