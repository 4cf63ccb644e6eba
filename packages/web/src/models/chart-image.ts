/** Hands a file to the browser's downloads. */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The chart drawn on a white canvas at `scale` times its size, with its size in CSS pixels. */
async function drawSvg(svg: string, scale: number) {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.naturalWidth * scale;
    canvas.height = image.naturalHeight * scale;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no canvas');
    context.fillStyle = '#fff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.scale(scale, scale);
    context.drawImage(image, 0, 0);
    const png = await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('no PNG'))), 'image/png'),
    );
    return { png, width: image.naturalWidth, height: image.naturalHeight };
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** The chart as a PNG at twice its size (sharp on high-resolution screens and in slides). */
export async function svgToPng(svg: string): Promise<Blob> {
  return (await drawSvg(svg, 2)).png;
}

/** The chart as PNG bytes at twice its size, with its size in CSS pixels (for a Word document). */
export async function svgToPngImage(
  svg: string,
): Promise<{ png: Uint8Array; width: number; height: number }> {
  const drawn = await drawSvg(svg, 2);
  return {
    png: new Uint8Array(await drawn.png.arrayBuffer()),
    width: drawn.width,
    height: drawn.height,
  };
}
