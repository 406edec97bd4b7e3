// Printing in the E2E tests: the real CUPS queue backed by a PDF printer
// (scripts/cups.sh) writes each job to PDF_PRINTER_OUT, where the tests read
// what was printed back with pdftotext.

import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const printerOut = process.env.PDF_PRINTER_OUT ?? '/var/spool/cups-pdf/madoguchi';
export const printer = process.env.PDF_PRINTER ?? 'Madoguchi-PDF';

/** Removes earlier files of jobs titled `title` (job titles repeat across runs). */
export function clearPrinted(title) {
  if (!existsSync(printerOut)) return;
  for (const f of readdirSync(printerOut)) if (f.endsWith(`-${title}.pdf`)) rmSync(join(printerOut, f), { force: true });
}

/**
 * Waits for cups-pdf to finish the file of a job titled `title`; returns its
 * text without white space and the file's name (job_<id>-<title>.pdf).
 */
export async function printedFile(driver, title) {
  let found = null;
  await driver.wait(async () => {
    if (!existsSync(printerOut)) return false;
    const name = readdirSync(printerOut).find((f) => f.endsWith(`-${title}.pdf`));
    if (!name) return false;
    const path = join(printerOut, name);
    // cups-pdf creates the file empty and fills it; wait until pdftotext reads it.
    if (statSync(path).size === 0) return false;
    try {
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
      if (text.length === 0) return false;
      found = { text: text.replace(/\s+/g, ''), name };
      return true;
    } catch {
      return false;
    }
  }, 30000, `no printed PDF for ${title} in ${printerOut}`);
  return found;
}

/** The printed text of the job titled `title`, without white space. */
export async function printedText(driver, title) {
  return (await printedFile(driver, title)).text;
}

/** How many dark pixels a canvas has drawn (a preview that is not blank). */
export const inked = (driver, selector) => driver.executeScript(`
  const c = document.querySelector(${JSON.stringify(selector)});
  if (!c || c.width === 0) return 0;
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let dark = 0;
  for (let i = 0; i < d.length; i += 16) if (d[i] < 128) dark++;
  return dark;`);
