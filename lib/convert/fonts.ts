import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export type FontStyle = 'normal' | 'bold' | 'italics' | 'bolditalics';

const FILES: Record<'sans' | 'mono', Record<FontStyle, string>> = {
  sans: { normal: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf', italics: 'DejaVuSans-Oblique.ttf', bolditalics: 'DejaVuSans-BoldOblique.ttf' },
  mono: { normal: 'DejaVuSansMono.ttf', bold: 'DejaVuSansMono-Bold.ttf', italics: 'DejaVuSansMono-Oblique.ttf', bolditalics: 'DejaVuSansMono-BoldOblique.ttf' },
};

// The npm package `dejavu-fonts-ttf` ships the fonts, so a fresh clone needs nothing from apt;
// Debian's fonts-dejavu-core is the fallback for installs that pruned node_modules.
function fontDirs(): string[] {
  const dirs: string[] = [];
  try {
    const pkg = createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json');
    if (typeof pkg === 'string') dirs.push(path.join(path.dirname(pkg), 'ttf'));
  } catch {
    // Bundled server code may not resolve packages at run time; the paths below still do.
  }
  dirs.push(path.join(process.cwd(), 'node_modules', 'dejavu-fonts-ttf', 'ttf'), '/usr/share/fonts/truetype/dejavu');
  return dirs;
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
