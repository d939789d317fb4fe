import { neutraliseFormula } from './neutralise-formula';

describe('neutraliseFormula', () => {
  it('prefixes a cell that a spreadsheet would run as a formula with a single quote', () => {
    expect(['=SUM(A1)', '+1', '-2', '@cmd', '\tx', '\rx'].map(neutraliseFormula)).toEqual([
      "'=SUM(A1)",
      "'+1",
      "'-2",
      "'@cmd",
      "'\tx",
      "'\rx",
    ]);
  });

  it('leaves other text alone', () => {
    expect(['plain', '', 'a=b', ' =1'].map(neutraliseFormula)).toEqual(['plain', '', 'a=b', ' =1']);
  });
});
