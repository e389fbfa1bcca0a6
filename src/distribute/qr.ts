/**
 * A QR code of the packet's address as SVG markup, with the maintained `qrcode` library: dark
 * modules on white (scanners want that contrast even in dark mode), a quiet zone of four modules
 * as the standard asks, and a label for screen readers. Same URL, same markup.
 */
import QRCode from "qrcode";
import { xmlText } from "./opds.js";

export interface QrOptions {
  url: string;
  /** Accessible name (default "QR code for URL"). */
  label?: string;
}

export async function qrSvg({ url, label }: QrOptions): Promise<string> {
  const svg = await QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 4, color: { dark: "#000000", light: "#ffffff" } });
  const name = xmlText(label ?? `QR code for ${url}`);
  // role and name on the root element; qrcode writes no title of its own.
  return svg.replace(/^<svg /, `<svg role="img" aria-label="${name}" `).trim();
}
