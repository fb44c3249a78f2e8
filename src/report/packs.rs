//! Reading the JSON arrays of yoy_packs (migrations/V5__yoy_packs.sql) one
//! element at a time, in place. Over 10,000 unit-years `yoy` reads up to
//! 230,000 elements per array; collecting them into vectors first, and
//! checking the UTF-8 of every name, were a third of its time, and
//! serde_json's general machinery (~250 instructions an element) half of
//! what was left.
//!
//! So the arrays in the compact form that yusuan and SQLite's
//! json_group_array write (`[`, elements split by `,`, `]`; elements null,
//! integers and strings without escapes) are read by a small scanner, and
//! anything else (an escape, a space, a float, damage) by serde_json, from
//! the element where the scanner stopped. serde_json stays the definition:
//! a property test holds the two to the same elements and the same errors.

use serde::de::{DeserializeSeed, Deserializer, Error as _, SeqAccess, Visitor};
use serde::Deserialize;
use std::borrow::Cow;
use std::marker::PhantomData;

/// A string element, borrowed unless a JSON escape (a quote or backslash in
/// a name) made a copy necessary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text<'a>(pub Cow<'a, str>);

impl Text<'_> {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Strings;
        impl<'de> Visitor<'de> for Strings {
            type Value = Cow<'de, str>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: serde::de::Error>(
                self,
                v: &'de str,
            ) -> Result<Self::Value, E> {
                Ok(Cow::Borrowed(v))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Cow::Owned(v.to_string()))
            }
        }
        deserializer.deserialize_str(Strings).map(Text)
    }
}

/// A string element as bytes, its UTF-8 not yet checked: names are compared
/// as stored and read as text once per distinct name (see yoy's `line`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bytes<'a>(pub Cow<'a, [u8]>);

impl<'de: 'a, 'a> Deserialize<'de> for Bytes<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Raw;
        impl<'de> Visitor<'de> for Raw {
            type Value = Cow<'de, [u8]>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_bytes<E: serde::de::Error>(
                self,
                v: &'de [u8],
            ) -> Result<Self::Value, E> {
                Ok(Cow::Borrowed(v))
            }
            fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<Self::Value, E> {
                Ok(Cow::Owned(v.to_vec()))
            }
            fn visit_borrowed_str<E: serde::de::Error>(
                self,
                v: &'de str,
            ) -> Result<Self::Value, E> {
                Ok(Cow::Borrowed(v.as_bytes()))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Cow::Owned(v.as_bytes().to_vec()))
            }
        }
        deserializer.deserialize_bytes(Raw).map(Bytes)
    }
}

/// An element as the scanner reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scanned<'a> {
    Null,
    Int(i64),
    /// The bytes between the quotes (no escapes, no control characters).
    Str(&'a [u8]),
}

/// Element types the scanner can produce; `None` sends the element to
/// serde_json (which then says what is wrong with it).
pub trait Element<'de>: Deserialize<'de> {
    fn scanned(element: Scanned<'de>) -> Option<Self>;
}

impl<'de> Element<'de> for Option<i64> {
    fn scanned(element: Scanned<'de>) -> Option<Self> {
        match element {
            Scanned::Null => Some(None),
            Scanned::Int(n) => Some(Some(n)),
            Scanned::Str(_) => None,
        }
    }
}

impl<'de> Element<'de> for i64 {
    fn scanned(element: Scanned<'de>) -> Option<Self> {
        match element {
            Scanned::Int(n) => Some(n),
            _ => None,
        }
    }
}

impl<'de> Element<'de> for Option<Text<'de>> {
    fn scanned(element: Scanned<'de>) -> Option<Self> {
        match element {
            Scanned::Null => Some(None),
            Scanned::Str(s) => std::str::from_utf8(s)
                .ok()
                .map(|s| Some(Text(Cow::Borrowed(s)))),
            Scanned::Int(_) => None,
        }
    }
}

impl<'de> Element<'de> for Option<Bytes<'de>> {
    fn scanned(element: Scanned<'de>) -> Option<Self> {
        match element {
            Scanned::Null => Some(None),
            Scanned::Str(s) => Some(Some(Bytes(Cow::Borrowed(s)))),
            Scanned::Int(_) => None,
        }
    }
}

impl<'de> Element<'de> for Bytes<'de> {
    fn scanned(element: Scanned<'de>) -> Option<Self> {
        match element {
            Scanned::Str(s) => Some(Bytes(Cow::Borrowed(s))),
            _ => None,
        }
    }
}

impl<'de> Element<'de> for serde::de::IgnoredAny {
    fn scanned(_: Scanned<'de>) -> Option<Self> {
        Some(serde::de::IgnoredAny)
    }
}

/// Why a pack's arrays do not read.
#[derive(Debug, thiserror::Error)]
pub enum PackError {
    /// Not a JSON array of the expected elements (serde_json's words, with
    /// where; an error of the caller's met while serde_json reads is in it).
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    #[error("more names than lines")]
    MoreNamesThanLines,
    #[error("{amounts} amounts for {lines} lines")]
    Amounts { amounts: usize, lines: usize },
    #[error("{names} names for {lines} lines")]
    Names { names: usize, lines: usize },
    /// A summary pack's arrays of different lengths.
    #[error("{row_nos} row numbers, {sides} sides, {items} items")]
    SummaryShape {
        row_nos: usize,
        sides: usize,
        items: usize,
    },
}

/// Call `each(i, element)` for every element of the JSON array `json`, in
/// order, and return how many there were. An error of `each` stops the
/// reading and is returned (inside serde_json's error, with its place, when
/// serde_json was reading).
pub fn for_each<'de, T: Element<'de>, E: From<serde_json::Error> + std::fmt::Display>(
    json: &'de [u8],
    mut each: impl FnMut(usize, T) -> Result<(), E>,
) -> Result<usize, E> {
    let mut done = 0;
    let mut scanner = Scanner { json, at: 0 };
    // Whether serde_json must judge the rest: an element the scanner does
    // not read, or bytes after the closing bracket.
    let for_serde = loop {
        match scanner.next() {
            Step::Element(element) => match T::scanned(element) {
                Some(value) => {
                    each(done, value)?;
                    done += 1;
                }
                None => break true,
            },
            Step::End => break !json[scanner.at..].is_empty(),
            Step::Other => break true,
        }
    };
    if !for_serde {
        return Ok(done);
    }
    // serde_json reads the whole array again and hands on the elements
    // from the one the scanner could not read.
    let mut deserializer = serde_json::Deserializer::from_slice(json);
    let mut from_serde = |i: usize, value: T| if i < done { Ok(()) } else { each(i, value) };
    let count = Elements {
        each: &mut from_serde,
        element: PhantomData,
    }
    .deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(count)
}

/// Where the string body `bytes` stops: its first `"`, `\\` or control
/// character. Eight bytes at a time: names are most of a pack's bytes.
fn string_end(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let stops = |b: u8| b == b'"' || b == b'\\' || b < 0x20;
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().expect("chunks of eight"));
        let quote = word ^ (ONES * u64::from(b'"'));
        let backslash = word ^ (ONES * u64::from(b'\\'));
        // The high bit of a byte is set where the byte is zero (after the
        // xor: a quote or backslash) or below 0x20. A borrow can also set
        // it in a byte above a true stop, never below one, so the lowest
        // set bit is the first stop.
        let zero = |x: u64| x.wrapping_sub(ONES) & !x;
        let control = word.wrapping_sub(ONES * 0x20) & !word;
        let found = (zero(quote) | zero(backslash) | control) & HIGHS;
        if found != 0 {
            return Some(at + (found.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| stops(b))
        .map(|i| at + i)
}

enum Step<'a> {
    Element(Scanned<'a>),
    /// The closing `]`; `at` is just past it.
    End,
    /// Anything the scanner leaves to serde_json.
    Other,
}

struct Scanner<'a> {
    json: &'a [u8],
    /// Where the next element (or the opening `[`) starts.
    at: usize,
}

impl<'a> Scanner<'a> {
    fn next(&mut self) -> Step<'a> {
        let json = self.json;
        // `[` before the first element, `,` before each other one.
        match (self.at, json.get(self.at)) {
            (0, Some(b'[')) if json.get(1) == Some(&b']') => {
                self.at = 2;
                return Step::End;
            }
            (0, Some(b'[')) => self.at = 1,
            (0, _) => return Step::Other,
            (_, Some(b',')) => self.at += 1,
            (_, Some(b']')) => {
                self.at += 1;
                return Step::End;
            }
            _ => return Step::Other,
        }
        let start = self.at;
        match json.get(start) {
            Some(b'n') if json[start..].starts_with(b"null") => {
                self.at = start + 4;
                Step::Element(Scanned::Null)
            }
            Some(b'"') => {
                let body = &json[start + 1..];
                match string_end(body) {
                    Some(end) if body[end] == b'"' => {
                        self.at = start + 1 + end + 1;
                        Step::Element(Scanned::Str(&body[..end]))
                    }
                    _ => Step::Other,
                }
            }
            Some(b'-' | b'0'..=b'9') => {
                let negative = json[start] == b'-';
                let digits_at = start + usize::from(negative);
                let mut end = digits_at;
                let mut n: i64 = 0;
                while let Some(&b) = json.get(end) {
                    if !b.is_ascii_digit() {
                        break;
                    }
                    // 18 digits always fit; longer ones are serde_json's to judge.
                    if end - digits_at == 18 {
                        return Step::Other;
                    }
                    n = n * 10 + i64::from(b - b'0');
                    end += 1;
                }
                let digits = end - digits_at;
                // JSON has no leading zeros; a fraction or exponent is not an integer.
                let leading_zero = digits > 1 && json[digits_at] == b'0';
                // serde_json reads -0 as a float, not an integer.
                let negative_zero = negative && digits == 1 && json[digits_at] == b'0';
                let fraction = matches!(json.get(end), Some(b'.' | b'e' | b'E'));
                if digits == 0 || leading_zero || negative_zero || fraction {
                    return Step::Other;
                }
                self.at = end;
                Step::Element(Scanned::Int(if negative { -n } else { n }))
            }
            _ => Step::Other,
        }
    }
}

/// Every element of a JSON array collected, for the arrays that are short
/// or rarely read (the summary's).
pub fn collect<'de, T: Element<'de>>(json: Option<&'de [u8]>) -> Result<Vec<T>, serde_json::Error> {
    let mut all = Vec::new();
    if let Some(json) = json {
        for_each(json, |_, element| {
            all.push(element);
            Ok::<_, serde_json::Error>(())
        })?;
    }
    Ok(all)
}

struct Elements<'f, T, F> {
    each: &'f mut F,
    element: PhantomData<T>,
}

impl<'de, T, F, E> DeserializeSeed<'de> for Elements<'_, T, F>
where
    T: Deserialize<'de>,
    F: FnMut(usize, T) -> Result<(), E>,
    E: std::fmt::Display,
{
    type Value = usize;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, T, F, E> Visitor<'de> for Elements<'_, T, F>
where
    T: Deserialize<'de>,
    F: FnMut(usize, T) -> Result<(), E>,
    E: std::fmt::Display,
{
    type Value = usize;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        // serde's own wording for a sequence, so that messages read the same
        // whichever reader met the problem.
        f.write_str("a sequence")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<usize, A::Error> {
        let mut i = 0;
        while let Some(element) = seq.next_element::<T>()? {
            (self.each)(i, element).map_err(A::Error::custom)?;
            i += 1;
        }
        Ok(i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What serde_json alone makes of `json`: the definition the scanner
    /// must agree with.
    fn by_serde<'de, T: Deserialize<'de>>(json: &'de [u8]) -> Result<Vec<T>, String> {
        serde_json::from_slice(json).map_err(|e| e.to_string())
    }

    fn by_scanner<'de, T: Element<'de>>(json: &'de [u8]) -> Result<Vec<T>, String> {
        collect(Some(json)).map_err(|e| e.to_string())
    }

    fn element() -> impl Strategy<Value = serde_json::Value> {
        prop_oneof![
            Just(serde_json::Value::Null),
            any::<i64>().prop_map(serde_json::Value::from),
            (-1000i64..1000).prop_map(serde_json::Value::from),
            "[a-z0-9\\\\\"\\n 一般公共服务（）“”\u{0}-\u{1f}]{0,20}"
                .prop_map(serde_json::Value::from),
            (0.0f64..1e6).prop_map(serde_json::Value::from),
        ]
    }

    /// The compact form, or the same array spaced out, or either cut,
    /// spliced or overwritten somewhere.
    fn array() -> impl Strategy<Value = Vec<u8>> {
        (
            prop::collection::vec(element(), 0..12),
            any::<bool>(),
            prop::option::of((any::<prop::sample::Index>(), 0u8..4, any::<u8>())),
        )
            .prop_map(|(elements, pretty, damage)| {
                let mut json = if pretty {
                    serde_json::to_vec_pretty(&elements).unwrap()
                } else {
                    serde_json::to_vec(&elements).unwrap()
                };
                if let Some((at, how, byte)) = damage {
                    let at = at.index(json.len() + 1);
                    match how {
                        0 => json.truncate(at),
                        1 => json.insert(at, byte),
                        2 if at < json.len() => json[at] = byte,
                        _ => json.insert(at, b','),
                    }
                }
                json
            })
    }

    proptest! {
        #[test]
        fn the_scanner_reads_what_serde_json_reads(json in array()) {
            prop_assert_eq!(by_scanner::<Option<i64>>(&json), by_serde::<Option<i64>>(&json));
            prop_assert_eq!(by_scanner::<Option<Text>>(&json), by_serde::<Option<Text>>(&json));
            prop_assert_eq!(by_scanner::<Bytes>(&json), by_serde::<Bytes>(&json));
            prop_assert_eq!(
                by_scanner::<serde::de::IgnoredAny>(&json).map(|v| v.len()),
                by_serde::<serde::de::IgnoredAny>(&json).map(|v| v.len())
            );
        }
    }

    #[test]
    fn elements_in_order_borrowed_unless_escaped() {
        let mut seen = Vec::new();
        let n = for_each::<Option<Text>, PackError>(br#"["201",null,"a\"b"]"#, |i, t| {
            seen.push((i, t.map(|t| matches!(t.0, Cow::Borrowed(_)))));
            Ok(())
        })
        .unwrap();
        assert_eq!(n, 3);
        assert_eq!(seen, [(0, Some(true)), (1, None), (2, Some(false))]);
        let names: Vec<Bytes> = collect(Some(r#"["一般","\\x"]"#.as_bytes())).unwrap();
        assert_eq!(names[0].0.as_ref(), "一般".as_bytes());
        assert_eq!(names[1].0.as_ref(), b"\\x");
    }

    proptest! {
        #[test]
        fn string_end_finds_the_first_stop(body in prop::collection::vec(any::<u8>(), 0..40)) {
            let expected = body.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20);
            prop_assert_eq!(string_end(&body), expected);
        }
    }

    #[test]
    fn the_scanner_reads_the_compact_form_itself() {
        let json = r#"[1,null,"一般",-5,0]"#.as_bytes();
        let mut scanner = Scanner { json, at: 0 };
        let mut seen = Vec::new();
        while let Step::Element(element) = scanner.next() {
            seen.push(element);
        }
        assert_eq!(
            seen,
            [
                Scanned::Int(1),
                Scanned::Null,
                Scanned::Str("一般".as_bytes()),
                Scanned::Int(-5),
                Scanned::Int(0)
            ]
        );
        assert_eq!(scanner.at, json.len(), "stopped at the closing bracket");
        for other in [
            &b"[ 1]"[..],
            b"[1.5]",
            b"[01]",
            b"[-0]",
            br#"["a\"b"]"#,
            b"[[1]]",
        ] {
            let mut scanner = Scanner { json: other, at: 0 };
            assert!(
                matches!(scanner.next(), Step::Other),
                "{}",
                String::from_utf8_lossy(other)
            );
        }
    }

    /// A caller's own error, to see it come back.
    #[derive(Debug)]
    struct Stop(String);

    impl std::fmt::Display for Stop {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(&self.0)
        }
    }

    impl From<serde_json::Error> for Stop {
        fn from(e: serde_json::Error) -> Stop {
            Stop(e.to_string())
        }
    }

    #[test]
    fn damage_and_refusals_are_errors() {
        assert!(for_each::<i64, PackError>(b"[1,2", |_, _| Ok(())).is_err());
        assert!(for_each::<i64, PackError>(b"[1,2] x", |_, _| Ok(())).is_err());
        assert!(for_each::<i64, PackError>(br#"{"a":1}"#, |_, _| Ok(())).is_err());
        let e = for_each::<i64, Stop>(b"[1,2,3]", |i, _| {
            if i == 1 {
                Err(Stop("stop".to_string()))
            } else {
                Ok(())
            }
        })
        .unwrap_err();
        assert!(e.0.contains("stop"), "{e}");
    }
}
