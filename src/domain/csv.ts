/**
 * RFC 4180 CSV: quoted fields, doubled quotes, commas and newlines inside quotes. Every value
 * stays a string: Namibia's code `NA` must never become a missing value.
 */
export function parseCsv(text: string): Record<string, string>[] {
  const [header, ...body] = csvRecords(text)
    .map((record) => record.values)
    .filter((values) => values.length > 1 || values[0] !== '');
  if (!header) return [];
  return body.map((values) => Object.fromEntries(header.map((name, index) => [name, values[index] ?? ''])));
}

/**
 * The records of an RFC 4180 text, each with the 1-based line it starts on (a newline inside
 * quotes stays in its field and moves the line count on), so a refusal can name the line a
 * person sees in an editor. Blank lines come back as a record with one empty value.
 */
export function csvRecords(text: string): { line: number; values: string[] }[] {
  const records: { line: number; values: string[] }[] = [];
  const input = text.replace(/^\uFEFF/, '');
  let line = 1;
  let recordLine = 1;
  let field = '';
  let values: string[] = [];
  let quoted = false;
  const endRecord = () => {
    values.push(field);
    records.push({ line: recordLine, values });
    values = [];
    field = '';
  };
  for (let i = 0; i < input.length; i++) {
    const ch = input[i];
    if (quoted) {
      if (ch === '"' && input[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      values.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && input[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      field += ch;
    }
  }
  if (field !== '' || values.length > 0) endRecord();
  return records;
}
