/**
 * Offers text as a download from an extension page: a blob URL on an `<a download>`, no `downloads`
 * permission needed. The URL is revoked a minute later, not at once: Firefox reads the blob after
 * the click has returned.
 */
export function saveTextFile(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
