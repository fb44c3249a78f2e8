//! A cell's value and its Excel number format → the text Excel shows
//! (681.9 under "0.00" is "681.90").

use calamine::Data;
use rust_decimal::{Decimal, RoundingStrategy};
use std::str::FromStr;

/// A cell's text as Excel shows it; `None` for an empty cell.
pub(super) fn display(data: &Data, format: Option<&str>) -> Option<String> {
    Some(match data {
        Data::Empty => return None,
        Data::String(text) => text.clone(),
        Data::Int(n) => number(*n as f64, Some(n.to_string()), format),
        Data::Float(x) => number(*x, None, format),
        Data::Bool(true) => "TRUE".into(),
        Data::Bool(false) => "FALSE".into(),
        Data::Error(e) => e.to_string(),
        Data::DateTime(t) if t.is_datetime() => {
            let (y, mo, d, h, mi, s, _) = t.to_ymd_hms_milli();
            if (h, mi, s) == (0, 0, 0) {
                format!("{y:04}-{mo:02}-{d:02}")
            } else {
                format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
            }
        }
        Data::DateTime(t) => shortest(t.as_f64()),
        Data::DateTimeIso(text) | Data::DurationIso(text) => text.clone(),
    })
}

/// The shortest decimal that reads back as `x`, never in exponent form:
/// 1079.09 stays "1079.09", 2010301.0 is "2010301".
fn shortest(x: f64) -> String {
    if x == 0.0 {
        // No "-0".
        return "0".into();
    }
    format!("{x}")
}

/// A number as its number format shows it. Decoration that only lines
/// cells up (padding `_x`, fill `*x`, colours) is left out; a format this
/// reader cannot follow (exponents, fractions) leaves the shortest decimal.
fn number(x: f64, exact: Option<String>, format: Option<&str>) -> String {
    let plain = || exact.clone().unwrap_or_else(|| shortest(x));
    match format {
        Some(code) if !code.eq_ignore_ascii_case("General") && code != "@" => {
            formatted(x, code).unwrap_or_else(plain)
        }
        _ => plain(),
    }
}

/// A number format's sections split at `;` outside quotes and brackets.
fn sections(code: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut start, mut quoted, mut bracket, mut escaped) = (0, false, false, false);
    for (i, ch) in code.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match ch {
            '\\' if !quoted => escaped = true,
            '"' => quoted = !quoted,
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            ';' if !quoted && !bracket => {
                out.push(&code[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&code[start..]);
    out
}

/// Excel's limit on a number format code, in characters.
const MAX_FORMAT_CODE: usize = 255;

fn formatted(x: f64, code: &str) -> Option<String> {
    // A longer code was not written by Excel, and its zeros and literal
    // text would be copied into every cell it formats: a megabyte of "0"
    // over 50,000 cells is 50 GB.
    if !x.is_finite() || code.chars().count() > MAX_FORMAT_CODE {
        return None;
    }
    let sections = sections(code);
    let (section, value, sign) = match (sections.as_slice(), x) {
        ([_, negative, ..], x) if x < 0.0 => (*negative, -x, ""),
        ([_, _, zero, ..], x) if x == 0.0 => (*zero, x, ""),
        ([positive, ..], x) if x < 0.0 => (*positive, -x, "-"),
        ([positive, ..], x) => (*positive, x, ""),
        ([], _) => return None,
    };
    let pattern = Pattern::parse(section)?;
    if pattern.fraction_placeholders > 20 {
        return None;
    }
    if pattern.integer_placeholders == 0 && pattern.fraction_placeholders == 0 {
        // A section of text only, such as accounting's "-" for zero.
        return Some(
            format!("{}{}", pattern.prefix, pattern.suffix)
                .trim()
                .to_string(),
        );
    }
    let scaled = if pattern.percent {
        value * 100.0
    } else {
        value
    };
    let decimal = Decimal::from_str(&shortest(scaled)).ok()?;
    let rounded = decimal.round_dp_with_strategy(
        pattern.fraction_placeholders,
        RoundingStrategy::MidpointAwayFromZero,
    );
    let text = format!(
        "{rounded:.prec$}",
        prec = pattern.fraction_placeholders as usize
    );
    let (integer, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let integer = integer.trim_start_matches('0');
    let integer = if integer.len() < pattern.integer_zeros {
        format!("{integer:0>width$}", width = pattern.integer_zeros)
    } else {
        integer.to_string()
    };
    let integer = if pattern.grouping {
        crate::amount::group_thousands(&integer)
    } else {
        integer
    };
    // Optional fraction digits ('#', '?') show only when not zero.
    let keep = fraction
        .trim_end_matches('0')
        .len()
        .max(pattern.fraction_zeros as usize);
    let fraction = &fraction[..keep.min(fraction.len())];
    let sign = if rounded.is_zero() { "" } else { sign };
    let mut out = format!("{sign}{}", pattern.prefix);
    out.push_str(&integer);
    if !fraction.is_empty() || pattern.point_shown {
        out.push('.');
        out.push_str(fraction);
    }
    if pattern.percent {
        out.push('%');
    }
    out.push_str(&pattern.suffix);
    Some(out.trim().to_string())
}

/// What one section of a number format asks for.
#[derive(Debug, Default, PartialEq)]
struct Pattern {
    /// Text before the first digit placeholder and after the last one.
    prefix: String,
    suffix: String,
    integer_placeholders: usize,
    /// '0' placeholders before the point: digits always shown.
    integer_zeros: usize,
    fraction_placeholders: u32,
    /// '0' placeholders after the point.
    fraction_zeros: u32,
    grouping: bool,
    percent: bool,
    /// The point shows even with no fraction digits ("0.").
    point_shown: bool,
}

impl Pattern {
    /// `None` for what is not a plain number pattern (dates, exponents,
    /// fractions): those are left to the shortest decimal.
    fn parse(section: &str) -> Option<Pattern> {
        let mut p = Pattern::default();
        let mut chars = section.chars().peekable();
        let mut in_fraction = false;
        let mut seen_digit = false;
        let mut literal = String::new();
        while let Some(ch) = chars.next() {
            match ch {
                '"' => {
                    for c in chars.by_ref() {
                        if c == '"' {
                            break;
                        }
                        literal.push(c);
                    }
                }
                '\\' => literal.extend(chars.next()),
                // Padding and fill only line cells up.
                '_' | '*' => {
                    chars.next();
                }
                '[' => {
                    // Colours and conditions; a currency tag [$¥-804] shows
                    // its symbol.
                    let tag: String = chars.by_ref().take_while(|&c| c != ']').collect();
                    if let Some(currency) = tag.strip_prefix('$') {
                        literal.push_str(currency.split('-').next().unwrap_or(""));
                    }
                }
                '0' | '#' | '?' => {
                    if !seen_digit {
                        p.prefix = std::mem::take(&mut literal);
                        seen_digit = true;
                    }
                    literal.clear();
                    if in_fraction {
                        p.fraction_placeholders += 1;
                        p.fraction_zeros +=
                            u32::from(ch == '0' && p.fraction_zeros + 1 == p.fraction_placeholders);
                    } else {
                        p.integer_placeholders += 1;
                        p.integer_zeros += usize::from(ch == '0');
                    }
                }
                '.' if !in_fraction => {
                    if !seen_digit {
                        p.prefix = std::mem::take(&mut literal);
                        seen_digit = true;
                    }
                    in_fraction = true;
                    p.point_shown = true;
                }
                ',' if seen_digit && !in_fraction => {
                    if chars.peek().is_some_and(|c| matches!(c, '0' | '#' | '?')) {
                        p.grouping = true;
                    } else {
                        // Trailing commas scale by 1000: rare in budgets.
                        return None;
                    }
                }
                '%' => p.percent = true,
                '@' | 'E' | 'e' | '/' => return None,
                c if c.is_ascii_alphabetic() => return None,
                c => literal.push(c),
            }
        }
        if seen_digit {
            p.suffix = literal;
        } else {
            p.prefix = literal;
        }
        // "0." with no fraction digits shows the point; "0.00" counts it
        // with its digits.
        p.point_shown = p.point_shown && p.fraction_placeholders == 0;
        Some(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_floats_and_formats_display_as_excel_shows_them() {
        let show = |data: Data, format: Option<&str>| display(&data, format).unwrap();
        assert_eq!(show(Data::Int(123), None), "123");
        assert_eq!(show(Data::Int(5), Some("0.00")), "5.00");
        assert_eq!(show(Data::Float(1079.09), None), "1079.09");
        assert_eq!(show(Data::Float(2010301.0), None), "2010301");
        assert_eq!(show(Data::Float(1e21), None), "1000000000000000000000");
        assert_eq!(show(Data::Float(-0.0), None), "0");
        assert_eq!(show(Data::Float(681.9), Some("0.00")), "681.90");
        assert_eq!(show(Data::Float(0.125), Some("0.00")), "0.13");
        assert_eq!(show(Data::Float(-2.5), Some("0")), "-3");
        assert_eq!(show(Data::Float(-0.001), Some("0.00")), "0.00");
        assert_eq!(
            show(Data::Float(1234567.5), Some("#,##0.00")),
            "1,234,567.50"
        );
        assert_eq!(show(Data::Float(0.256), Some("0.0%")), "25.6%");
        assert_eq!(show(Data::Float(3.5), Some("0.0#")), "3.5");
        assert_eq!(
            show(Data::Float(-1234.5), Some("#,##0.00;(#,##0.00)")),
            "(1,234.50)"
        );
        let accounting = r#"_ * #,##0.00_ ;_ * -#,##0.00_ ;_ * "-"??_ ;_ @_ "#;
        assert_eq!(show(Data::Float(0.0), Some(accounting)), "-");
        assert_eq!(show(Data::Float(-12.0), Some(accounting)), "-12.00");
        assert_eq!(show(Data::Float(1.5), Some("General")), "1.5");
        // A format this reader does not follow leaves the shortest decimal.
        assert_eq!(show(Data::Float(1500.0), Some("0.00E+00")), "1500");
        assert_eq!(show(Data::Bool(false), None), "FALSE");
        assert_eq!(
            show(Data::Error(calamine::CellErrorType::Div0), None),
            "#DIV/0!"
        );
        let day =
            calamine::ExcelDateTime::new(45000.0, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(show(Data::DateTime(day), None), "2023-03-15");
        assert_eq!(display(&Data::Empty, None), None);
    }

    #[test]
    fn a_number_format_longer_than_excel_allows_is_not_followed() {
        let show = |format: &str| display(&Data::Float(5.0), Some(format)).unwrap();
        assert_eq!(show(&"0".repeat(MAX_FORMAT_CODE)).len(), MAX_FORMAT_CODE);
        assert_eq!(show(&"0".repeat(100_000)), "5");
        assert_eq!(show(&format!("0\"{}\"", "元".repeat(100_000))), "5");
    }
}
