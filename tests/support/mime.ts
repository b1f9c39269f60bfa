/** What the encrypted part of a PGP/MIME mail (RFC 3156) holds: a mail with a quoted-printable text and one attached file. */
export function mailWithFile(text: string, file: { name: string; type: string; bytes: Uint8Array }): string {
  return [
    'Content-Type: multipart/mixed; boundary="inner"',
    '',
    '--inner',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    text.replace(/=/g, '=3D').replace(/\n/g, '=0A'),
    '--inner',
    `Content-Type: ${file.type}; name="${file.name}"`,
    `Content-Disposition: attachment; filename="${file.name}"`,
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from(file.bytes).toString('base64').replace(/(.{76})/g, '$1\r\n'),
    '--inner--',
    '',
  ].join('\r\n');
}
