import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ERROR_CATALOGUE, ERROR_CATALOGUE_SECTIONS, type CatalogueEntry } from './catalogue';

const DOC_PATH = path.resolve(__dirname, '../../../../docs/errors.md');
const CODE_FORMAT = /^[A-Z_]+(\.[A-Z_]+)*$/;

interface DocumentedCode {
  readonly code: string;
  readonly httpStatus: number;
  readonly meaning: string;
  readonly section: string;
  readonly line: number;
}

/**
 * Reads every table row under a `## <Section>` heading. A row that is neither the header, the
 * separator nor "| `CODE` | status | meaning |" is an error: a typo must not hide a code.
 */
function parseErrorsDoc(markdown: string): {
  codes: DocumentedCode[];
  sections: string[];
  malformed: string[];
} {
  const codes: DocumentedCode[] = [];
  const sections: string[] = [];
  const malformed: string[] = [];
  let section: string | null = null;
  markdown.split('\n').forEach((text, index) => {
    const line = index + 1;
    const heading = /^##\s+(.+?)\s*$/.exec(text);
    if (heading) {
      section = heading[1];
      sections.push(section);
      return;
    }
    if (!text.trimStart().startsWith('|')) return;
    if (/^\|\s*code\s*\|/i.test(text) || /^\|[\s|:-]+\|$/.test(text.trim())) return;
    const row = /^\|\s*`([^`]+)`\s*\|\s*(\d{3})\s*\|\s*(.+?)\s*\|\s*$/.exec(text);
    if (!row || section === null) {
      malformed.push(`line ${line}: ${text}`);
      return;
    }
    codes.push({ code: row[1], httpStatus: Number(row[2]), meaning: row[3], section, line });
  });
  return { codes, sections, malformed };
}

const sectionEntries = Object.entries(ERROR_CATALOGUE_SECTIONS) as [string, Record<string, CatalogueEntry>][];
const catalogueCodes = sectionEntries.flatMap(([, codes]) => Object.keys(codes));

describe('error catalogue and docs/errors.md', () => {
  const doc = parseErrorsDoc(readFileSync(DOC_PATH, 'utf8'));
  const documented = new Map(doc.codes.map((entry) => [entry.code, entry]));

  it('has only well-formed table rows', () => {
    expect(doc.malformed).toEqual([]);
  });

  it('documents each code once', () => {
    const duplicates = doc.codes.filter(
      (entry, index) => doc.codes.findIndex((e) => e.code === entry.code) !== index,
    );
    expect(duplicates.map((entry) => `${entry.code} (line ${entry.line})`)).toEqual([]);
  });

  it('defines each code in one section only (a spread would silently keep the last)', () => {
    const duplicates = catalogueCodes.filter((code, index) => catalogueCodes.indexOf(code) !== index);
    expect(duplicates).toEqual([]);
    expect(Object.keys(ERROR_CATALOGUE).sort()).toEqual([...catalogueCodes].sort());
  });

  it('documents exactly the catalogue codes', () => {
    const missingFromDoc = catalogueCodes.filter((code) => !documented.has(code));
    const missingFromCatalogue = doc.codes
      .map((entry) => entry.code)
      .filter((code) => !(code in ERROR_CATALOGUE));
    expect({ missingFromDoc, missingFromCatalogue }).toEqual({
      missingFromDoc: [],
      missingFromCatalogue: [],
    });
  });

  it('gives each code the same HTTP status in both', () => {
    const mismatches = Object.entries(ERROR_CATALOGUE as Record<string, CatalogueEntry>)
      .filter(
        ([code, entry]) => documented.has(code) && documented.get(code)?.httpStatus !== entry.httpStatus,
      )
      .map(
        ([code, entry]) => `${code}: catalogue ${entry.httpStatus}, docs ${documented.get(code)?.httpStatus}`,
      );
    expect(mismatches).toEqual([]);
  });

  it('has one doc section per catalogue section, in the same order', () => {
    expect(doc.sections).toEqual(sectionEntries.map(([section]) => section));
  });

  it.each(sectionEntries)('lists the %s codes under their own heading', (section, codes) => {
    const underHeading = doc.codes.filter((entry) => entry.section === section).map((entry) => entry.code);
    expect(underHeading.sort()).toEqual(Object.keys(codes).sort());
  });

  it('uses dotted upper-case codes', () => {
    expect(catalogueCodes.filter((code) => !CODE_FORMAT.test(code))).toEqual([]);
  });

  it('gives every code an error status, a default message and a documented meaning', () => {
    const incomplete = sectionEntries.flatMap(([, codes]) =>
      Object.entries(codes)
        .filter(
          ([code, entry]) =>
            entry.httpStatus < 400 ||
            entry.httpStatus > 599 ||
            entry.message.trim() === '' ||
            (documented.get(code)?.meaning ?? '').length < 10,
        )
        .map(([code]) => code),
    );
    expect(incomplete).toEqual([]);
  });
});
