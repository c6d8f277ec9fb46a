type Rows = Record<string, unknown>[];

/**
 * The downloadable tables of a participant's statistics (`?table=` names) and the JSON rows each
 * must hold, written out here independently of the server's own table list.
 */
export function participantTables(statistics: {
  production: Rows;
  exports: { totals: Rows; byPartner: Rows; byHsCode: Rows };
  imports: { totals: Rows; byPartner: Rows; byHsCode: Rows; received: Rows };
  rankings: Rows;
}): Record<string, Rows> {
  return {
    production: statistics.production,
    exports_totals: statistics.exports.totals,
    exports_by_partner: statistics.exports.byPartner,
    exports_by_hs_code: statistics.exports.byHsCode,
    imports_totals: statistics.imports.totals,
    imports_by_partner: statistics.imports.byPartner,
    imports_by_hs_code: statistics.imports.byHsCode,
    imports_received: statistics.imports.received,
    rankings: statistics.rankings,
  };
}
