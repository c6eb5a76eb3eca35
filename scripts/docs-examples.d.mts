// Types for docs-examples.mjs (plain JavaScript so the generator runs without a build of its own).
export interface DocExample {
  file: string;
  /** 1-based line of the marker. */
  line: number;
  command: string;
  serve: string | undefined;
  ports: boolean;
  /** serve: on a free port, stopped by SIGINT once listening. */
  interrupt: boolean;
  /** Loopback ports of KMS stand-ins started for the example. */
  standins: number[];
  start: number;
  end: number;
  /** The fenced block's current content. */
  body: string;
}
export const ROOT: string;
export const DOC_SERVER: string;
export function docFiles(root?: string): string[];
export function findExamples(file: string, text: string): DocExample[];
export function splitWords(command: string): string[];
export function normaliseOutput(text: string, options?: { server?: string; ports?: boolean }): string;
export function exampleBody(command: string, result: { stdout: string; stderr: string; status: number | null }, normalise: (text: string) => string): string;
export function runExamples(examples: readonly DocExample[]): Promise<Map<DocExample, string>>;
export function withBodies(text: string, examples: readonly DocExample[], bodies: Map<DocExample, string>): string;
export function allExamples(root?: string): DocExample[];
