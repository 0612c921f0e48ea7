// Types of check-layers.mjs for its test.
export function valueImports(text: string): string[];
export function folderEdges(srcDir: string): Map<string, string[]>;
export function layerViolations(edges: Map<string, string[]>): string[];
export function folderCycles(edges: Map<string, string[]>): string[][];
