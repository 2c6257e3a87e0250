/** The bench's figures: printed as they come, then as one Markdown table the README quotes verbatim. */
export interface Figure {
  figure: string;
  measured: string;
  target: string;
  /** 'met', 'missed', 'median met, p95 missed', or '—' where there is no target. */
  verdict: string;
}

export function createReport() {
  const figures: Figure[] = [];
  return {
    add(figure: Figure): void {
      figures.push(figure);
      console.log(`${figure.figure}: ${figure.measured} [target ${figure.target}: ${figure.verdict}]`);
    },
    markdown(): string {
      const escape = (s: string) => s.replace(/\|/g, '\\|');
      const rows = figures.map((f) => `| ${escape(f.figure)} | ${escape(f.measured)} | ${escape(f.target)} | ${f.verdict} |`);
      return ['| figure | measured | target | verdict |', '| --- | --- | --- | --- |', ...rows].join('\n');
    },
  };
}

export type Report = ReturnType<typeof createReport>;
