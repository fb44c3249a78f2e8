//! A clap value parser for a closed set of values (a [`ValueEnum`]) that
//! keeps yusuan's own bilingual message for a value outside the set, and
//! still lists the set in `--help`.

use clap::builder::{PossibleValue, TypedValueParser};
use clap::ValueEnum;
use std::ffi::OsStr;
use std::marker::PhantomData;

/// One of `E`'s values, written as its name or an alias, spaces around it
/// ignored; anything else is refused with `message(value)`.
pub struct Choice<E> {
    message: fn(&str) -> String,
    values: PhantomData<fn() -> E>,
}

impl<E> Choice<E> {
    pub fn new(message: fn(&str) -> String) -> Self {
        Choice {
            message,
            values: PhantomData,
        }
    }
}

impl<E> Clone for Choice<E> {
    fn clone(&self) -> Self {
        Choice::new(self.message)
    }
}

impl<E: ValueEnum + Clone + Send + Sync + 'static> TypedValueParser for Choice<E> {
    type Value = E;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<E, clap::Error> {
        let message = self.message;
        // A plain function's refusal reads as clap's other invalid values:
        // "invalid value 'x' for '--option <OPTION>': message".
        let parse =
            move |text: &str| E::from_str(text.trim(), false).map_err(|_| message(text.trim()));
        parse.parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            E::value_variants()
                .iter()
                .filter_map(ValueEnum::to_possible_value),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
    enum Unit {
        #[value(name = "万元", alias = "wan")]
        Wanyuan,
        #[value(name = "元")]
        Yuan,
    }

    fn parse(text: &str) -> Result<Unit, String> {
        let cmd = clap::Command::new("t");
        Choice::<Unit>::new(|v| format!("「{v}」不是金额单位"))
            .parse_ref(&cmd, None, OsStr::new(text))
            .map_err(|e| e.to_string())
    }

    #[test]
    fn names_and_aliases_are_accepted_with_spaces_around_them() {
        assert_eq!(parse("万元"), Ok(Unit::Wanyuan));
        assert_eq!(parse(" wan "), Ok(Unit::Wanyuan));
        assert_eq!(parse("元"), Ok(Unit::Yuan));
    }

    #[test]
    fn a_value_outside_the_set_is_refused_with_the_given_message() {
        let refused = parse("角").unwrap_err();
        assert!(refused.contains("「角」不是金额单位"), "{refused}");
    }
}
