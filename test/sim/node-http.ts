// Plumbing every simulator's Node server shares: reading a bounded body, flattening headers, and
// the fault switch tests flip (faults are test controls, not any real server's behaviour).
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

export type SimFault =
  | { kind: 'slow'; ms: number }
  | { kind: 'status500' }
  | { kind: 'drop' }
  | { kind: 'invalidJson' };

/** The fault in force, for requests whose path starts with `prefix`. */
export interface FaultState {
  fault: SimFault | null;
  prefix: string;
}

/** Reads a body, keeping chunks only up to about `limit` bytes; `tooLarge` when it was longer. */
export function readBody(req: IncomingMessage, limit: number): Promise<{ body: Buffer; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (size <= limit) chunks.push(chunk);
      size += chunk.length;
    });
    req.on('end', () => resolve({ body: Buffer.concat(chunks), tooLarge: size > limit }));
    req.on('error', reject);
  });
}

/** Lower-case header names (as Node gives them), repeated headers joined with ', '. */
export function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}
