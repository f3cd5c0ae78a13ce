//! Reliability: files no one curated, exit codes, a killed run, two runs at once, damaged
//! and foreign indexes, hostile queries, and the inputs fuzzing found. Every test states the
//! promise it checks; the binary is the debug build, so corpora are sized for it.

mod common;

#[path = "../fuzz/fuzz_targets/checks.rs"]
mod checks;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{LazyLock, Mutex};
use std::time::{Duration, Instant};

use common::{Run, TestEnv};
use gz_search::index::{self, Observer, Outcome, Request, WriteOptions};
use gz_search::{Error, Knowledge};
use proptest::prelude::*;
use serde_json::Value;

static KNOWLEDGE: LazyLock<Knowledge> =
    LazyLock::new(|| Knowledge::load(None).expect("built-in knowledge"));

/// A short article in the style of a wire story, with `word` in its body.
fn article(title: &str, word: &str) -> String {
    format!(
        "{title}\n\n\
         BAGHDAD — Officials in Baghdad said on Tuesday that the {word} project would go ahead \
         despite objections from residents who had asked for more time to study the plans.\n\n\
         The ministry said work on the {word} site would begin next month and that the first \
         stage should be finished before the summer heat makes outdoor work difficult.\n"
    )
}

/// Writes an article file, creating its folder.
fn write(path: &Path, text: impl AsRef<[u8]>) {
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("create folder");
    std::fs::write(path, text).expect("write file");
}

/// `total_hits` of `gz-search query QUERY --json` (exit 0 or 1 both fine).
fn total(env: &TestEnv, query: &str) -> u64 {
    let run = env.run(&["query", query, "--json"]);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    run.json()["total_hits"].as_u64().expect("total_hits")
}

fn hit_paths(json: &Value) -> Vec<String> {
    json["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| h["path"].as_str().expect("path").to_string())
        .collect()
}

/// Runs the binary, failing the test instead of hanging when it does not finish in time.
fn run_within(mut cmd: Command, limit: Duration) -> Run {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start gz-search");
    // Drain both pipes meanwhile: a child blocked on a full pipe would look like a hang.
    let drain = |pipe: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                pipe.read_to_end(&mut bytes).expect("read pipe");
            }
            bytes
        })
    };
    let stdout = drain(child.stdout.take().map(|p| Box::new(p) as _));
    let stderr = drain(child.stderr.take().map(|p| Box::new(p) as _));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("poll gz-search") {
            break status;
        }
        if started.elapsed() > limit {
            child.kill().expect("kill gz-search");
            panic!("gz-search did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Run::from_output(std::process::Output {
        status,
        stdout: stdout.join().expect("stdout reader"),
        stderr: stderr.join().expect("stderr reader"),
    })
}

fn occurrences(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

// --- inputs: encodings -------------------------------------------------------------------

const LEGACY_TEXT: &str = "Minister’s “plan” for Basra port costs £400m\n\n\
    BASRA — The minister’s “plan” to rebuild the port will cost £400m – a sum critics call \
    vast, officials said on Tuesday. Café owners nearby said the naïve timetable had slipped.\n\n\
    Engineers said the work would take three years and that the first berths could reopen \
    next spring if the money arrives on time from the federal budget in Baghdad.\n";

/// UTF-16 code units of `text` as bytes, with or without a byte-order mark.
fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let units = bom.then_some(0xFEFF).into_iter().chain(text.encode_utf16());
    if big_endian {
        units.flat_map(u16::to_be_bytes).collect()
    } else {
        units.flat_map(u16::to_le_bytes).collect()
    }
}

#[test]
fn legacy_and_utf16_files_are_decoded_not_mangled_or_skipped() {
    let env = TestEnv::new();
    let dir = env.root().join("encodings");
    let (windows_1252, _, unmappable) = encoding_rs::WINDOWS_1252.encode(LEGACY_TEXT);
    assert!(!unmappable);
    // Latin-1 proper: no smart quotes, only letters and signs it shares with Windows-1252.
    let latin1_text = "Café prices in Erbil\n\nERBIL — Café owners said a naïve rule on prices \
        had raised a coffee to £3, and that régime officials had promised to review it soon.\n\n\
        Shoppers in the old market said prices of bread and rice had also risen this month.\n";
    let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode(latin1_text);
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("windows-1252.txt", windows_1252.into_owned()),
        ("latin-1.txt", latin1.into_owned()),
        ("utf-16le-bom.txt", utf16(LEGACY_TEXT, false, true)),
        ("utf-16be-bom.txt", utf16(LEGACY_TEXT, true, true)),
        ("utf-16le.txt", utf16(LEGACY_TEXT, false, false)),
        ("utf-16be.txt", utf16(LEGACY_TEXT, true, false)),
    ];
    for (name, bytes) in &files {
        write(&dir.join(name), bytes);
    }
    for (name, _) in &files {
        let run = env.run(&["parse", "--json", &format!("encodings/{name}")]);
        let run = run.expect_code(0);
        let article: Value = serde_json::from_str(&run.stdout).expect("JSON line");
        let body = article["body"].as_str().expect("body");
        let want: &[&str] = if *name == "latin-1.txt" {
            &["Café owners", "naïve rule", "£3", "régime"]
        } else {
            &["minister’s “plan”", "£400m – a sum", "Café owners", "naïve"]
        };
        for text in want {
            assert!(body.contains(text), "{name}: {text:?} not in {body:?}");
        }
    }
    let run = env.run(&["index", "encodings"]).expect_code(0);
    assert!(
        run.stderr
            .contains("indexed 6, unchanged 0, skipped 0, failed 0"),
        "{}",
        run.stderr
    );
    assert_eq!(total(&env, "café"), 6);
    assert_eq!(
        total(&env, "\"naive timetable\""),
        5,
        "all but the Latin-1 text"
    );
}

// --- inputs: what is not an article --------------------------------------------------------

#[test]
fn binary_empty_and_blank_files_are_skipped_and_named_once() {
    let env = TestEnv::new();
    let dir = env.root().join("mixed");
    write(
        &dir.join("story.txt"),
        article("Bridge talks resume", "bridge"),
    );
    write(
        &dir.join("blob.txt"),
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01",
    );
    write(&dir.join("empty.txt"), b"");
    write(&dir.join("blank.txt"), b" \n\t\r\n   \n");
    for _ in 0..2 {
        let run = env.run(&["index", "mixed"]).expect_code(0);
        for (name, reason) in [
            ("blob.txt", "skipped: binary file"),
            ("empty.txt", "skipped: empty file"),
            ("blank.txt", "skipped: empty file"),
        ] {
            assert_eq!(occurrences(&run.stderr, name), 1, "{name}: {}", run.stderr);
            assert!(
                run.stderr.contains(&format!("{name}: {reason}")),
                "{}",
                run.stderr
            );
        }
        assert!(run.stderr.contains("skipped 3, failed 0"), "{}", run.stderr);
    }
    assert_eq!(total(&env, "*"), 1);
}

#[test]
fn a_200_mb_file_is_skipped_without_being_read() {
    let env = TestEnv::new();
    let dir = env.root().join("big");
    write(
        &dir.join("story.txt"),
        article("Bridge talks resume", "bridge"),
    );
    // Sparse: 200 MB on paper, no disk space, and nothing for the binary to read.
    let huge = std::fs::File::create(dir.join("huge.txt")).expect("create");
    huge.set_len(200 * 1024 * 1024).expect("set length");
    let run = run_within(
        {
            let mut cmd = env.cmd();
            cmd.args(["index", "big"]);
            cmd
        },
        Duration::from_secs(60),
    )
    .expect_code(0);
    assert!(
        run.stderr.contains("huge.txt: skipped: larger than 64 MiB"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("indexed 1,"), "{}", run.stderr);
}

#[test]
fn a_50_mb_single_line_is_indexed_in_part_with_a_warning() {
    let env = TestEnv::new();
    let dir = env.root().join("long");
    let sentence = "Officials in Kirkuk said the pipeline repairs would take another week. ";
    let line = sentence.repeat(50 * 1024 * 1024 / sentence.len());
    assert!(line.len() > 49 * 1024 * 1024 && !line.contains('\n'));
    write(&dir.join("one-line.txt"), &line);
    drop(line);
    let run = env.run(&["index", "long"]).expect_code(0);
    assert!(
        run.stderr
            .contains("one-line.txt: warning: only the first 1 MiB"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("indexed 1,"), "{}", run.stderr);
    assert_eq!(total(&env, "pipeline"), 1);
}

// --- inputs: files that cannot be read -----------------------------------------------------

/// Records what a library run did with each file.
#[derive(Default)]
struct Recorder(Mutex<Vec<(PathBuf, Outcome)>>);

impl Observer for Recorder {
    fn file(&self, path: &Path, outcome: &Outcome) {
        self.0
            .lock()
            .expect("recorder lock")
            .push((path.to_path_buf(), outcome.clone()));
    }
}

#[test]
fn a_file_deleted_between_listing_and_reading_fails_alone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let kept = dir.path().join("kept.txt");
    let gone = dir.path().join("gone.txt");
    write(&kept, article("Bridge talks resume", "bridge"));
    write(&gone, article("Port reopens", "port"));
    let listing = gz_search::corpus::walk(&[dir.path().to_path_buf()]).expect("walk");
    assert_eq!(listing.files, vec![gone.clone(), kept.clone()]);
    std::fs::remove_file(&gone).expect("delete");

    let recorder = Recorder::default();
    let options = WriteOptions {
        threads: 1,
        memory_budget: 50_000_000,
        ..WriteOptions::default()
    };
    let index_dir = dir.path().join("index");
    let summary = index::write(&index_dir, &listing.files, &KNOWLEDGE, &options, &recorder)
        .expect("the run goes on");
    assert_eq!(
        (summary.indexed, summary.failed, summary.documents),
        (1, 1, 1)
    );
    let outcomes = recorder.0.into_inner().expect("recorder lock");
    let (_, outcome) = outcomes
        .iter()
        .find(|(path, _)| *path == gone)
        .expect("the deleted file is reported");
    match outcome {
        Outcome::Failed(reason) => {
            assert!(reason.starts_with("cannot read"), "{reason}");
            assert!(reason.contains("gone.txt"), "{reason}");
        }
        other => panic!("deleted file: {other:?}"),
    }
}

#[cfg(unix)]
#[test]
fn unreadable_files_and_dangling_links_fail_alone_and_are_named() {
    use std::os::unix::fs::{symlink, PermissionsExt};
    let env = TestEnv::new();
    let dir = env.root().join("corpus");
    write(
        &dir.join("story.txt"),
        article("Bridge talks resume", "bridge"),
    );
    symlink(dir.join("nowhere.txt"), dir.join("dangling.txt")).expect("symlink");
    // Permissions only stop a reader that is not root; check what they do here.
    let locked = dir.join("locked.txt");
    write(&locked, article("Port reopens", "port"));
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let denied = std::fs::File::open(&locked).is_err();

    let run = env.run(&["index", "corpus"]).expect_code(1);
    assert!(
        run.stderr.contains("dangling.txt: ") && run.stderr.contains("No such file or directory"),
        "{}",
        run.stderr
    );
    if denied {
        assert!(
            run.stderr.contains("locked.txt: cannot read")
                && run.stderr.contains("Permission denied"),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains("failed 2"), "{}", run.stderr);
    } else {
        assert!(run.stderr.contains("failed 1"), "{}", run.stderr);
    }
    assert_eq!(total(&env, "bridge"), 1);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o644)).expect("chmod");
}

#[cfg(unix)]
#[test]
fn a_named_pipe_is_refused_at_once_not_waited_on() {
    let env = TestEnv::new();
    write(
        &env.root().join("story.txt"),
        article("Bridge talks resume", "bridge"),
    );
    let made = Command::new("mkfifo")
        .arg(env.root().join("pipe.txt"))
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let mut cmd = env.cmd();
    cmd.args(["parse", "--json", "pipe.txt", "story.txt"]);
    let run = run_within(cmd, Duration::from_secs(30)).expect_code(1);
    assert!(
        run.stderr.contains("pipe.txt: not a regular file"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout.lines().count(), 1, "the other file is parsed");
}

#[cfg(unix)]
#[test]
fn symbolic_link_loops_are_reported_and_do_not_stop_the_run() {
    use std::os::unix::fs::symlink;
    let env = TestEnv::new();
    let dir = env.root().join("corpus");
    write(
        &dir.join("sub/story.txt"),
        article("Bridge talks resume", "bridge"),
    );
    symlink(&dir, dir.join("sub/back-to-top")).expect("symlink");
    symlink("self.txt", dir.join("self.txt")).expect("symlink");
    let mut cmd = env.cmd();
    cmd.args(["index", "corpus"]);
    let run = run_within(cmd, Duration::from_secs(60)).expect_code(1);
    assert!(
        run.stderr.contains("back-to-top: symbolic link loop"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("self.txt: ")
            && run.stderr.contains("Too many levels of symbolic links"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("indexed 1,"), "{}", run.stderr);
    assert_eq!(total(&env, "bridge"), 1);
}

// --- inputs: odd names and deep folders ----------------------------------------------------

#[cfg(unix)]
#[test]
fn names_with_spaces_non_ascii_and_invalid_utf8_are_indexed_and_found() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let env = TestEnv::new();
    let dir = env.root().join("names");
    let invalid = OsStr::from_bytes(b"caf\xe9 report.txt");
    let files = [
        (
            PathBuf::from("name with spaces.txt"),
            "zorvath",
            "name with spaces.txt",
        ),
        (
            PathBuf::from("تقرير من بغداد.txt"),
            "quilmarn",
            "تقرير من بغداد.txt",
        ),
        (
            PathBuf::from(invalid),
            "brastovel",
            "caf\u{fffd} report.txt",
        ),
    ];
    for (name, word, _) in &files {
        write(&dir.join(name), article("A report", word));
    }
    let run = env.run(&["index", "names"]).expect_code(0);
    assert!(run.stderr.contains("indexed 3,"), "{}", run.stderr);
    for (_, word, shown) in &files {
        let json = env.run(&["query", word, "--json"]).expect_code(0).json();
        assert_eq!(json["total_hits"], 1, "{word}");
        let paths = hit_paths(&json);
        assert!(paths[0].ends_with(shown), "{paths:?} {shown}");
    }
    // The names are stable identities: nothing is re-indexed or removed the next time.
    let run = env.run(&["index", "names"]).expect_code(0);
    assert!(
        run.stderr.contains("indexed 0, unchanged 3") && run.stderr.contains("removed 0"),
        "{}",
        run.stderr
    );
    assert_eq!(total(&env, "*"), 3);
}

#[test]
fn a_file_200_folders_deep_is_found() {
    let env = TestEnv::new();
    let mut deep = env.root().join("deep");
    for level in 0..200 {
        deep.push(format!("level{level:03}"));
    }
    write(
        &deep.join("story.txt"),
        article("Bridge talks resume", "bridge"),
    );
    write(
        &env.root().join("deep/top.txt"),
        article("Port reopens", "port"),
    );
    let run = env.run(&["index", "deep"]).expect_code(0);
    assert!(run.stderr.contains("indexed 2,"), "{}", run.stderr);
    let json = env
        .run(&["query", "bridge", "--json"])
        .expect_code(0)
        .json();
    let paths = hit_paths(&json);
    assert_eq!(paths.len(), 1);
    assert_eq!(
        Path::new(&paths[0]).components().count(),
        202,
        "{}",
        paths[0]
    );
}

// --- exit codes, and the index after a failed run -----------------------------------------

#[cfg(unix)]
#[test]
fn exit_codes_follow_the_readme_and_failed_runs_keep_the_index() {
    let env = TestEnv::new();
    let seeds = env.copy_seeds("corpus");
    env.run(&["index", "corpus"]).expect_code(0);
    let before = env
        .run(&["query", "*", "--json", "--limit", "100"])
        .expect_code(0);
    let before = hit_paths(&before.json());
    assert_eq!(before.len(), 5);
    let still_there = |after: &str| {
        let json = env.run(&["query", "*", "--json", "--limit", "100"]).json();
        let now = hit_paths(&json);
        for path in &before {
            assert!(now.contains(path), "after {after}: {path} is gone");
        }
        now.len()
    };

    // 1: some files failed; the rest is indexed.
    std::os::unix::fs::symlink("nowhere.txt", seeds.join("dangling.txt")).expect("symlink");
    write(
        &seeds.join("new.txt"),
        article("Bridge talks resume", "bridge"),
    );
    env.run(&["index", "corpus"]).expect_code(1);
    assert_eq!(still_there("a partial run"), 6);

    // 2: fatal errors, before anything is written (checked once after all of them: any one
    // that dropped a document would show).
    std::fs::create_dir_all(env.root().join("empty")).expect("mkdir");
    for args in [
        &["index", "no/such/folder"][..],
        &["index", "--rebuild", "no/such/folder"],
        &["index", "--rebuild", "empty"],
        &["index", "--memory", "1", "corpus"],
        &["index", "--commit-every", "0", "corpus"],
        &["query", "title:(rocket"],
        &["query", "*", "--from", "yesterday"],
        &["frobnicate"],
    ] {
        let run = env.run(args).expect_code(2);
        assert!(!run.stderr.contains("panicked"), "{args:?}: {}", run.stderr);
        // Our own errors are one line; usage errors are clap's, with a hint to `--help`.
        let ours = run.stderr.starts_with("gz-search: ");
        assert!(
            (ours && run.stderr.lines().count() == 1) || run.stderr.starts_with("error: "),
            "{args:?}: {}",
            run.stderr
        );
    }
    assert_eq!(still_there("the fatal runs"), 6);

    // 0 and 1 for queries; 1 for parse with one bad file, whose good files are still shown.
    env.run(&["query", "rocket"]).expect_code(0);
    env.run(&["query", "zeppelin"]).expect_code(1);
    let run = env
        .run(&["parse", "--json", "corpus/new.txt", "corpus/missing.txt"])
        .expect_code(1);
    assert_eq!(run.stdout.lines().count(), 1, "{}", run.stdout);
    assert!(run.stderr.contains("missing.txt"), "{}", run.stderr);
}

// --- a killed run, and two runs at once -----------------------------------------------------

/// Writes `count` short articles from a template with varied words, so that every one is a
/// distinct article (the same words in another order, another place, another number).
fn write_generated_corpus(dir: &Path, count: usize) {
    const PLACES: &[&str] = &[
        "Baghdad",
        "Basra",
        "Mosul",
        "Erbil",
        "Kirkuk",
        "Najaf",
        "Karbala",
        "Fallujah",
        "Ramadi",
        "Tikrit",
        "Samarra",
        "Duhok",
        "Nasiriyah",
        "Amarah",
        "Kut",
        "Hilla",
    ];
    const WHO: &[&str] = &[
        "Officials",
        "Residents",
        "Police",
        "Witnesses",
        "Lawmakers",
        "Engineers",
        "Farmers",
        "Traders",
        "Doctors",
        "Teachers",
    ];
    const DID: &[&str] = &[
        "reported",
        "criticised",
        "welcomed",
        "questioned",
        "denied",
        "confirmed",
        "announced",
        "debated",
        "demanded",
        "described",
    ];
    const WHAT: &[&str] = &[
        "power cuts",
        "water shortages",
        "a new bridge",
        "the budget",
        "fuel prices",
        "road repairs",
        "the harvest",
        "school exams",
        "hospital funding",
        "border trade",
    ];
    const HOW: &[&str] = &[
        "sudden",
        "long",
        "costly",
        "modest",
        "surprising",
        "welcome",
        "disputed",
        "overdue",
        "record",
        "quiet",
    ];
    // A small xorshift generator: varied, and the same corpus on every run.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut pick = |list: &[&'static str]| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        list[(state % list.len() as u64) as usize]
    };
    std::fs::create_dir_all(dir).expect("corpus dir");
    for i in 0..count {
        let mut text = format!(
            "{} {} in {} draw comment, report {i}\n\n",
            pick(HOW),
            pick(WHAT),
            pick(PLACES)
        );
        for _ in 0..2 {
            text.push_str(&format!(
                "{} in {} {} the {} {} on day {i} and said that {} would need {} attention \
                 from the provincial council before the end of the month.\n\n",
                pick(WHO),
                pick(PLACES),
                pick(DID),
                pick(HOW),
                pick(WHAT),
                pick(WHAT),
                pick(HOW)
            ));
        }
        std::fs::write(dir.join(format!("a{i:05}.txt")), text).expect("write article");
    }
}

const GENERATED: usize = 1600;
const COMMIT_EVERY: u64 = 200;

fn spawn_index(env: &TestEnv, corpus: &str) -> Child {
    env.cmd()
        .args(["index", corpus, "--commit-every", &COMMIT_EVERY.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start gz-search index")
}

/// Polls `query '*'` until the running `child` has committed, and returns the count seen.
/// Queries must work while the index is written: each must succeed, not just eventually.
fn wait_for_a_commit(env: &TestEnv, child: &mut Child) -> u64 {
    let started = Instant::now();
    loop {
        assert!(
            child.try_wait().expect("poll index").is_none(),
            "the index run ended before a commit was seen; make the corpus larger"
        );
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "no commit within two minutes"
        );
        let run = env.run(&["query", "*", "--json", "--limit", "0"]);
        match run.code {
            0 => return run.json()["total_hits"].as_u64().expect("total"),
            // Before the first commit: no index yet, or an empty one.
            1 | 2 if !run.stderr.contains("panicked") => {}
            _ => panic!("query during indexing: {}\n{}", run.code, run.stderr),
        }
        std::thread::sleep(Duration::from_millis(30));
    }
}

#[test]
fn a_killed_run_keeps_its_commits_and_the_next_run_completes_it() {
    let env = TestEnv::new();
    write_generated_corpus(&env.root().join("corpus"), GENERATED);
    let mut child = spawn_index(&env, "corpus");
    let seen = wait_for_a_commit(&env, &mut child);
    child.kill().expect("SIGKILL");
    child.wait().expect("reap");
    assert!(
        seen >= COMMIT_EVERY && seen.is_multiple_of(COMMIT_EVERY),
        "{seen}"
    );

    // The index opens and answers; it holds exactly what was committed.
    let after = total(&env, "*");
    assert!(
        after >= seen && after.is_multiple_of(COMMIT_EVERY),
        "{after} after {seen}"
    );
    assert!(
        after < GENERATED as u64,
        "the run was killed before its end: {after}"
    );
    assert_eq!(total(&env, "*"), after, "stable");
    assert!(total(&env, "bridge") > 0);

    // The next run completes it, without duplicates.
    let run = env.run(&["index", "corpus"]).expect_code(0);
    let expected = format!("indexed {}, unchanged {after},", GENERATED as u64 - after);
    assert!(run.stderr.contains(&expected), "{}", run.stderr);
    let json = env
        .run(&["query", "*", "--json", "--limit", &GENERATED.to_string()])
        .expect_code(0)
        .json();
    assert_eq!(json["total_hits"], GENERATED);
    let mut paths = hit_paths(&json);
    paths.sort();
    paths.dedup();
    assert_eq!(paths.len(), GENERATED, "duplicate paths");
}

#[test]
fn queries_work_during_a_run_and_a_second_writer_is_refused_at_once() {
    let env = TestEnv::new();
    write_generated_corpus(&env.root().join("corpus"), GENERATED);
    let mut first = spawn_index(&env, "corpus");
    let seen = wait_for_a_commit(&env, &mut first);
    assert!(seen.is_multiple_of(COMMIT_EVERY), "{seen}");

    let started = Instant::now();
    let second = env.run(&["index", "corpus"]).expect_code(2);
    let took = started.elapsed();
    assert!(
        second
            .stderr
            .contains("is being written by another gz-search process"),
        "{}",
        second.stderr
    );
    assert_eq!(second.stderr.lines().count(), 1, "{}", second.stderr);
    // Refused at once: the first run is still going when the second has given up.
    assert!(first.try_wait().expect("poll").is_none(), "took {took:?}");

    let during = env
        .run(&["query", "bridge", "--json"])
        .expect_code(0)
        .json();
    assert!(during["total_hits"].as_u64().expect("total") > 0);
    assert!(
        first.try_wait().expect("poll").is_none(),
        "query after the end"
    );

    let output = first.wait_with_output().expect("first run");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!("indexed {GENERATED},")),
        "{stderr}"
    );
    assert_eq!(total(&env, "*"), GENERATED as u64);
}

// --- damaged and foreign indexes ----------------------------------------------------------

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), to.join(entry.file_name())).expect("copy");
    }
}

/// Files of the index with this extension (segment files).
fn segment_files(dir: &Path, extension: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read index")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no .{extension} file");
    files
}

fn truncate_half(path: &Path) {
    let len = std::fs::metadata(path).expect("size").len();
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .expect("open");
    file.set_len(len / 2).expect("truncate");
}

/// Overwrites the body of a file, leaving its last 200 bytes (the footer) alone.
fn scramble(path: &Path) {
    let mut bytes = std::fs::read(path).expect("read");
    let end = bytes.len().saturating_sub(200);
    for (i, b) in bytes[..end].iter_mut().enumerate() {
        *b ^= 0x5A ^ (i as u8);
    }
    std::fs::write(path, bytes).expect("write");
}

#[test]
fn a_foreign_or_damaged_index_asks_for_a_rebuild_and_rebuild_repairs_it() {
    let env = TestEnv::new();
    env.copy_seeds("corpus");
    let pristine = env.root().join("pristine");
    let index_arg = pristine.to_str().expect("utf-8 temp path");
    env.run(&["--index", index_arg, "index", "corpus"])
        .expect_code(0);

    let marker = gz_search::index::MARKER_FILE;
    let other_version = gz_search::index::FORMAT_VERSION + 1;
    type Damage = Box<dyn Fn(&Path)>;
    let cases: Vec<(&str, Damage, &str)> = vec![
        (
            "another format version",
            Box::new(move |d| write(&d.join(marker), format!("{{\"format\":{other_version}}}"))),
            "has format version",
        ),
        (
            "no marker",
            Box::new(move |d| std::fs::remove_file(d.join(marker)).expect("rm")),
            "has no `gz-search.json`",
        ),
        (
            "a corrupt marker",
            Box::new(move |d| write(&d.join(marker), "{\"form")),
            "has a corrupt `gz-search.json`",
        ),
        (
            "no meta.json",
            Box::new(|d| std::fs::remove_file(d.join("meta.json")).expect("rm")),
            "is damaged: `meta.json` is missing",
        ),
        (
            "a truncated meta.json",
            Box::new(|d| truncate_half(&d.join("meta.json"))),
            "is damaged",
        ),
        (
            "a deleted segment file",
            Box::new(|d| std::fs::remove_file(&segment_files(d, "store")[0]).expect("rm")),
            ".store` is missing",
        ),
    ];
    let mut cases = cases;
    for extension in ["idx", "store"] {
        cases.push((
            "a truncated segment file",
            Box::new(move |d| truncate_half(&segment_files(d, extension)[0])),
            "is cut short or corrupt",
        ));
    }
    // Damage that the file ends do not show: the checksums do.
    cases.push((
        "a scrambled segment file",
        Box::new(|d| {
            for file in segment_files(d, "store") {
                scramble(&file);
            }
        }),
        "checksum",
    ));

    for (n, (what, damage, says)) in cases.iter().enumerate() {
        let dir = env.root().join(format!("case{n}"));
        copy_dir(&pristine, &dir);
        damage(&dir);
        let index_arg = dir.to_str().expect("utf-8 temp path");
        let run = env.run(&["--index", index_arg, "query", "Katyusha"]);
        assert_eq!(run.code, 2, "{what}: {}", run.stderr);
        assert!(run.stderr.contains(says), "{what}: {}", run.stderr);
        assert!(
            run.stderr.contains("run `gz-search index --rebuild DIR`"),
            "{what}: {}",
            run.stderr
        );
        assert_eq!(run.stderr.lines().count(), 1, "{what}: {}", run.stderr);
        // The writer opens the index the same way, and the way out works: once per kind of
        // damage is enough, it is one code path. (A scrambled store is only read by
        // searches, so indexing may go on there.)
        let representative = [0, 3, 6, cases.len() - 1].contains(&n);
        if representative && !what.starts_with("a scrambled") {
            let run = env.run(&["--index", index_arg, "index", "corpus"]);
            assert_eq!(run.code, 2, "{what}: {}", run.stderr);
            assert!(run.stderr.contains("--rebuild"), "{what}: {}", run.stderr);
        }
        if representative {
            env.run(&["--index", index_arg, "index", "--rebuild", "corpus"])
                .expect_code(0);
            let json = env
                .run(&["--index", index_arg, "query", "*", "--json"])
                .expect_code(0)
                .json();
            assert_eq!(json["total_hits"], 5, "{what}: after --rebuild");
        }
    }
}

// --- hostile queries ------------------------------------------------------------------------

/// The five seeds, indexed.
fn seeded() -> TestEnv {
    let env = TestEnv::new();
    env.run_in_project(&["index", "seeds/"]).expect_code(0);
    env
}

/// Runs a query within a time bound and returns the run.
fn query_within(env: &TestEnv, args: &[&str], limit: Duration) -> Run {
    let mut cmd = env.cmd();
    cmd.arg("query").args(args);
    let started = Instant::now();
    let run = run_within(cmd, limit);
    assert!(started.elapsed() <= limit);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run
}

#[test]
fn an_empty_query_is_a_clear_error() {
    let env = seeded();
    for query in ["", "   ", "\t"] {
        let run = env.run(&["query", query]).expect_code(2);
        assert!(
            run.stderr
                .contains("the query is empty; use `*` to match every document"),
            "{query:?}: {}",
            run.stderr
        );
    }
}

#[test]
fn a_10000_term_query_is_answered_in_bounded_time() {
    let env = seeded();
    let limit = Duration::from_secs(60);
    let unknown: Vec<String> = (0..10_000).map(|i| format!("w{i}")).collect();
    let run = query_within(&env, &["--json", "--", &unknown.join(" ")], limit).expect_code(1);
    assert_eq!(run.json()["total_hits"], 0);
    let run = query_within(&env, &["--json", "--", &unknown.join(" OR ")], limit).expect_code(1);
    assert_eq!(run.json()["total_hits"], 0);
    let repeated = vec!["rocket"; 10_000].join(" ");
    let run = query_within(&env, &["--json", "--", &repeated], limit).expect_code(0);
    assert!(run.json()["total_hits"].as_u64().expect("total") > 0);
    // Capitalised words are names, which widen to their spellings and to known names: a long
    // run of them, or one long phrase, must not cost more than its length.
    let names = vec!["Kadhimi"; 10_000].join(" ");
    let run = query_within(&env, &["--json", "--", &names], limit).expect_code(0);
    assert!(run.json()["total_hits"].as_u64().expect("total") > 0);
    let phrase = format!("\"{names}\"");
    query_within(&env, &["--json", "--", &phrase], limit).expect_code(1);
}

#[test]
fn deeply_nested_queries_are_refused_not_a_stack_overflow() {
    let env = seeded();
    let limit = Duration::from_secs(30);
    let brackets = format!("{}rocket{}", "(".repeat(5000), ")".repeat(5000));
    let nots = format!("* {}rocket", "NOT ".repeat(5000));
    let mixed = format!("{}rocket{}", "NOT (".repeat(2000), ")".repeat(2000));
    for query in [&brackets, &nots, &mixed] {
        let run = query_within(&env, &["--", query], limit).expect_code(2);
        assert!(
            run.stderr.contains("are nested more than 32 deep"),
            "{}",
            run.stderr
        );
    }
    // Ordinary nesting still works.
    query_within(
        &env,
        &["((rocket OR drone) AND (embassy OR baghdad))"],
        limit,
    )
    .expect_code(0);
}

#[test]
fn odd_queries_get_a_clear_error_or_an_answer() {
    let env = seeded();
    let limit = Duration::from_secs(30);
    for (query, says) in [
        ("rocket)", "`)` has no matching `(`"),
        ("year:[2020 TO", "`[` is never closed with `]`"),
        ("\"green zone", "a phrase is missing its closing `\"`"),
        ("nosuchfield:rocket", "invalid query"),
        ("body:/rock.*/", "invalid query"),
        ("year:notanumber", "invalid query"),
    ] {
        let run = query_within(&env, &["--", query], limit).expect_code(2);
        assert!(run.stderr.contains(says), "{query}: {}", run.stderr);
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    }
    // Excluding a phrase that a segment lacks (found by fuzzing: Tantivy asserts on it in
    // debug builds, quickwit-oss/tantivy#2811) leaves exactly the other documents.
    let all = total(&env, "s");
    let with = total(&env, "s AND \"a s\"");
    assert_eq!(total(&env, "s -\"a s\""), all - with);
    for query in [
        "date:[9999-01-01T00:00:00Z TO *]",
        "rocket^0",
        "\"a b\"~99",
        "?",
        "<",
    ] {
        let run = query_within(&env, &["--", query], limit);
        assert!(run.code == 0 || run.code == 1, "{query}: {}", run.stderr);
    }
}

#[test]
fn huge_limits_and_offsets_get_a_clear_error_or_an_answer() {
    let env = seeded();
    let limit = Duration::from_secs(30);
    let json = env.query_json(&["*", "--limit", "10000"]);
    assert_eq!(json["hits"].as_array().expect("hits").len(), 5);
    for (args, says) in [
        (&["*", "--limit", "10001"][..], "invalid limit `10001`"),
        (&["*", "--limit", "18446744073709551615"], "invalid limit"),
        (
            &["*", "--limit", "99999999999999999999999"],
            "invalid value",
        ),
        (&["*", "--offset", "18446744073709551615"], "invalid offset"),
        (&["*", "--offset", "1000001"], "invalid offset `1000001`"),
    ] {
        let run = query_within(&env, args, limit).expect_code(2);
        assert!(run.stderr.contains(says), "{args:?}: {}", run.stderr);
    }
    let json = query_within(&env, &["*", "--json", "--offset", "1000000"], limit)
        .expect_code(0)
        .json();
    assert_eq!(json["total_hits"], 5);
    assert_eq!(json["hits"], serde_json::json!([]));
}

#[test]
fn invalid_and_far_dates_get_a_clear_error_or_an_answer() {
    let env = seeded();
    let limit = Duration::from_secs(30);
    for (flag, value) in [
        ("--from", "2021-02-30"),
        ("--to", "yesterday"),
        ("--from", "2021-1"),
        ("--to", ""),
    ] {
        let run = query_within(&env, &["*", flag, value], limit).expect_code(2);
        assert!(
            run.stderr.contains(&format!("invalid {flag} `{value}`"))
                && run.stderr.contains("expected YYYY-MM-DD"),
            "{}",
            run.stderr
        );
    }
    // Dates beyond what an index holds are as good as open ends.
    let dated = total(&env, "date:[2000-01-01T00:00:00Z TO *]");
    for args in [
        &["*", "--json", "--to", "9999-12-31"][..],
        &["*", "--json", "--from", "0001-01-01"],
        &[
            "*",
            "--json",
            "--from",
            "1000-01-01",
            "--to",
            "+200000-01-01",
        ],
    ] {
        let run = query_within(&env, args, limit).expect_code(0);
        assert_eq!(run.json()["total_hits"], dated, "{args:?}");
    }
    let run = query_within(
        &env,
        &["*", "--json", "--from", "2022-01-01", "--to", "2020-01-01"],
        limit,
    )
    .expect_code(1);
    assert_eq!(run.json()["total_hits"], 0);
}

// --- fuzzing finds, kept as regression tests ------------------------------------------------

fn fixtures(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no fixtures in {}", dir.display());
    files
}

/// An index of the seeds, built once for the library-level query tests.
static SEED_INDEX: LazyLock<(tempfile::TempDir, PathBuf)> = LazyLock::new(|| {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut files: Vec<PathBuf> = std::fs::read_dir(common::seeds_dir())
        .expect("seeds")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    let path = dir.path().join("index");
    let options = WriteOptions {
        threads: 1,
        memory_budget: 50_000_000,
        ..WriteOptions::default()
    };
    index::write(&path, &files, &KNOWLEDGE, &options, &Recorder::default()).expect("index");
    (dir, path)
});

/// A search on the seed index: results, or an error about the query or a value.
fn search_cleanly(request: &Request) -> Result<u64, String> {
    match index::search(&SEED_INDEX.1, request, &KNOWLEDGE) {
        Ok(results) => Ok(results.total_hits as u64),
        Err(err @ (Error::Query { .. } | Error::InvalidValue { .. })) => Err(err.to_string()),
        Err(other) => panic!("{:?}: not a query error: {other:?}", request.query),
    }
}

#[test]
fn saved_parse_fuzzing_inputs_still_hold() {
    for file in fixtures("parse") {
        let data = std::fs::read(&file).expect("read fixture");
        checks::parse_keeps_to_the_input(&data, &KNOWLEDGE);
    }
}

#[test]
fn saved_query_fuzzing_inputs_still_hold() {
    for file in fixtures("query") {
        let data = std::fs::read(&file).expect("read fixture");
        let request = checks::request(&data).expect("fixture has the option bytes");
        let outcome = std::thread::Builder::new()
            // The search runs on a small stack, as in a test thread: nesting must be refused
            // long before it could overflow.
            .stack_size(256 * 1024)
            .spawn(move || search_cleanly(&request))
            .expect("thread")
            .join();
        assert!(outcome.is_ok(), "{}: panicked", file.display());
    }
}

// --- properties -------------------------------------------------------------------------------

/// Lines that look like pages: prose, chrome, datelines, dates, anything.
fn page_line() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Z][a-z]{2,9}( [a-z]{1,9}){8,30}[.!?]",
        "[A-Z][a-z]+ [A-Z][a-z]+ \\(Reuters\\) [-—] [A-Za-z ,]{10,80}\\.",
        "(By|Photo:|Share|Read more:|Related:|©) [A-Za-z ]{0,40}",
        "(January|March|July) [1-9], 20[0-2][0-9]",
        "\\PC{0,120}",
        Just(String::new()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn parsing_any_page_keeps_to_its_text(lines in proptest::collection::vec(page_line(), 0..40)) {
        checks::parse_keeps_to_the_input(lines.join("\n").as_bytes(), &KNOWLEDGE);
    }

    #[test]
    fn parsing_any_bytes_keeps_to_their_text(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        checks::parse_keeps_to_the_input(&bytes, &KNOWLEDGE);
    }

    #[test]
    fn any_query_gives_results_or_a_clean_error(
        query in "([a-zA-Z]{1,8}|[ ()\\[\\]{}\"'*:^~+\\-!]|AND|OR|NOT|TO|title:|body:|outlet:|year:|date:|actors:|[0-9]{1,6}){0,24}",
        options in any::<u8>(),
        limit in any::<u8>(),
        offset in any::<u8>(),
    ) {
        let mut data = vec![options, limit, offset];
        data.extend_from_slice(query.as_bytes());
        let request = checks::request(&data).expect("three option bytes");
        if let Err(message) = search_cleanly(&request) {
            prop_assert!(!message.is_empty() && !message.contains('\n'), "{message}");
        }
    }

    #[test]
    fn any_text_as_a_query_gives_results_or_a_clean_error(query in "\\PC{0,200}") {
        let request = Request { query, limit: 10, ..Request::default() };
        if let Err(message) = search_cleanly(&request) {
            prop_assert!(!message.is_empty(), "{message}");
        }
    }
}
