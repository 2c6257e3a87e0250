type Area = { setAccessLevel?: (options: { accessLevel: 'TRUSTED_CONTEXTS' }) => Promise<void> };

/**
 * Chrome lets content scripts read `storage.local` unless told otherwise, so a compromised renderer
 * of any page KeyDeck's content script runs on could read the vault. Only extension pages and the
 * worker may read it (and `storage.session`, Chrome's default there, made explicit). Firefox has no
 * such switch (`setAccessLevel` is absent): there the content script's world can still read it.
 */
export async function keepStorageFromContentScripts(storage: { local: unknown; session: unknown }): Promise<void> {
  for (const area of [storage.local, storage.session] as Area[])
    await area.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' });
}
