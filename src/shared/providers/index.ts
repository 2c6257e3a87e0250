import { cocalc } from './cocalc';
import { conduce } from './conduce';
import { octoeverywhere } from './octoeverywhere';
import { octoprint } from './octoprint';
import type { ProviderInfo } from './types';

export type { ProviderInfo } from './types';

export const PROVIDERS: readonly ProviderInfo[] = [octoprint, octoeverywhere, cocalc, conduce];

export function findProvider(id: string): ProviderInfo | undefined {
  return PROVIDERS.find((p) => p.id === id);
}

export function providerLabel(id: string): string {
  return findProvider(id)?.label ?? id;
}
