import QRCode from "qrcode";

/** The address as an SVG QR code, made on the server so the dashboard ships no QR library. */
export function depositQrSvg(address: string): Promise<string> {
  return QRCode.toString(address, { type: "svg", errorCorrectionLevel: "M", margin: 1, color: { dark: "#0f172a", light: "#ffffff" } });
}
