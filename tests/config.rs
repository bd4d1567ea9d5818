//! Configuration files: every fixture in `tests/invalid_configs/NAME.toml` must fail to load with
//! exactly the text in `NAME.stderr`; the documented example must load cleanly.
//!
//! `CONVENE_BLESS=1 cargo test --test config` rewrites the expected `.stderr` files.

use convene::present::settings::{self as config, Config, ConfigError};
use std::path::{Path, PathBuf};

const DIR: &str = "tests/invalid_configs";

/// The fixtures the configuration docs promise, by name: removing one fails this test.
const REQUIRED: &[&str] = &[
    "unknown_key",
    "bad_theme",
    "unknown_command",
    "not_remappable",
    "bad_key_name",
    "conflicting_keys",
    "conflicting_remaps",
    "wrong_type",
    "syntax_error",
    "multiple_errors",
];

fn fixtures() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(DIR)
        .unwrap_or_else(|e| panic!("{DIR}: {e} (run from the crate root)"))
        .filter_map(Result::ok)
        // `DIR/NAME`, not `Path::join`: the expected errors name the file with `/` on Windows too.
        .map(|e| PathBuf::from(format!("{DIR}/{}", e.file_name().to_string_lossy())))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    out.sort();
    out
}

fn load_err(path: &Path) -> ConfigError {
    match config::load(path) {
        Ok(c) => panic!("{} loaded, but it should fail: {c:?}", path.display()),
        Err(e) => e,
    }
}

#[test]
fn invalid_configs_fail_with_the_expected_errors() {
    let bless = std::env::var_os("CONVENE_BLESS").is_some_and(|v| v == "1");
    let fixtures = fixtures();
    let names: Vec<String> = fixtures
        .iter()
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    for required in REQUIRED {
        assert!(
            names.iter().any(|n| n == required),
            "missing fixture {DIR}/{required}.toml"
        );
    }
    let mut failures = Vec::new();
    for toml in &fixtures {
        let rendered = load_err(toml).render(false);
        let expected_path = toml.with_extension("stderr");
        if bless {
            std::fs::write(&expected_path, &rendered)
                .unwrap_or_else(|e| panic!("{}: {e}", expected_path.display()));
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_else(|e| {
            panic!(
                "{}: {e} (CONVENE_BLESS=1 writes it)",
                expected_path.display()
            )
        });
        if rendered != expected {
            failures.push(format!(
                "{}:\n--- expected\n{expected}\n--- got\n{rendered}",
                toml.display()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} fixture(s) differ (CONVENE_BLESS=1 rewrites the .stderr files):\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_error_points_at_a_line_and_column_with_a_hint() {
    for toml in fixtures() {
        let e = load_err(&toml);
        let rendered = e.render(false);
        let name = toml.display().to_string();
        for d in e.diagnostics() {
            assert!(d.span.is_some(), "{name}: `{}` has no location", d.message);
            assert!(d.hint.is_some(), "{name}: `{}` has no hint", d.message);
        }
        assert!(
            rendered.contains(&format!(" --> {name}:")),
            "{name}: no file:line:col in\n{rendered}"
        );
        assert!(rendered.contains('^'), "{name}: no caret in\n{rendered}");
        assert!(
            !rendered.contains('\u{1b}'),
            "{name}: colour codes with color=false"
        );
    }
}

#[test]
fn the_documented_example_loads_without_errors() {
    let example = Path::new("docs/config.example.toml");
    let c = match config::load(example) {
        Ok(c) => c,
        Err(e) => panic!("{}", e.render(false)),
    };
    assert_ne!(c, Config::default(), "the example sets nothing");
    assert!(c.theme.is_some() && c.share.is_some() && c.bell.is_some() && c.ascii.is_some());
    assert!(c.journal_dir.is_some() && !c.keys.is_empty());
    assert_eq!(
        std::fs::read_to_string(example).ok().as_deref(),
        Some(config::EXAMPLE)
    );
}

#[test]
fn the_docs_show_the_example_and_name_every_command() {
    let docs = std::fs::read_to_string("docs/config.md").unwrap_or_default();
    assert!(
        docs.contains(config::EXAMPLE.trim()),
        "docs/config.md must contain docs/config.example.toml verbatim"
    );
    for name in config::remappable_names() {
        assert!(
            docs.contains(&format!("`{name}`")),
            "docs/config.md does not name `{name}`"
        );
    }
    for key in [
        "Right",
        "Left",
        "Up",
        "Down",
        "PgUp",
        "PgDn",
        "Home",
        "End",
        "Enter",
        "Esc",
        "Tab",
        "Shift-Tab",
        "Backspace",
        "Space",
        "F1",
        "Ctrl-c",
    ] {
        assert!(docs.contains(key), "docs/config.md does not name {key}");
        assert!(config::parse_key(key).is_ok(), "{key} does not parse");
    }
    assert!(docs.contains("NO_COLOR"));
}

#[test]
fn the_docs_table_of_default_keys_matches_the_keymap() {
    use convene::present::app::keymap::{BINDINGS, Context};
    let docs = std::fs::read_to_string("docs/config.md").unwrap_or_default();
    for b in BINDINGS.iter().filter(|b| b.context == Context::Slide) {
        let keys: Vec<String> = b
            .keys
            .iter()
            .map(|k| format!("`{}`", config::key_name(k)))
            .collect();
        let row = format!(
            "| `{}` | {} |",
            config::command_name(b.command),
            keys.join(" ")
        );
        assert!(
            docs.contains(&row),
            "docs/config.md's table of default keys lacks the row\n{row}"
        );
    }
}

#[test]
fn a_missing_file_is_the_default_and_a_folder_is_an_error() {
    let missing = Path::new("tests/invalid_configs/does-not-exist.toml");
    assert!(matches!(config::load(missing), Ok(c) if c == Config::default()));
    let folder = load_err(Path::new(DIR)).render(false);
    assert!(folder.contains("is a folder"), "{folder}");
}

#[cfg(unix)]
#[test]
fn a_fifo_or_device_config_is_refused_without_blocking() {
    // Issue 13, finding 7: configs are read from regular files only (a FIFO blocked the open).
    let dir = std::env::temp_dir().join(format!("convene-cfg-fifo-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    let fifo = dir.join("config.toml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    for path in [made.then_some(fifo.as_path()), Some(Path::new("/dev/zero"))]
        .into_iter()
        .flatten()
    {
        let e = load_err(path).render(false);
        assert!(e.contains("not a regular file"), "{e}");
    }
}
