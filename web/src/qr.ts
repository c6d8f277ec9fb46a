import jsQR from 'jsqr';

/** Large photos are scaled down first: jsQR's time grows with the pixel count, and a QR seal needs far fewer. */
const MAX_SIDE = 1600;

/** The text of the first QR code found in the canvas's pixels, or null. */
export function decodeCanvas(canvas: HTMLCanvasElement, { thorough = false } = {}): string | null {
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context || canvas.width === 0 || canvas.height === 0) return null;
  const image = context.getImageData(0, 0, canvas.width, canvas.height);
  const found = jsQR(image.data, image.width, image.height, { inversionAttempts: thorough ? 'attemptBoth' : 'dontInvert' });
  return found?.data ? found.data : null;
}

/** Reads a QR code from an image file (photo or scan) by drawing it on a canvas. */
export async function decodeImageFile(file: Blob): Promise<string | null> {
  // createImageBitmap needs no object URL, so the page's content security policy is not involved
  const bitmap = await createImageBitmap(file);
  try {
    const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    canvas.getContext('2d', { willReadFrequently: true })?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    return decodeCanvas(canvas, { thorough: true });
  } finally {
    bitmap.close();
  }
}

/** The base64 of a file's bytes (evidence attached to a report). */
export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}
