// A self-signed certificate for a loopback HTTPS simulator, made at test set-up: node-forge (a
// devDependency) signs it, Node makes the key. No openssl binary needed (a fresh Debian may lack one).
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

export interface SelfSigned {
  /** PEM, for https.createServer({ key, cert }). */
  key: string;
  cert: string;
  /** SHA-256 of the certificate (DER), colon-separated hex, as browsers show it. */
  fingerprint: string;
}

/** A certificate for 127.0.0.1 and localhost, valid from a day ago for `days`, signed by its own key. */
export function selfSignedCertificate({ commonName = '127.0.0.1', days = 7 } = {}): SelfSigned {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  cert.serialNumber = `01${randomBytes(15).toString('hex')}`; // positive, unique per run
  cert.validity.notBefore = new Date(Date.now() - 24 * 3600_000);
  cert.validity.notAfter = new Date(Date.now() + days * 24 * 3600_000);
  const subject = [{ name: 'commonName', value: commonName }, { name: 'organizationName', value: 'KeyDeck test printer' }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(keyPem), forge.md.sha256.create());
  const der = forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes();
  const digest = forge.md.sha256.create().update(der).digest().toHex().toUpperCase();
  return { key: keyPem, cert: forge.pki.certificateToPem(cert), fingerprint: digest.match(/../g)!.join(':') };
}
