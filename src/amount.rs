//! Published amount text → exact integer 分 (0.01 元).
//!
//! Money never passes through floating point: the text is parsed as a
//! `rust_decimal::Decimal` and scaled by the published unit. Blank, "-" and 0
//! are three different published facts and stay apart.

use crate::text::trim;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use std::str::FromStr;

/// The unit a table states in its metadata row (`单位：万元`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AmountUnit {
    Wanyuan,
    Yuan,
}

impl AmountUnit {
    pub fn label(self) -> &'static str {
        match self {
            AmountUnit::Wanyuan => "万元",
            AmountUnit::Yuan => "元",
        }
    }

    /// How many 分 one published unit is.
    pub fn fen_per_unit(self) -> i64 {
        match self {
            AmountUnit::Wanyuan => 1_000_000,
            AmountUnit::Yuan => 100,
        }
    }

    pub fn from_label(text: &str) -> Option<AmountUnit> {
        match text {
            "万元" => Some(AmountUnit::Wanyuan),
            "元" => Some(AmountUnit::Yuan),
            _ => None,
        }
    }
}

/// One amount cell as published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    /// Nothing printed.
    Blank,
    /// A dash ("-", "—", "－"): the publisher said "none" explicitly.
    Dash,
    /// A number, in 分.
    Fen(i64),
}

impl Cell {
    pub fn state(self) -> &'static str {
        match self {
            Cell::Blank => "blank",
            Cell::Dash => "dash",
            Cell::Fen(_) => "value",
        }
    }

    pub fn fen(self) -> Option<i64> {
        match self {
            Cell::Fen(fen) => Some(fen),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmountError {
    NotANumber,
    FinerThanFen,
    TooLarge,
}

impl std::fmt::Display for AmountError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            AmountError::NotANumber => "不是数字 (not a number)",
            AmountError::FinerThanFen => "精度细于 0.01 元 (finer than 0.01 元)",
            AmountError::TooLarge => "数额过大 (amount too large)",
        })
    }
}

/// Parse one amount cell published in `unit`.
pub fn parse_cell(raw: &str, unit: AmountUnit) -> Result<Cell, AmountError> {
    let text = trim(raw);
    if text.is_empty() {
        return Ok(Cell::Blank);
    }
    if is_dash(text) {
        return Ok(Cell::Dash);
    }
    if let Some(cell) = plain_number(text, unit) {
        return cell;
    }
    parse_number(text, unit)
}

/// Any number a publisher writes, thousands separators included.
fn parse_number(text: &str, unit: AmountUnit) -> Result<Cell, AmountError> {
    let digits = strip_thousands_separators(text).ok_or(AmountError::NotANumber)?;
    if !looks_numeric(&digits) {
        return Err(AmountError::NotANumber);
    }
    let value = Decimal::from_str(&digits).map_err(|_| AmountError::TooLarge)?;
    let fen = value
        .checked_mul(Decimal::from(unit.fen_per_unit()))
        .ok_or(AmountError::TooLarge)?;
    if !fen.fract().is_zero() {
        return Err(AmountError::FinerThanFen);
    }
    fen.to_i64().map(Cell::Fen).ok_or(AmountError::TooLarge)
}

/// Digits in a plain number (sign and point not counted) that the fast path
/// takes: 10^18 × 10^6 分 per 万元 stays far inside i128 and inside the 96
/// bits of a `Decimal`, so both ways compute the same exact value.
const PLAIN_MAX_DIGITS: usize = 18;

/// 10^0 … 10^18: every scale the fast path needs (at most 18 decimals),
/// looked up instead of computed per cell.
const POWERS_OF_TEN: [i64; PLAIN_MAX_DIGITS + 1] = {
    let mut powers = [1i64; PLAIN_MAX_DIGITS + 1];
    let mut i = 1;
    while i < powers.len() {
        powers[i] = powers[i - 1] * 10;
        i += 1;
    }
    powers
};

/// The common case, `-?digits(.digits)?` without separators, in integers:
/// the same result as the `Decimal` path below without its string copy and
/// parser. `None` for anything else, which takes the general path.
fn plain_number(text: &str, unit: AmountUnit) -> Option<Result<Cell, AmountError>> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    // By bytes: `split_once` sets up a searcher, most of the cost of a cell.
    let (int_part, frac_part) = match unsigned.bytes().position(|b| b == b'.') {
        Some(point) => (&unsigned[..point], &unsigned[point + 1..]),
        None => (unsigned, ""),
    };
    let is_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int_part.is_empty()
        || (frac_part.is_empty() && unsigned.len() != int_part.len())
        || int_part.len() + frac_part.len() > PLAIN_MAX_DIGITS
        || !is_digits(int_part)
        || !is_digits(frac_part)
    {
        return None;
    }
    // At most 18 digits: the mantissa fits an i64, so the digits are
    // gathered without 128-bit multiplications.
    let digits = |n: i64, part: &str| part.bytes().fold(n, |n, b| n * 10 + i64::from(b - b'0'));
    let mantissa = digits(digits(0, int_part), frac_part);
    // mantissa × 10^unit_exponent / 10^decimals, as one multiplication when
    // the unit has room for the decimals (every published amount): 128-bit
    // division is a library call, and dividing is only needed to refuse
    // figures finer than 1 分.
    let (unit_exponent, decimals) = (unit.fen_per_unit().ilog10(), frac_part.len() as u32);
    let fen = if decimals <= unit_exponent {
        i128::from(mantissa) * i128::from(POWERS_OF_TEN[(unit_exponent - decimals) as usize])
    } else {
        let divisor = POWERS_OF_TEN[(decimals - unit_exponent) as usize];
        if mantissa % divisor != 0 {
            return Some(Err(AmountError::FinerThanFen));
        }
        i128::from(mantissa / divisor)
    };
    let fen = if negative { -fen } else { fen };
    Some(
        i64::try_from(fen)
            .map(Cell::Fen)
            .map_err(|_| AmountError::TooLarge),
    )
}

/// "10790900" → "10,790,900": commas every three digits from the right, as
/// published amounts and spreadsheet number formats write them. ASCII
/// digits only.
pub(crate) fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

fn is_dash(text: &str) -> bool {
    text.chars()
        .all(|c| matches!(c, '-' | '—' | '－' | '–' | '―'))
}

/// "1,079,090.00" → "1079090.00". Separators are only accepted between
/// groups of three digits in the integer part, so "1,07.9" is not a number.
fn strip_thousands_separators(text: &str) -> Option<String> {
    if !text.contains(',') {
        return Some(text.to_string());
    }
    let (int_part, frac_part) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text, None),
    };
    let unsigned = int_part.strip_prefix('-').unwrap_or(int_part);
    let mut groups = unsigned.split(',');
    let first = groups.next()?;
    if first.is_empty() || first.len() > 3 || groups.clone().any(|g| g.len() != 3) {
        return None;
    }
    let mut out = int_part.replace(',', "");
    if let Some(frac) = frac_part {
        out.push('.');
        out.push_str(frac);
    }
    Some(out)
}

/// Decimal::from_str accepts forms a publisher never writes ("1e5", "+3");
/// accept only an optional minus, digits and at most one point.
fn looks_numeric(text: &str) -> bool {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (int_part, frac_part) = match unsigned.split_once('.') {
        Some((i, f)) => (i, f),
        None => (unsigned, ""),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    !(int_part.is_empty() && frac_part.is_empty())
        && all_digits(int_part)
        && all_digits(frac_part)
        && !(unsigned.contains('.') && frac_part.is_empty())
        && int_part.len() + frac_part.len() <= 27
}

/// Format 分 back in a unit with the minimum number of decimals that keeps it
/// exact (two for 万元 figures published with two decimals).
/// A sum or difference of amounts in 分. Every amount fits an `i64`, but
/// two units' can add up beyond it: sums are `i128`, which 2^64 such
/// amounts cannot overflow, so a total is never saturated or wrapped.
pub type FenSum = i128;

/// The exact sum of `amounts`.
pub fn sum_fen(amounts: impl IntoIterator<Item = i64>) -> FenSum {
    amounts.into_iter().map(FenSum::from).sum()
}

/// `fen` may be a sum: one past a Decimal's 96 bits (more than 2^33
/// amounts added) is written exactly in 分 instead.
pub fn format_fen(fen: impl Into<FenSum>, unit: AmountUnit, decimals: u32) -> String {
    let fen: FenSum = fen.into();
    let Ok(yuan) = Decimal::try_from_i128_with_scale(fen, 2) else {
        return format!("{fen} 分");
    };
    let value = yuan / Decimal::from(unit.fen_per_unit() / 100);
    let mut rounded = value.round_dp_with_strategy(
        decimals,
        rust_decimal::RoundingStrategy::MidpointAwayFromZero,
    );
    rounded.rescale(decimals);
    rounded.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use AmountUnit::*;

    #[test]
    fn blank_dash_and_zero_are_different() {
        assert_eq!(parse_cell("", Wanyuan), Ok(Cell::Blank));
        assert_eq!(parse_cell("  ", Wanyuan), Ok(Cell::Blank));
        assert_eq!(parse_cell("-", Wanyuan), Ok(Cell::Dash));
        assert_eq!(parse_cell("—", Yuan), Ok(Cell::Dash));
        assert_eq!(parse_cell("0.00", Wanyuan), Ok(Cell::Fen(0)));
    }

    #[test]
    fn wanyuan_and_yuan_scale_exactly() {
        assert_eq!(parse_cell("1079.09", Wanyuan), Ok(Cell::Fen(1_079_090_000)));
        assert_eq!(
            parse_cell("10,790,900.00", Yuan),
            Ok(Cell::Fen(1_079_090_000))
        );
        assert_eq!(parse_cell("0.34", Yuan), Ok(Cell::Fen(34)));
        assert_eq!(parse_cell("-3.5", Wanyuan), Ok(Cell::Fen(-3_500_000)));
        assert_eq!(parse_cell("0.000001", Wanyuan), Ok(Cell::Fen(1)));
    }

    #[test]
    fn refuses_what_is_not_a_number() {
        for bad in [
            "38O.00", "1e5", "+3", "1,07.9", "12.", ".", "1.2.3", "12%", "1,0000",
        ] {
            assert_eq!(
                parse_cell(bad, Wanyuan),
                Err(AmountError::NotANumber),
                "{bad}"
            );
        }
        assert_eq!(parse_cell("0.001", Yuan), Err(AmountError::FinerThanFen));
        assert_eq!(
            parse_cell("99999999999999999999", Wanyuan),
            Err(AmountError::TooLarge)
        );
    }

    #[test]
    fn the_fast_path_agrees_with_the_general_one() {
        let mut texts: Vec<String> =
            "0 -0 0.00 -0.00 1079.09 -3.5 0.000001 0.0000001 12. .5 1.2.3 \
            007 1e5 +3 0.001 999999999999999999 99999999999.9999999 9223372036854.77 \
            9223372036854.78 -9223372036854.78 92233720368547.7580 1234567890123456789"
                .split_whitespace()
                .map(String::from)
                .collect();
        for int_digits in 0..=19 {
            for frac_digits in 0..=8 {
                let int: String = (0..int_digits).map(|i| char::from(b'1' + i % 9)).collect();
                let frac: String = (0..frac_digits).map(|i| char::from(b'9' - i % 7)).collect();
                texts.push(format!("{int}.{frac}"));
                texts.push(format!("-{int}.{frac}"));
                texts.push(format!("{int}{frac}"));
                texts.push(format!("{int}.{frac}0000"));
            }
        }
        for text in &texts {
            for unit in [Wanyuan, Yuan] {
                if let Some(fast) = plain_number(text, unit) {
                    assert_eq!(fast, parse_number(text, unit), "{text} {unit:?}");
                }
            }
        }
    }

    proptest::proptest! {
        /// Any mix of digits, signs and points, up to and past the fast
        /// path's 18 digits: when it answers, it answers as the general one.
        #[test]
        fn the_fast_path_agrees_with_the_general_one_on_any_digits(text in "-?[0-9.]{0,22}") {
            for unit in [Wanyuan, Yuan] {
                if let Some(fast) = plain_number(&text, unit) {
                    proptest::prop_assert_eq!(fast, parse_number(&text, unit), "{} {:?}", text, unit);
                }
            }
        }
    }

    #[test]
    fn formats_back() {
        assert_eq!(format_fen(1_079_090_000, Wanyuan, 2), "1079.09");
        assert_eq!(format_fen(34, Yuan, 2), "0.34");
        assert_eq!(format_fen(-3_500_000, Wanyuan, 2), "-3.50");
    }
}
