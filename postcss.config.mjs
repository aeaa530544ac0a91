// Handsontable's stylesheet wraps 90 selectors in :is(A, B, …). Chromium cannot sort such a rule
// by its last part or skip it by its ancestors, so it tried all of them on every element of the
// grid, on every scrolled frame; written out as plain selector lists they cost a third less
// style work (see docs/performance.md).
export default {
  plugins: {
    '@csstools/postcss-is-pseudo-class': {},
  },
};
