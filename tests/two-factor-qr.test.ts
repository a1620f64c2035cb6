import jsQR from 'jsqr';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { QrCode } from '@/components/auth/qr-code';

// The enrolment page's QR code, read back the way a phone's camera does: the SVG's squares are painted
// into pixels and decoded by a QR reader, which must find exactly the otpauth:// link.

function pixels(svg: string, scale = 4) {
  const side = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)?.[1]);
  const width = side * scale;
  const data = new Uint8ClampedArray(width * width * 4).fill(255);
  for (const [, x, y] of svg.matchAll(/M(\d+) (\d+)h1v1h-1z/g)) {
    for (let dy = 0; dy < scale; dy++) {
      for (let dx = 0; dx < scale; dx++) {
        const at = ((Number(y) * scale + dy) * width + Number(x) * scale + dx) * 4;
        data.fill(0, at, at + 3);
      }
    }
  }
  return { data, width };
}

describe('QrCode', () => {
  it('encodes the otpauth link so that a QR reader finds it', () => {
    const uri = 'otpauth://totp/mailpanel:admin%40demo.test?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=mailpanel&digits=6&period=30';
    const svg = renderToStaticMarkup(createElement(QrCode, { text: uri, label: 'QR code' }));
    expect(svg).not.toMatch(/<script|javascript:|href=/);
    const { data, width } = pixels(svg);
    expect(jsQR(data, width, width)?.data).toBe(uri);
  });
});
