//! `yusuan demo` ends with the analyst's tables on the bundled corpus.

mod common;

use common::Scratch;

#[test]
fn demo_prints_yoy_sangong_assets_and_procurement() {
    let scratch = Scratch::new();
    // The demo takes no --db: it writes the database --out names.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .env_remove("YUSUAN_DB")
        .env_remove("COLUMNS")
        .arg("demo")
        .arg("--out")
        .arg(scratch.path("demo.db"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", common::stderr_of(&output));
    let stdout = common::stdout_of(&output);
    let mut at = 0;
    for heading in [
        "== yusuan units",
        "== yusuan yoy",
        "== yusuan sangong",
        "== yusuan assets",
        "== yusuan procurement",
        "== yusuan procurement --by catalogue",
    ] {
        let found = stdout[at..]
            .find(&format!("{heading}\n"))
            .unwrap_or_else(|| panic!("{heading} missing or out of order"));
        at += found + heading.len();
    }
    // The real 2023 document's published 支出总表 合计 and 三公 小计 (万元).
    assert!(stdout.contains("1,079.09"), "{stdout}");
    assert!(stdout.contains("12.36"), "{stdout}");
    // Both units, three years each.
    for unit in ["434001", "434002"] {
        assert!(stdout.contains(&format!("{unit} ")), "{unit}");
    }
    assert!(stdout.contains("change_2022_2023"));
}
