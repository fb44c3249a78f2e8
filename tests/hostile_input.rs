//! Inputs an adversarial user gives `yusuan import`: a FIFO, a device, a
//! folder holding either or a symlink loop, a file far over its format's
//! size limit, a page nested 100,000 deep, a folder one of whose subfolders
//! cannot be read, and a database in a place that cannot be written. Each
//! answers promptly with a message naming the path; nothing hangs.

mod common;

use common::{sample, stderr_of, stdout_of, Scratch};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Run `cmd`, killing it if it has not finished within `limit`: a hang
/// fails the test instead of blocking the suite.
fn finish_within(mut cmd: Command, limit: Duration) -> Output {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > limit {
            child.kill().unwrap();
            let output = child.wait_with_output().unwrap();
            panic!(
                "still running after {limit:?}:\n{}\n{}",
                stdout_of(&output),
                stderr_of(&output)
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

fn yusuan(db: &Path) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("yusuan"));
    cmd.arg("--db").arg(db).env_remove("YUSUAN_DB");
    cmd
}

fn import(db: &Path, args: &[&Path]) -> Output {
    let mut cmd = yusuan(db);
    cmd.arg("import").args(args);
    finish_within(cmd, Duration::from_secs(60))
}

fn mkfifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
}

fn units_count(db: &Path) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row("SELECT count(*) FROM disclosures", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_fifo_or_device_named_on_the_command_line_is_refused() {
    let scratch = Scratch::new();
    let fifo = scratch.path("pipe.txt");
    mkfifo(&fifo);
    for (path, kind) in [(fifo.as_path(), "FIFO"), (Path::new("/dev/zero"), "device")] {
        let output = import(&scratch.db(), &[path]);
        assert_eq!(output.status.code(), Some(1), "{}", stderr_of(&output));
        let stderr = stderr_of(&output);
        assert!(
            stderr.contains(&path.display().to_string()) && stderr.contains(kind),
            "{stderr}"
        );
        assert!(stderr.contains("不是普通文件"), "{stderr}");
    }
}

#[test]
fn a_folder_walk_skips_fifos_and_symlink_loops_and_imports_the_rest() {
    let scratch = Scratch::new();
    let folder = scratch.path("downloads");
    std::fs::create_dir_all(folder.join("sub")).unwrap();
    std::fs::copy(sample(), folder.join("sub/sample.txt")).unwrap();
    mkfifo(&folder.join("pipe.txt"));
    // A link back up the tree, and two links pointing at each other.
    std::os::unix::fs::symlink(&folder, folder.join("sub/up")).unwrap();
    std::os::unix::fs::symlink(folder.join("b.txt"), folder.join("a.txt")).unwrap();
    std::os::unix::fs::symlink(folder.join("a.txt"), folder.join("b.txt")).unwrap();
    let output = import(&scratch.db(), &[&folder]);
    let stderr = stderr_of(&output);
    assert!(stdout_of(&output).contains("✓ "), "{stderr}");
    assert_eq!(units_count(&scratch.db()), 1);
    assert!(
        stderr.contains("pipe.txt") && stderr.contains("FIFO"),
        "{stderr}"
    );
    assert!(
        stderr.contains("sub/up") && stderr.contains("loop"),
        "{stderr}"
    );
    // The looping pair cannot be read: each named, the import exits 1.
    assert!(
        stderr.contains("a.txt") && stderr.contains("b.txt"),
        "{stderr}"
    );
    assert_eq!(output.status.code(), Some(1), "{stderr}");
}

#[test]
fn a_file_over_its_formats_limit_is_refused_before_it_is_read() {
    let scratch = Scratch::new();
    // 2 GB of zeros (sparse: no disk used), and 10 MB of text.
    let zeros = scratch.path("zeros.txt");
    std::fs::File::create(&zeros)
        .unwrap()
        .set_len(2 << 30)
        .unwrap();
    let text = scratch.write("big.txt", "预算年度 2023 收入\n".repeat(400_000));
    let output = import(&scratch.db(), &[&zeros]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr_of(&output).contains("二进制"),
        "{}",
        stderr_of(&output)
    );

    let output = import(&scratch.db(), &[&text]);
    let stderr = stderr_of(&output);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("8 MiB") && stderr.contains("--max-size"),
        "{stderr}"
    );
    // Raised, the file is read (and refused for what it holds, not its size).
    let mut cmd = yusuan(&scratch.db());
    cmd.args(["import", "--max-size", "64M"]).arg(&text);
    let output = finish_within(cmd, Duration::from_secs(120));
    let stderr = stderr_of(&output);
    assert!(!stderr.contains("--max-size"), "{stderr}");
}

#[test]
fn a_page_nested_a_hundred_thousand_deep_is_refused_promptly() {
    let scratch = Scratch::new();
    let page = format!(
        "<!DOCTYPE html><html><body><table><tr><td>1</td></tr></table>{}x{}</body></html>",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    let file = scratch.write("deep.html", page);
    // 40 s before; the pre-scan answers in well under a second, and the
    // limit here only keeps a regression from hanging the suite.
    let mut cmd = yusuan(&scratch.db());
    cmd.arg("import").arg(&file);
    let output = finish_within(cmd, Duration::from_secs(20));
    let stderr = stderr_of(&output);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("嵌套") && stderr.contains("deep.html"),
        "{stderr}"
    );
}

/// Run the binary as an unprivileged user when the tests run as root, who
/// reads and writes whatever permissions say: `nobody` is refused as any
/// user would be.
fn as_unprivileged(cmd: &mut Command) {
    use std::os::unix::process::CommandExt;
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        cmd.uid(65534).gid(65534);
    }
}

/// A scratch folder every user may enter (tempdir makes it 0700).
fn open_scratch() -> Scratch {
    use std::os::unix::fs::PermissionsExt;
    let scratch = Scratch::new();
    std::fs::set_permissions(scratch.dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    scratch
}

fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn an_unreadable_subfolder_costs_only_itself() {
    let scratch = open_scratch();
    let folder = scratch.path("downloads");
    std::fs::create_dir_all(folder.join("closed")).unwrap();
    std::fs::create_dir_all(folder.join("open")).unwrap();
    std::fs::copy(sample(), folder.join("open/sample.txt")).unwrap();
    std::fs::copy(sample(), folder.join("closed/hidden-copy.txt")).unwrap();
    let data = scratch.path("data");
    std::fs::create_dir_all(&data).unwrap();
    chmod(&data, 0o777);
    chmod(&folder.join("closed"), 0o000);
    let db = data.join("test.db");
    let mut cmd = yusuan(&db);
    cmd.arg("import").arg(&folder);
    as_unprivileged(&mut cmd);
    let output = finish_within(cmd, Duration::from_secs(60));
    chmod(&folder.join("closed"), 0o755);
    let stderr = stderr_of(&output);
    assert!(stdout_of(&output).contains("✓ "), "{stderr}");
    assert!(
        stderr.contains("downloads/closed") && stderr.contains("无法读取目录"),
        "{stderr}"
    );
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_eq!(units_count(&db), 1);
}

#[test]
fn a_database_in_a_read_only_folder_answers_queries_and_refuses_imports() {
    let scratch = open_scratch();
    let place = scratch.path("archive");
    std::fs::create_dir_all(&place).unwrap();
    let db = place.join("budget.db");
    let output = import(&db, &[&sample()]);
    assert!(output.status.success(), "{}", stderr_of(&output));
    let lock = yusuan::store::lock_path(&db);
    let _ = std::fs::remove_file(lock);
    chmod(&db, 0o444);
    chmod(&place, 0o555);
    let run = |args: &[&str]| {
        let mut cmd = yusuan(&db);
        cmd.args(args);
        as_unprivileged(&mut cmd);
        finish_within(cmd, Duration::from_secs(60))
    };
    for args in [
        &["units"][..],
        &["yoy", "--format", "csv"],
        &["sql", "SELECT count(*) FROM disclosures"],
    ] {
        let output = run(args);
        assert!(
            output.status.success(),
            "{args:?}: {}{}",
            stdout_of(&output),
            stderr_of(&output)
        );
    }
    let output = run(&["sql", "SELECT count(*) AS n FROM disclosures"]);
    assert!(stdout_of(&output).contains('1'), "{}", stdout_of(&output));
    let mut import = vec!["import".to_string()];
    import.push(sample().display().to_string());
    let output = run(&import.iter().map(String::as_str).collect::<Vec<_>>());
    chmod(&place, 0o755);
    let stderr = stderr_of(&output);
    assert!(!output.status.success(), "{stderr}");
    assert!(
        stderr.contains("只读") && stderr.contains("budget.db"),
        "{stderr}"
    );
}
