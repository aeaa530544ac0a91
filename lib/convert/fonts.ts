import { existsSync } from 'node:fs';
import path from 'node:path';

export type FontStyle = 'normal' | 'bold' | 'italics' | 'bolditalics';

const FILES: Record<'sans' | 'mono', Record<FontStyle, string>> = {
  sans: { normal: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf', italics: 'DejaVuSans-Oblique.ttf', bolditalics: 'DejaVuSans-BoldOblique.ttf' },
  mono: { normal: 'DejaVuSansMono.ttf', bold: 'DejaVuSansMono-Bold.ttf', italics: 'DejaVuSansMono-Oblique.ttf', bolditalics: 'DejaVuSansMono-BoldOblique.ttf' },
};

// The npm package `dejavu-fonts-ttf` ships the fonts, so a fresh clone needs nothing from apt;
// Debian's fonts-dejavu-core is the fallback. The package is found from the working directory
// (the server runs from the project root), not through module resolution, which bundled route
// code cannot do at run time.
function fontDirs(): string[] {
  return [path.join(process.cwd(), 'node_modules', 'dejavu-fonts-ttf', 'ttf'), '/usr/share/fonts/truetype/dejavu'];
}

/** Paths of the DejaVu font files (Latin, Greek, Cyrillic and the ☐/☑ boxes). A missing style falls back to regular. */
export function dejaVu(family: 'sans' | 'mono'): Record<FontStyle, string> {
  const dirs = fontDirs();
  const find = (file: string) => dirs.map((d) => path.join(d, file)).find((p) => existsSync(p));
  const normal = find(FILES[family].normal);
  if (!normal) throw new Error(`Font ${FILES[family].normal} not found (install the npm package dejavu-fonts-ttf)`);
  const pick = (style: FontStyle) => find(FILES[family][style]) ?? normal;
  return { normal, bold: pick('bold'), italics: pick('italics'), bolditalics: pick('bolditalics') };
}
