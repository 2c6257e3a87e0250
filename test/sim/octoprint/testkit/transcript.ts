// Parser for test/fixtures/octoprint/octoprint-1.11.8-transcript.md: "## Run X"
// sections of "### title  (t=…s)" steps, each with a ```http request block and a
// ```http response block (status line, headers, blank line, body).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const TRANSCRIPT_PATH = resolve('test/fixtures/octoprint/octoprint-1.11.8-transcript.md');

export interface TxRequest {
  method: string;
  path: string;
  headers: Array<[string, string]>;
  body: string;
}

export interface TxResponse {
  status: number | null;
  headers: Array<[string, string]>;
  body: string;
  /** The recorder cut the body short ("... [truncated here"). */
  truncated: boolean;
}

export interface TxStep {
  run: string;
  title: string;
  /** Seconds since the run's driver started. */
  t: number;
  request: TxRequest;
  response: TxResponse;
}

function splitHead(block: string): { head: string[]; body: string } {
  const lines = block.split('\n');
  const blank = lines.findIndex((l) => l.trim() === '');
  if (blank < 0) return { head: lines, body: '' };
  return { head: lines.slice(0, blank), body: lines.slice(blank + 1).join('\n') };
}

function parseHeaders(lines: string[]): Array<[string, string]> {
  return lines.map((l) => {
    const i = l.indexOf(':');
    return [l.slice(0, i).trim(), l.slice(i + 1).trim()] as [string, string];
  });
}

function parseRequest(block: string): TxRequest {
  const { head, body } = splitHead(block);
  const [method = 'GET', path = '/'] = (head[0] ?? '').split(' ');
  return { method, path, headers: parseHeaders(head.slice(1)), body: body.trim() };
}

function parseResponse(block: string): TxResponse {
  const { head, body } = splitHead(block);
  const m = /^HTTP\/1\.1 (\d{3})/.exec(head[0] ?? '');
  const truncated = body.includes('[truncated here');
  return { status: m ? Number(m[1]) : null, headers: m ? parseHeaders(head.slice(1)) : [], body: body.trim(), truncated };
}

export function parseTranscript(text: string = readFileSync(TRANSCRIPT_PATH, 'utf8')): TxStep[] {
  const steps: TxStep[] = [];
  let run = '';
  const sections = text.split(/^(?=## Run |### )/m);
  for (const section of sections) {
    const runMatch = /^## Run (\w+)/.exec(section);
    if (runMatch) {
      run = runMatch[1] ?? '';
      continue;
    }
    const titleMatch = /^### (.*?)\s+\(t=([\d.]+)s\)/.exec(section);
    if (!titleMatch) continue;
    const blocks = [...section.matchAll(/```http\n([\s\S]*?)\n```/g)].map((b) => b[1] ?? '');
    if (blocks.length < 2) continue;
    steps.push({
      run, title: titleMatch[1] ?? '', t: Number(titleMatch[2]),
      request: parseRequest(blocks[0] ?? ''), response: parseResponse(blocks[1] ?? ''),
    });
  }
  return steps;
}

export function txHeader(headers: Array<[string, string]>, name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find(([k]) => k.toLowerCase() === lower)?.[1];
}
