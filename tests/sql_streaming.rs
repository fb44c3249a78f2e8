//! `yusuan sql` writes rows as SQLite produces them: a result far larger
//! than the process's memory use passes through it (alone in its test
//! binary, because it measures the memory of child processes).

mod common;

use common::{seeded, stderr_of};
use std::process::{Command, Stdio};

/// The largest resident size of any child this process has waited for, in
/// bytes.
fn children_max_rss() -> u64 {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage fills the struct it is given and reads nothing.
    let usage = unsafe {
        assert_eq!(
            libc::getrusage(libc::RUSAGE_CHILDREN, usage.as_mut_ptr()),
            0
        );
        usage.assume_init()
    };
    // Linux reports kilobytes.
    u64::try_from(usage.ru_maxrss).unwrap() * 1024
}

#[test]
fn two_hundred_megabytes_of_rows_pass_through_without_being_held() {
    let scratch = seeded();
    let rows = 400_000;
    let sql = format!(
        "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < {rows}) \
         SELECT n, printf('%0500d', n) AS padding FROM s"
    );
    // About 200 MB of text: collected, the process would hold all of it.
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("yusuan"))
        .arg("--db")
        .arg(scratch.db())
        .args(["sql", "--format", "csv", &sql])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = 0usize;
    let stdout = child.stdout.take().unwrap();
    for line in std::io::BufRead::lines(std::io::BufReader::new(stdout)) {
        line.unwrap();
        lines += 1;
    }
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert_eq!(lines, rows + 1);
    let rss = children_max_rss();
    eprintln!("largest child: {} MB", rss >> 20);
    assert!(rss < 80 << 20, "the query held {} MB", rss >> 20);
}
