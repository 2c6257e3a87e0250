import { boundedCredential, type Credential } from '../shared/credential';
import type { StoredEntry } from '../storage/items';

/** The entry with a patch's readable fields (bounded) in place; its id and sealed secrets stay. */
export const withFields = (entry: StoredEntry, patch: Partial<Omit<Credential, 'id'>>): StoredEntry => ({ ...entry, ...boundedFields({ ...patch }), id: entry.id });

/** Readable fields of a patch, bounded like a whole entry (an empty `secrets` stands in for the sealed ones). */
function boundedFields(patch: Partial<Omit<Credential, 'id'>>): Partial<Omit<Credential, 'id' | 'secrets'>> {
  const { secrets: _none, ...fields } = patch;
  const probe = boundedCredential({ id: 'x', provider: 'x', serviceUrl: 'x', app: 'x', source: 'manual', createdAt: 0, secrets: {}, ...fields });
  return Object.fromEntries(Object.keys(fields).map((key) => [key, probe[key as keyof typeof probe]]));
}
