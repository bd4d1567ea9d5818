//! Decks saved by Notepad — CRLF line endings and a UTF-8 byte-order mark — load exactly like
//! the same deck with LF endings: the same deck, the same diagnostics at the same lines and
//! columns.
//!
//! `tests/crlf_bom_decks/NAME.toml` are such files, committed byte for byte (see
//! `.gitattributes`): each is `tests/invalid_decks/NAME.toml` or `tests/warning_decks/NAME.toml`
//! re-saved, and `convene check` must print exactly that fixture's `.stderr`.

use convene::deck::{LoadError, load::render_all, load_bytes};
use std::path::{Path, PathBuf};
use std::process::Command;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// `bytes` as Notepad saves them: a byte-order mark, and CRLF for every LF.
fn notepad(bytes: &[u8]) -> Vec<u8> {
    let mut out = BOM.to_vec();
    for &b in bytes {
        if b == b'\n' {
            out.push(b'\r');
        }
        out.push(b);
    }
    out
}

/// What loading shows an organizer: the rendered diagnostics (warnings or errors).
fn rendered(bytes: &[u8]) -> String {
    match load_bytes(bytes) {
        Ok(l) => {
            let text = String::from_utf8_lossy(bytes);
            render_all(
                &l.warnings,
                "deck.toml",
                &convene::deck::load::normalise(&text),
                false,
            )
        }
        Err(e @ LoadError::Invalid { .. }) => {
            let (source, diagnostics) = e.diagnostics("deck.toml");
            render_all(&diagnostics, "deck.toml", source, false)
        }
        Err(e) => e.to_string(),
    }
}

fn fixtures(dir: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(dir))
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    out.sort();
    out
}

#[test]
fn every_fixture_saved_by_notepad_gives_the_same_diagnostics() {
    let mut differ = Vec::new();
    let mut compared = 0;
    for dir in ["tests/invalid_decks", "tests/warning_decks"] {
        for path in fixtures(dir) {
            let lf = std::fs::read(&path).expect("read fixture");
            if lf.contains(&b'\r') || lf.starts_with(BOM) {
                continue; // already not plain LF (e.g. the stray carriage return fixture)
            }
            compared += 1;
            let (want, got) = (rendered(&lf), rendered(&notepad(&lf)));
            if want != got {
                differ.push(format!(
                    "{}:\n--- LF\n{want}\n--- CRLF + BOM\n{got}",
                    path.display()
                ));
            }
        }
    }
    assert!(compared > 40, "only {compared} fixtures compared");
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}

#[test]
fn the_bundled_decks_saved_by_notepad_load_the_same() {
    for name in ["awareness.toml", "awareness.fr.toml", "starter.toml"] {
        let lf = std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("decks")
                .join(name),
        )
        .expect("read deck");
        let want = load_bytes(&lf).expect("LF loads");
        let got = load_bytes(&notepad(&lf)).expect("CRLF + BOM loads");
        assert_eq!(want.deck, got.deck, "{name}");
        assert_eq!(want.slide_spans, got.slide_spans, "{name}");
        assert_eq!(want.warnings.len(), got.warnings.len(), "{name}");
    }
}

#[test]
fn a_bom_is_not_a_column_and_a_lone_carriage_return_is_still_reported() {
    let lf = b"format = 2\n[deck]\ntitle = \"x\"\n";
    let got = rendered(&notepad(lf));
    assert!(got.contains("deck.toml:1:10"), "{got}");
    assert_eq!(got, rendered(lf));
    let stray = rendered(b"\xEF\xBB\xBFformat = 1\r\n[deck]\rtitle = \"x\"\r\n");
    assert!(stray.contains("carriage-return"), "{stray}");
}

#[test]
fn committed_notepad_fixtures_check_exactly_like_their_originals() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/crlf_bom_decks");
    let files = fixtures("tests/crlf_bom_decks");
    assert!(files.len() >= 2, "{files:?}");
    for path in files {
        let bytes = std::fs::read(&path).expect("read");
        assert!(
            bytes.starts_with(BOM) && bytes.windows(2).any(|w| w == b"\r\n"),
            "{} is not saved with a BOM and CRLF (check .gitattributes)",
            path.display()
        );
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let stem = path
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .into_owned();
        let original = ["invalid_decks", "warning_decks"]
            .iter()
            .map(|d| dir.join("..").join(d).join(&name))
            .find(|p| p.is_file())
            .unwrap_or_else(|| panic!("{name} is not a copy of an invalid or warning fixture"));
        assert_eq!(
            notepad(&std::fs::read(&original).expect("read original")),
            bytes,
            "{name} is not its original re-saved with a BOM and CRLF"
        );
        let expected = std::fs::read_to_string(original.with_extension("stderr")).expect("stderr");
        let out = Command::new(env!("CARGO_BIN_EXE_convene"))
            .current_dir(&dir)
            .args(["check", &name])
            .env("NO_COLOR", "1")
            .env_remove("CLICOLOR_FORCE")
            .output()
            .expect("run convene");
        assert_eq!(String::from_utf8_lossy(&out.stderr), expected, "{stem}");
    }
}
