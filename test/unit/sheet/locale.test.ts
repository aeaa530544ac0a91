import { describe, expect, it } from 'vitest';
import { formulaToA1, formulaToStored } from '../../../lib/sheet/formulaRefs';
import { toDisplayInput, toStoredInput } from '../../../lib/sheet/input';
import { formatDateInput, localizeError, parseDateInput, parseNumberInput } from '../../../lib/sheet/locale';
import { serialToIsoDate } from '../../../lib/sheet/serials';
import { newModel } from './helpers';

describe('German input and display', () => {
  const setup = () => {
    const { model, sheet } = newModel(10, 6);
    model.addSheet({ name: 'Mein Blatt', rows: 5, cols: 5 });
    return { model, sheet, ctx: model.refContext(sheet) };
  };

  it('reads ; as separator and , as decimal comma, and stores the neutral form', () => {
    const { ctx } = setup();
    const stored = formulaToStored('=SUMME(A1;2,5;B2:B3)*0,5', 'de-DE', ctx);
    expect(formulaToA1(stored, 'en', ctx)).toBe('=SUM(A1,2.5,B2:B3)*0.5');
    expect(formulaToA1(stored, 'de', ctx)).toBe('=SUMME(A1;2,5;B2:B3)*0,5');
  });

  it('maps German function names, booleans and error literals both ways', () => {
    const { ctx } = setup();
    const stored = formulaToStored('=WENN(ISTFEHLER(A1);WAHR;ZÄHLENWENN(B1:B5;">2,5"))+#BEZUG!', 'de', ctx);
    expect(formulaToA1(stored, 'en', ctx)).toBe('=IF(ISERROR(A1),TRUE,COUNTIF(B1:B5,">2,5"))+#REF!');
    expect(formulaToA1(stored, 'de', ctx)).toBe('=WENN(ISTFEHLER(A1);WAHR;ZÄHLENWENN(B1:B5;">2,5"))+#BEZUG!');
    // German users may type English names; unknown names stay as typed.
    expect(formulaToA1(formulaToStored('=SUM(A1;1)+meins(2)', 'de', ctx), 'en', ctx)).toBe('=SUM(A1,1)+meins(2)');
    // Typed in English notation, WAHR is just a name; it must not turn into a boolean later.
    expect(formulaToA1(formulaToStored('=Wahr+TRUE', 'en', ctx), 'de', ctx)).toBe('=Wahr+WAHR');
    expect(localizeError('#DIV/0!', 'de')).toBe('#DIV/0!');
    expect(localizeError('#N/A', 'de-DE')).toBe('#NV');
  });

  it('leaves strings and quoted sheet names alone and converts array literals', () => {
    const { ctx } = setup();
    const stored = formulaToStored("='Mein Blatt'!A1&\"1,5;2\"&{1;2|3;4}", 'de', ctx);
    expect(formulaToA1(stored, 'en', ctx)).toBe("='Mein Blatt'!A1&\"1,5;2\"&{1,2;3,4}");
    expect(formulaToA1(stored, 'de', ctx)).toBe("='Mein Blatt'!A1&\"1,5;2\"&{1;2|3;4}");
  });

  it('parses plain numbers in German and English notation', () => {
    expect(parseNumberInput('1.234,5', 'de')).toBe(1234.5);
    expect(parseNumberInput('1234,5', 'de')).toBe(1234.5);
    expect(parseNumberInput('-0,25', 'de')).toBe(-0.25);
    expect(parseNumberInput(',5', 'de')).toBe(0.5);
    expect(parseNumberInput('12 %', 'de')).toBe(0.12);
    expect(parseNumberInput('1.234.567', 'de')).toBe(1234567);
    expect(parseNumberInput('1,5e3', 'de')).toBe(1500);
    expect(parseNumberInput('1.5', 'de')).toBeNull();
    expect(parseNumberInput('1.23', 'de')).toBeNull();
    expect(parseNumberInput('12a', 'de')).toBeNull();
    expect(parseNumberInput('', 'de')).toBeNull();
    expect(parseNumberInput('1,234.5', 'en')).toBe(1234.5);
    expect(parseNumberInput('1.5', 'en')).toBe(1.5);
    expect(parseNumberInput('1,5', 'en')).toBeNull();
  });

  it('converts what users type into stored values and back', () => {
    const { ctx } = setup();
    expect(toStoredInput('1.234,5', 'de-DE', ctx)).toBe(1234.5);
    expect(toDisplayInput(1234.5, 'de-DE', ctx)).toBe('1234,5');
    expect(toDisplayInput(1234.5, 'en-GB', ctx)).toBe('1234.5');
    expect(toStoredInput('Straße 1', 'de-DE', ctx)).toBe('Straße 1');
    expect(toStoredInput('wahr', 'de-DE', ctx)).toBe(true);
    expect(toDisplayInput(false, 'de-DE', ctx)).toBe('FALSCH');
    expect(toStoredInput('', 'de-DE', ctx)).toBeNull();
    // Text that looks like a number or a formula keeps its apostrophe, so it stays text.
    expect(toStoredInput("'0815", 'de-DE', ctx)).toBe("'0815");
    expect(toStoredInput("'=1+1", 'de-DE', ctx)).toBe("'=1+1");
    // A text column keeps digits as text; committing the display form again stores the same.
    const textCol = { ...ctx, columnType: 'text' as const };
    expect(toStoredInput('01234', 'de-DE', textCol)).toBe('01234');
    expect(toDisplayInput('01234', 'de-DE', textCol)).toBe('01234');
    expect(toDisplayInput('01234', 'de-DE', ctx)).toBe("'01234");
    expect(toStoredInput(toDisplayInput('01234', 'de-DE', ctx), 'de-DE', ctx)).toBe("'01234");
  });

  it('stores dates of date columns as ISO and shows them as dd.mm.yyyy', () => {
    const { ctx } = setup();
    const dateCol = { ...ctx, columnType: 'date' as const };
    expect(toStoredInput('31.01.2024', 'de-DE', dateCol)).toBe('2024-01-31');
    expect(toStoredInput('1.2.2024', 'de-DE', dateCol)).toBe('2024-02-01');
    expect(toStoredInput('2024-02-29', 'en', dateCol)).toBe('2024-02-29');
    expect(toStoredInput('30.02.2024', 'de-DE', dateCol)).toBe('30.02.2024');
    expect(toDisplayInput('2024-01-31', 'de-DE', dateCol)).toBe('31.01.2024');
    expect(parseDateInput('29.02.2023', 'de')).toBeNull();
    expect(formatDateInput('2024-12-24', 'en')).toBe('2024-12-24');
    expect(serialToIsoDate(45322)).toBe('2024-01-31');
  });

  it('reads checkbox input as booleans', () => {
    const { ctx } = setup();
    const box = { ...ctx, columnType: 'checkbox' as const };
    expect(toStoredInput('WAHR', 'de-DE', box)).toBe(true);
    expect(toStoredInput('false', 'de-DE', box)).toBe(false);
    expect(toStoredInput('vielleicht', 'de-DE', box)).toBe('vielleicht');
  });
});
