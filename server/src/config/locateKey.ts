/** Finds the 0-based line of a `[tool.ml-hygiene]` key in a pyproject.toml, for diagnostics. */
export function locateKey(text: string, key: string | undefined): number {
  const lines = text.split(/\r?\n/);
  const header = /^\s*\[\s*tool\s*\.\s*(?:"ml-hygiene"|'ml-hygiene'|ml-hygiene)\s*(?:\.\s*(?:"([^"]+)"|([\w-]+)))?\s*\]/;
  let section = -1;
  let inTable = false;
  for (let i = 0; i < lines.length; i++) {
    const h = header.exec(lines[i]);
    if (h) {
      const sub = h[1] ?? h[2];
      if (section === -1) section = i;
      if (sub && sub === key) return i;
      inTable = !sub;
      continue;
    }
    if (/^\s*\[/.test(lines[i])) {
      inTable = false;
      continue;
    }
    if (inTable && key && new RegExp(`^\\s*["']?${key.replace(/[-]/g, '\\-')}["']?\\s*=`).test(lines[i])) return i;
  }
  return Math.max(section, 0);
}
