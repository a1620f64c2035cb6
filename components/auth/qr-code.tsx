import QRCode from 'qrcode';

/**
 * The otpauth:// link as a QR code for an authenticator app's camera, drawn as one SVG path on the server
 * (no script, no image URL: nothing the page's Content-Security-Policy has to allow).
 */
export function QrCode({ text, label }: { text: string; label: string }) {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const size = modules.size;
  let path = '';
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) if (modules.get(row, col)) path += `M${col + 4} ${row + 4}h1v1h-1z`;
  }
  const side = size + 8; // the quiet zone a scanner needs: four modules on each side
  return (
    <svg
      role="img"
      aria-label={label}
      viewBox={`0 0 ${side} ${side}`}
      width={side * 5}
      height={side * 5}
      shapeRendering="crispEdges"
      className="rounded border border-slate-200 bg-white"
      data-testid="totp-qr"
    >
      <rect width={side} height={side} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
