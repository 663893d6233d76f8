/**
 * A chart panel as a PNG file: its SVG drawn on a canvas twice its size, over the panel's background.
 */
import { downloadBlob, fileStamp, safeFileName } from '../../shared/download';

/** The SVG as a data URL an <img> can load (namespaced, serialized). */
export function svgDataUrl(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(clone))}`;
}

/** Renders `svg` to a PNG named after `title` and downloads it. */
export function downloadChartPng(svg: SVGSVGElement, title: string, background: string): void {
  const { width, height } = svg.getBoundingClientRect();
  const image = new Image();
  image.onload = () => {
    const canvas = document.createElement('canvas');
    canvas.width = width * 2;
    canvas.height = height * 2;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.fillStyle = background || '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.scale(2, 2);
    ctx.drawImage(image, 0, 0, width, height);
    canvas.toBlob((blob) => blob && downloadBlob(`${safeFileName(title)}-${fileStamp()}.png`, blob), 'image/png');
  };
  image.src = svgDataUrl(svg);
}
