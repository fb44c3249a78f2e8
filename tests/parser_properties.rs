//! Property tests for the parsers: amounts, the layout reader, and the whole
//! import path on damaged documents (never a panic, always a place).

use proptest::prelude::*;
use std::path::Path;
use yusuan::amount::{format_fen, parse_cell, AmountUnit, Cell};
use yusuan::import::prepare_bytes;
use yusuan::read::{blocks, Block};

const SAMPLE: &str = include_str!("fixtures/demo/shanhaiguan-zfb-2023.txt");

/// "1234567.89" → "1,234,567.89"
fn with_separators(plain: &str) -> String {
    let (sign, rest) = plain.strip_prefix('-').map_or(("", plain), |r| ("-", r));
    let (int_part, frac) = rest.split_once('.').unwrap_or((rest, ""));
    let mut grouped = String::new();
    for (i, c) in int_part.chars().enumerate() {
        if i > 0 && (int_part.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}{grouped}.{frac}")
}

proptest! {
    #[test]
    fn yuan_amounts_round_trip(fen in -10_000_000_000_000i64..10_000_000_000_000i64) {
        let plain = format_fen(fen, AmountUnit::Yuan, 2);
        prop_assert_eq!(parse_cell(&plain, AmountUnit::Yuan), Ok(Cell::Fen(fen)));
        prop_assert_eq!(parse_cell(&with_separators(&plain), AmountUnit::Yuan), Ok(Cell::Fen(fen)));
    }

    #[test]
    fn wanyuan_amounts_round_trip_and_agree_with_yuan(hundredths in -1_000_000_000i64..1_000_000_000i64) {
        // Published 万元 figures have two decimals: multiples of 100 元.
        let fen = hundredths * 10_000;
        let wan = format_fen(fen, AmountUnit::Wanyuan, 2);
        let yuan = format_fen(fen, AmountUnit::Yuan, 2);
        prop_assert_eq!(parse_cell(&wan, AmountUnit::Wanyuan), Ok(Cell::Fen(fen)));
        prop_assert_eq!(parse_cell(&wan, AmountUnit::Wanyuan), parse_cell(&yuan, AmountUnit::Yuan));
    }

    #[test]
    fn amount_parser_never_panics(text in "\\PC{0,24}") {
        let _ = parse_cell(&text, AmountUnit::Wanyuan);
        let _ = parse_cell(&text, AmountUnit::Yuan);
    }

    /// Rows written in the layout come back as the same cells.
    #[test]
    fn layout_reader_recovers_rows(rows in prop::collection::vec(
        prop::collection::vec("[^\\t\\r\\n]{0,8}", 1..6), 1..8)
    ) {
        let mut text = String::from("标题\n");
        for row in &rows {
            for cell in row {
                text.push('\t');
                text.push_str(cell);
                text.push('\n');
            }
            text.push('\n');
        }
        let parsed = blocks(&text);
        let table = parsed.iter().find_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        });
        let got: Vec<Vec<String>> = table
            .map(|t| t.rows.iter().map(|r| r.cells.iter().map(|c| c.to_string()).collect()).collect())
            .unwrap_or_default();
        prop_assert_eq!(got, rows);
    }

    /// Cut the sample anywhere: the import either succeeds or says where it stopped.
    #[test]
    fn truncated_sample_never_panics(cut in 0usize..SAMPLE.len()) {
        let bytes = &SAMPLE.as_bytes()[..cut];
        if let Err(message) = prepare_bytes(Path::new("cut.txt"), bytes).map_err(|e| e.to_string()) {
            prop_assert!(!message.is_empty());
        }
    }

    /// Replace one line of the sample with arbitrary text: never a panic, and
    /// a refusal always names a line.
    #[test]
    fn damaged_sample_never_panics(line in 0usize..2492, junk in "\\PC{0,12}", tab in any::<bool>()) {
        let mut lines: Vec<String> = SAMPLE.lines().map(str::to_string).collect();
        let index = line % lines.len();
        lines[index] = if tab { format!("\t{junk}") } else { junk };
        let text = lines.join("\n");
        if let Err(message) = prepare_bytes(Path::new("damaged.txt"), text.as_bytes()).map_err(|e| e.to_string()) {
            prop_assert!(message.contains("line") || message.contains("empty") || message.contains("binary"), "{}", message);
        }
    }
}
