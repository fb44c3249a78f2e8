//! Reports: the rows a canned query returns (one per unit, year and line)
//! → the tables analysts read (years side by side, changes, totals).
//!
//! Each report reads its query's columns by name, so that the SQL in
//! queries/ stays the one place that says where the figures come from.
//! Money stays in exact 分 (`i64`) throughout; percentages are rounded from
//! exact integer ratios.

pub mod assets;
mod error;
pub mod execution;
mod packs;
pub mod procurement;
pub mod projects;
pub mod sangong;
pub mod show;
mod unit_ranges;
pub mod yoy;

pub use error::{ChoiceError, ReportError};
pub use packs::PackError;

use crate::amount::FenSum;
use crate::render::{Field, Tabular, Value};
use rust_decimal::Decimal;

/// The position of each named column of a query result.
pub(crate) fn columns<const N: usize>(
    data: &Tabular,
    names: [&str; N],
) -> Result<[usize; N], ReportError> {
    let mut found = [0; N];
    for (slot, name) in found.iter_mut().zip(names) {
        *slot = data
            .headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| ReportError::MissingColumn(name.to_string()))?;
    }
    Ok(found)
}

pub(crate) fn int(value: &Value) -> Option<i64> {
    match value {
        Value::Int(n) => Some(*n),
        Value::Text(t) => t.trim().parse().ok(),
        Value::Null => None,
    }
}

pub(crate) fn text(value: &Value) -> String {
    match value {
        Value::Int(n) => n.to_string(),
        Value::Text(t) => t.clone(),
        Value::Null => String::new(),
    }
}

/// An exact quantity given × 1000 (`quantity_milli`), as a number.
/// A sum of quantities is taken in i128, so it is exact however many are
/// added; one past a Decimal's 96 bits is written out digit by digit.
pub(crate) fn quantity(milli: Option<impl Into<i128>>) -> Field {
    let Some(milli) = milli.map(Into::into) else {
        return Field::Null;
    };
    match Decimal::try_from_i128_with_scale(milli, 3) {
        Ok(number) => Field::Number(number.normalize()),
        Err(_) => {
            let (whole, thousandths) = (milli.unsigned_abs() / 1000, milli.unsigned_abs() % 1000);
            let sign = if milli < 0 { "-" } else { "" };
            let fraction = format!("{thousandths:03}");
            let fraction = fraction.trim_end_matches('0');
            Field::Text(match fraction {
                "" => format!("{sign}{whole}"),
                f => format!("{sign}{whole}.{f}"),
            })
        }
    }
}

pub(crate) fn money(fen: Option<impl Into<FenSum>>) -> Field {
    fen.map_or(Field::Null, |fen| Field::Money(fen.into()))
}

/// Change and % from `before` to `now`; blank unless both are known.
pub(crate) fn change(now: Option<FenSum>, before: Option<FenSum>) -> [Field; 2] {
    match (now, before) {
        (Some(now), Some(before)) => {
            let change = now - before;
            [
                Field::Money(change),
                percent(change, before).map_or(Field::Null, Field::Percent),
            ]
        }
        _ => [Field::Null, Field::Null],
    }
}

/// `change` as a percentage of `base`, rounded half away from zero to two
/// decimals; `None` when the base is zero (a percentage of nothing is not a
/// number).
pub fn percent(change: FenSum, base: FenSum) -> Option<Decimal> {
    if base == 0 {
        return None;
    }
    // Hundredths of a percent, exactly: change × 10000 / base (sums of
    // amounts stay far below where these overflow; past it, no percentage).
    let numerator = change.checked_mul(10_000)?;
    let magnitude = numerator
        .unsigned_abs()
        .checked_mul(2)?
        .checked_add(base.unsigned_abs())?
        / base.unsigned_abs().checked_mul(2)?;
    let magnitude = i128::try_from(magnitude).ok()?;
    let negative = (numerator < 0) != (base < 0);
    let hundredths = if negative { -magnitude } else { magnitude };
    i64::try_from(hundredths).ok().map(|h| Decimal::new(h, 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_round_half_away_from_zero() {
        assert_eq!(percent(1, 3), Some(Decimal::new(3333, 2)));
        assert_eq!(percent(2, 3), Some(Decimal::new(6667, 2)));
        assert_eq!(percent(-2, 3), Some(Decimal::new(-6667, 2)));
        assert_eq!(percent(1, 8), Some(Decimal::new(1250, 2)));
        assert_eq!(percent(1, 40_000), Some(Decimal::new(0, 2)));
        assert_eq!(percent(1, 20_000), Some(Decimal::new(1, 2)));
        assert_eq!(percent(-1, 20_000), Some(Decimal::new(-1, 2)));
        assert_eq!(percent(5, -10), Some(Decimal::new(-5000, 2)));
        assert_eq!(percent(7, 0), None);
        assert_eq!(percent(0, 5), Some(Decimal::new(0, 2)));
    }
}

#[cfg(test)]
mod quantity_tests {
    use super::*;

    #[test]
    fn a_quantity_past_a_decimal_is_written_exactly() {
        let past = 1_i128 << 100;
        assert_eq!(
            quantity(Some(past + 5)),
            Field::Text("1267650600228229401496703205.381".into())
        );
        assert_eq!(
            quantity(Some(-past)),
            Field::Text("-1267650600228229401496703205.376".into())
        );
        assert_eq!(
            quantity(Some(3_065_000_i64)),
            Field::Number(Decimal::new(3065, 0))
        );
        assert_eq!(quantity(None::<i64>), Field::Null);
    }
}
