//! `convene check`, run as the real binary on fixture decks.
//!
//! Every `tests/invalid_decks/NAME.toml` must make `convene check NAME.toml` exit 1 and print
//! exactly `NAME.stderr` on stderr; every `tests/warning_decks/NAME.toml` must exit 0 (and 1
//! with `--strict`) and print exactly `NAME.stderr`. Run with `CONVENE_BLESS=1` to rewrite the
//! expected files after an intended change, then review the diff.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_convene"));
    c.env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR");
    c
}

fn dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(name)
}

/// Run `convene check ARGS…` in `cwd`.
fn check(cwd: &Path, args: &[&str]) -> Output {
    bin()
        .current_dir(cwd)
        .arg("check")
        .args(args)
        .output()
        .expect("run convene")
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exited normally")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

fn fixtures(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("fixture dir")
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".toml").map(str::to_owned)
        })
        .collect();
    names.sort();
    names
}

/// Check every fixture in `dir` against its `.stderr` and the expected exit code; collect all
/// mismatches before failing, so one run shows them all.
fn run_fixtures(dir_name: &str, args: &[&str], expected_code: i32) -> usize {
    let dir = dir(dir_name);
    let bless = std::env::var_os("CONVENE_BLESS").is_some_and(|v| v == "1");
    let mut failures = Vec::new();
    let names = fixtures(&dir);
    for name in &names {
        let file = format!("{name}.toml");
        let mut all_args = args.to_vec();
        all_args.push(&file);
        let out = check(&dir, &all_args);
        let got = stderr(&out);
        let expected_path = dir.join(format!("{name}.stderr"));
        if bless {
            std::fs::write(&expected_path, &got).expect("write .stderr");
        } else {
            match std::fs::read_to_string(&expected_path) {
                Ok(want) if want == got => {}
                Ok(want) => failures.push(format!(
                    "{dir_name}/{name}: stderr differs\n--- expected\n{want}\n--- got\n{got}"
                )),
                Err(_) => failures.push(format!(
                    "{dir_name}/{name}: no {name}.stderr (run with CONVENE_BLESS=1)\n--- got\n{got}"
                )),
            }
        }
        if code(&out) != expected_code {
            failures.push(format!(
                "{dir_name}/{name}: exit code {} instead of {expected_code}\n{got}",
                code(&out)
            ));
        }
        if !out.stdout.is_empty() {
            failures.push(format!("{dir_name}/{name}: unexpected stdout"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    names.len()
}

#[test]
fn invalid_decks_print_exactly_their_stderr_and_exit_1() {
    let n = run_fixtures("invalid_decks", &[], 1);
    assert!(n >= 30, "only {n} invalid fixtures");
}

#[test]
fn warning_decks_print_exactly_their_stderr_and_exit_0() {
    let n = run_fixtures("warning_decks", &[], 0);
    assert!(n >= 5, "only {n} warning fixtures");
}

#[test]
fn every_fixture_has_an_expected_stderr_and_vice_versa() {
    for d in ["invalid_decks", "warning_decks"] {
        let dir = dir(d);
        for e in std::fs::read_dir(&dir).expect("dir") {
            let p = e.expect("entry").path();
            if p.file_name().is_some_and(|n| n == ".gitattributes") {
                continue;
            }
            let ext = p.extension().and_then(|x| x.to_str()).unwrap_or("");
            let other = match ext {
                "toml" => p.with_extension("stderr"),
                "stderr" => p.with_extension("toml"),
                _ => panic!("unexpected file {}", p.display()),
            };
            assert!(
                other.exists(),
                "{} has no partner {}",
                p.display(),
                other.display()
            );
        }
    }
}

#[test]
fn strict_turns_warnings_into_errors() {
    let dir = dir("warning_decks");
    for name in fixtures(&dir) {
        let out = check(&dir, &["--strict", &format!("{name}.toml")]);
        assert_eq!(code(&out), 1, "{name}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains("error: ") && !err.contains("warning: "),
            "{name}: {err}"
        );
        assert!(
            err.contains(&format!("{name}.toml: 1 error")) || err.contains(" errors"),
            "{err}"
        );
    }
}

#[test]
fn usage_errors_exit_2() {
    let dir = dir("warning_decks");
    for args in [
        &[][..],
        &["--format", "xml", "unknown_language.toml"][..],
        &["--no-such-flag", "unknown_language.toml"][..],
    ] {
        let out = check(&dir, args);
        assert_eq!(code(&out), 2, "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn a_missing_file_is_a_clear_error() {
    let out = check(&dir("invalid_decks"), &["no-such-deck.toml"]);
    assert_eq!(code(&out), 1);
    assert_eq!(
        stderr(&out),
        "error: cannot find the deck file `no-such-deck.toml`\n \
         --> no-such-deck.toml\n  \
         = help: check the file name and the folder you are in (`ls` lists the files here)\n\n\
         no-such-deck.toml: 1 error\n"
    );
}

#[test]
fn a_folder_is_not_a_deck() {
    let out = check(&dir("invalid_decks"), &["."]);
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("error: `.` is a folder, not a deck file"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_50_mb_file_is_refused_by_size_without_reading_it() {
    let tmp = std::env::temp_dir().join(format!("convene-big-{}.toml", std::process::id()));
    let f = std::fs::File::create(&tmp).expect("create");
    // Sparse: the size is 50 MB but nothing is written.
    f.set_len(50 * 1024 * 1024).expect("set_len");
    drop(f);
    let started = std::time::Instant::now();
    let out = check(
        tmp.parent().expect("parent"),
        &[tmp.to_str().expect("utf-8 path")],
    );
    let _ = std::fs::remove_file(&tmp);
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("error: the file is 50.0 MB; convene reads decks of at most 16 MB"),
        "{}",
        stderr(&out)
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}

#[test]
fn several_files_each_get_their_diagnostics_and_a_summary() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = check(
        root,
        &[
            "tests/warning_decks/unknown_language.toml",
            "tests/invalid_decks/duplicate_id.toml",
            "tests/warning_decks/prompt_without_minutes.toml",
        ],
    );
    assert_eq!(code(&out), 1, "one of the decks has an error");
    let err = stderr(&out);
    let summaries: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("tests/") && !l.contains("-->"))
        .collect();
    assert_eq!(
        summaries,
        [
            "tests/warning_decks/unknown_language.toml: 1 warning",
            "tests/invalid_decks/duplicate_id.toml: 1 error",
            "tests/warning_decks/prompt_without_minutes.toml: 1 warning",
        ]
    );
    // Warnings alone do not fail the check.
    let out = check(
        root,
        &[
            "tests/warning_decks/unknown_language.toml",
            "tests/warning_decks/reveal_without_bullets.toml",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

#[test]
fn a_clean_deck_says_ok() {
    let tmp = std::env::temp_dir().join(format!("convene-ok-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).expect("mkdir");
    std::fs::write(
        tmp.join("ok.toml"),
        "format = 1\n[deck]\ntitle = \"T\"\n[[slides]]\nid = \"a\"\ntitle = \"A\"\n",
    )
    .expect("write");
    let out = check(&tmp, &["ok.toml"]);
    let json_out = check(&tmp, &["--format", "json", "ok.toml"]);
    let _ = std::fs::remove_dir_all(&tmp);
    assert_eq!(code(&out), 0);
    assert_eq!(stderr(&out), "ok.toml: ok (1 slide)\n");
    assert_eq!(code(&json_out), 0);
    assert_eq!(String::from_utf8_lossy(&json_out.stdout), "[]\n");
}

#[test]
fn bundled_decks_pass_check() {
    let decks = Path::new(env!("CARGO_MANIFEST_DIR")).join("decks");
    let entries = std::fs::read_dir(&decks).unwrap_or_else(|e| panic!("{}: {e}", decks.display()));
    for e in entries {
        let p = e.expect("entry").path();
        if p.extension().is_some_and(|x| x == "toml") {
            let out = check(&decks, &[p.to_str().expect("utf-8")]);
            assert_eq!(code(&out), 0, "{}: {}", p.display(), stderr(&out));
        }
    }
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonDiag {
    file: String,
    severity: String,
    message: String,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    hint: Option<String>,
    label: Option<String>,
}

fn json(out: &Output) -> Vec<JsonDiag> {
    serde_json::from_slice(&out.stdout).expect("stdout is a JSON array of diagnostics")
}

#[test]
fn json_format_lists_every_diagnostic_with_locations() {
    let dir = dir("invalid_decks");
    let out = check(
        &dir,
        &["--format", "json", "many_errors.toml", "no-such.toml"],
    );
    assert_eq!(code(&out), 1);
    let diags = json(&out);
    assert_eq!(diags.len(), 8, "{diags:#?}");
    let first = &diags[0];
    assert_eq!(first.file, "many_errors.toml");
    assert_eq!(first.severity, "error");
    assert_eq!(first.message, "unknown field `languge`");
    assert_eq!(
        (first.line, first.column, first.end_line, first.end_column),
        (Some(6), Some(1), Some(6), Some(8))
    );
    assert_eq!(first.hint.as_deref(), Some("did you mean `language`?"));
    assert_eq!(first.label.as_deref(), Some("not a field of `[deck]`"));
    let missing = &diags[7];
    assert_eq!(missing.file, "no-such.toml");
    assert_eq!(missing.line, None);
    // Human diagnostics are not printed in JSON mode; the summaries still are.
    let err = stderr(&out);
    assert!(!err.contains("-->"), "{err}");
    assert!(err.contains("many_errors.toml: 7 errors"), "{err}");
}

#[test]
fn json_format_reports_warnings_and_strict() {
    let dir = dir("warning_decks");
    let out = check(&dir, &["--format", "json", "minutes_do_not_add_up.toml"]);
    assert_eq!(code(&out), 0);
    let diags = json(&out);
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].severity, "warning");
    assert_eq!(
        diags[0].message,
        "the slides' minutes add up to 25, but the deck plans 60"
    );
    let out = check(
        &dir,
        &["--format", "json", "--strict", "minutes_do_not_add_up.toml"],
    );
    assert_eq!(code(&out), 1);
    assert_eq!(json(&out)[0].severity, "error");
}

#[test]
fn a_deck_with_a_syntax_error_on_line_7_reports_line_7() {
    let out = check(&dir("invalid_decks"), &["syntax_error_line_7.toml"]);
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("syntax_error_line_7.toml:7:"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn size_checks_every_size_given_and_rejects_nonsense() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let deck = "tests/warning_decks/slide_overflows_the_screen.toml";
    let out = check(root, &["--size", "80x24", "--size", "120x35", deck]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("does not fit at 80x24"), "{err}");
    assert!(err.contains("does not fit at 120x35"), "{err}");
    assert!(!err.contains("`fits`"), "{err}");
    // A size nobody presents on is a usage error.
    let out = check(root, &["--size", "5x5", deck]);
    assert_eq!(out.status.code(), Some(2));
    // The bundled decks fit the projector and the laptop: no warnings but the placeholders
    // for local services, and `--strict` fails on those until they are filled in.
    for d in [
        "decks/awareness.toml",
        "decks/awareness.fr.toml",
        "decks/starter.toml",
    ] {
        let out = check(root, &["--size", "80x24", "--size", "120x35", d]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{d}: {err}");
        let warnings = err.lines().filter(|l| l.starts_with("warning")).count();
        let placeholders = err
            .lines()
            .filter(|l| l.starts_with("warning: placeholder left to fill in"))
            .count();
        assert_eq!(warnings, placeholders, "{d}: {err}");
        let strict = check(root, &["--strict", d]);
        let expected = if d.ends_with("starter.toml") { 0 } else { 1 };
        assert_eq!(strict.status.code(), Some(expected), "{d} --strict");
    }
    // Filled in, the bundled deck passes --strict.
    let text = std::fs::read_to_string(root.join("decks/awareness.toml")).expect("read");
    let mut filled = String::new();
    let mut rest = text.as_str();
    while let Some(i) = rest.find("{{") {
        filled.push_str(&rest[..i]);
        filled.push_str("Our local service, 555-0100");
        let end = rest[i..].find("}}").map_or(rest.len(), |j| i + j + 2);
        rest = &rest[end..];
    }
    filled.push_str(rest);
    // A copy outside `decks/` has no French deck beside it: without its translation line.
    let filled = filled.replace("translation = \"awareness.fr.toml\"\n", "");
    let dir = std::env::temp_dir().join(format!("convene-filled-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("filled.toml");
    std::fs::write(&path, filled).expect("write");
    let out = check(root, &["--strict", path.to_str().expect("utf-8 path")]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[cfg(unix)]
#[test]
fn a_device_is_refused_without_reading_it() {
    // Issue 13, finding 7: `present /dev/zero` read 19.5 GB in 10 s.
    let out = check(&dir("invalid_decks"), &["/dev/zero"]);
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("not a regular file"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_overlong_list_is_one_error_naming_the_limit() {
    // Issue 13, finding 6: 15.6 MB of `bullets = [1,1,…]` took `check` 48 s, one re-check per
    // bad item. Now the list is refused whole, and the message names the limit.
    let tmp = std::env::temp_dir().join(format!("convene-list-{}.toml", std::process::id()));
    let items = vec!["1"; convene::deck::load::MAX_LIST_ITEMS + 1].join(",");
    std::fs::write(
        &tmp,
        format!(
            "format = 1\n[deck]\ntitle = \"T\"\n[[slides]]\nid = \"a\"\ntitle = \"A\"\nbullets = [{items}]\n"
        ),
    )
    .expect("write");
    let out = check(
        tmp.parent().expect("parent"),
        &[tmp.to_str().expect("utf-8 path")],
    );
    let _ = std::fs::remove_file(&tmp);
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert!(
        err.contains("MAX_LIST_ITEMS") && err.contains("10001 items"),
        "{err}"
    );
    assert!(
        err.contains(": 1 error"),
        "one error, not one per item: {err}"
    );
}

#[test]
fn over_deep_dotted_keys_are_reported_on_their_line() {
    // Issue 13, finding 16: reported at 1:1.
    let tmp = std::env::temp_dir().join(format!("convene-deep-{}.toml", std::process::id()));
    let key = vec!["a"; 200].join(".");
    std::fs::write(
        &tmp,
        format!("format = 1\n[deck]\ntitle = \"T\"\n{key} = 1\n"),
    )
    .expect("write");
    let out = check(
        tmp.parent().expect("parent"),
        &[tmp.to_str().expect("utf-8 path")],
    );
    let _ = std::fs::remove_file(&tmp);
    let err = stderr(&out);
    assert!(err.contains("nested too deeply"), "{err}");
    assert!(err.contains(".toml:4:1"), "on the deep line: {err}");
}
