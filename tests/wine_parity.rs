//! The Windows binary under Wine prints exactly what the Linux binary prints: `convene check`
//! (clean, warning, invalid, CRLF/BOM decks; human and JSON) and `convene export` (Markdown and
//! HTML, handout and guide, English and French), byte for byte on stdout and stderr, with the
//! same exit code.
//!
//! Ignored in a plain `cargo test`: it needs Wine and a cross-built `convene.exe`. `.ci/cross`
//! builds both and runs it with `CONVENE_WINE_EXE=…/convene.exe` (and `WINE`, `WINEPREFIX`),
//! `cargo test --test wine_parity -- --ignored`.
#![cfg(unix)]

use std::path::Path;
use std::process::{Command, Output};

/// The command lines compared, run from the crate root with relative paths (forward slashes,
/// which Windows accepts, so the file names printed are the same).
const RUNS: &[&[&str]] = &[
    &[
        "check",
        "decks/awareness.toml",
        "decks/awareness.fr.toml",
        "decks/starter.toml",
    ],
    &["check", "--format", "json", "decks/awareness.toml"],
    &[
        "check",
        "--size",
        "80x24",
        "--size",
        "120x35",
        "decks/awareness.toml",
    ],
    &["check", "tests/warning_decks/minutes_do_not_add_up.toml"],
    &[
        "check",
        "--strict",
        "tests/warning_decks/case_without_answer.toml",
    ],
    &["check", "tests/invalid_decks/many_errors.toml"],
    &[
        "check",
        "--format",
        "json",
        "tests/invalid_decks/many_errors.toml",
    ],
    &["check", "tests/invalid_decks/invalid_utf8.toml"],
    &["check", "tests/invalid_decks/crlf_line_endings.toml"],
    &["check", "tests/crlf_bom_decks/many_errors.toml"],
    &["check", "no-such-deck.toml"],
    &["export", "--format", "markdown"],
    &["export", "--format", "html"],
    &["export", "--format", "markdown", "--with-notes"],
    &[
        "export",
        "--format",
        "html",
        "--with-notes",
        "decks/awareness.fr.toml",
    ],
    &[
        "export",
        "--format",
        "markdown",
        "tests/crlf_bom_decks/minutes_do_not_add_up.toml",
    ],
];

fn run(mut cmd: Command, args: &[&str]) -> Output {
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .env("NO_COLOR", "1")
        .env("LANG", "en_US.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR");
    cmd.output().expect("run convene")
}

#[test]
#[ignore = "needs Wine and a cross-built convene.exe: .ci/cross runs it"]
fn windows_check_and_export_print_what_linux_prints() {
    let exe = std::env::var_os("CONVENE_WINE_EXE")
        .expect("CONVENE_WINE_EXE names the cross-built convene.exe (see .ci/cross)");
    assert!(Path::new(&exe).is_file(), "{exe:?} is not a file");
    let wine = std::env::var_os("WINE").unwrap_or_else(|| "/usr/lib/wine/wine64".into());
    let mut differ = Vec::new();
    for args in RUNS {
        let linux = run(Command::new(env!("CARGO_BIN_EXE_convene")), args);
        let mut cmd = Command::new(&wine);
        cmd.arg(&exe).env("WINEDEBUG", "-all");
        let windows = run(cmd, args);
        let line = args.join(" ");
        assert!(
            !linux.stdout.is_empty() || !linux.stderr.is_empty(),
            "`convene {line}` printed nothing on Linux"
        );
        if linux.status.code() != windows.status.code() {
            differ.push(format!(
                "`convene {line}`: exit {:?} on Linux, {:?} under Wine\n{}",
                linux.status.code(),
                windows.status.code(),
                String::from_utf8_lossy(&windows.stderr)
            ));
        }
        for (what, l, w) in [
            ("stdout", &linux.stdout, &windows.stdout),
            ("stderr", &linux.stderr, &windows.stderr),
        ] {
            if l != w {
                let at = l.iter().zip(w.iter()).take_while(|(a, b)| a == b).count();
                let show = |b: &[u8]| {
                    String::from_utf8_lossy(
                        &b[at.saturating_sub(80).min(b.len())..b.len().min(at + 80)],
                    )
                    .into_owned()
                };
                differ.push(format!(
                    "`convene {line}`: {what} differs at byte {at} ({} bytes on Linux, {} under Wine)\n\
                     --- Linux\n{:?}\n--- Wine\n{:?}",
                    l.len(),
                    w.len(),
                    show(l),
                    show(w)
                ));
            }
        }
    }
    assert!(differ.is_empty(), "{}", differ.join("\n\n"));
}
