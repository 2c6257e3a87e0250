/** What `farm.export` answers: a file for a farm manager, and what the user should know before saving it. */
export const EXPORT_FORMATS = ['octofarm', 'fdm-monster-yaml'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportNote {
  credentialId: string;
  message: string;
}

export interface ExportFile {
  filename: string;
  text: string;
  /** How many keys the file holds in clear text. */
  secrets: number;
  notes: ExportNote[];
}
