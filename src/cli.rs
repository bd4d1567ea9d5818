//! The command line: every subcommand and flag, in one place (also used to generate shell
//! completions and the man page).

use clap::{Parser, Subcommand};
use std::path::PathBuf;

pub use crate::organize::check::{CheckArgs, CheckFormat, DEFAULT_CHECK_SIZE, parse_size};
pub use crate::run::PresentArgs;
pub use crate::words::Lang;

/// A terminal presenter for community workshops.
///
/// With no command, `convene` presents the bundled awareness deck (or the deck you name).
#[derive(Debug, Parser)]
#[command(name = "convene", version, about, long_about = None, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub present: PresentArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Present a deck full screen (the bundled deck when none is named).
    Present(PresentArgs),
    /// Check decks for errors and warnings; exit 1 when any has an error.
    Check(CheckArgs),
    /// Write a commented starter deck that passes `convene check` (never overwrites a file).
    New {
        /// Where to write the deck, e.g. `my-workshop.toml`.
        path: PathBuf,
        /// Start from a template: the starter deck, or the bundled awareness deck.
        #[arg(long, value_enum, default_value = "starter")]
        from: crate::organize::new::Template,
        /// Language of the awareness deck when `--from awareness`.
        #[arg(long, value_enum)]
        lang: Option<Lang>,
    },
    /// Write a printable handout (or, with --with-notes, the facilitator's guide).
    Export {
        /// The deck (default: the bundled deck).
        deck: Option<PathBuf>,
        /// The format (default: from the output file's extension, `.md` → markdown; else html).
        #[arg(long, value_enum)]
        format: Option<crate::organize::export::ExportFormat>,
        /// Write to FILE instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// Include speaker notes, answer keys and debriefs (the facilitator's guide).
        #[arg(long)]
        with_notes: bool,
    },
    /// Print the JSON Schema (draft-07) of the deck format, for editor completion
    /// (taplo / Even Better TOML: see docs/deck-format.md).
    Schema,
    /// Turn a session journal into a report: time per slide and section against the plan,
    /// prompts, checklist outcomes, captured notes.
    Report {
        /// The journal (default: the newest session).
        journal: Option<PathBuf>,
        #[arg(long, value_enum, default_value = "markdown")]
        format: crate::record::report::ReportFormat,
        /// Write to FILE instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// List recorded sessions: date, deck, duration, notes.
    Sessions {
        /// Where to look (default: `~/.local/state/convene/sessions/`).
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// Show the configuration in effect (`~/.config/convene/config.toml`).
    Config {
        /// Print only where the file goes.
        #[arg(long)]
        path: bool,
        /// Print a documented example to start from.
        #[arg(long)]
        example: bool,
    },
    /// Print a shell completion script (e.g. `convene completions bash > ~/.local/share/bash-completion/completions/convene`).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `convene man | man -l -`.
    Man,
    /// Follow a shared session: the audience view of `convene present --presenter` / `--share`.
    Follow {
        /// The presenter's address, as its console prints it (default 127.0.0.1:7878).
        addr: Option<String>,
        /// Print each slide as plain text instead (screen readers, braille displays, logs).
        #[arg(long)]
        plain: bool,
        #[arg(long, value_enum)]
        theme: Option<crate::present::ui::theme::ThemeName>,
        /// Draw with ASCII only (terminals without box lines, symbols and blocks).
        #[arg(long)]
        ascii: bool,
    },
}

/// Exit codes, documented in the man page and README.
pub const EXIT_CODES: &str = "Exit codes: 0 success; 1 a deck or file error (check found errors, \
a deck did not load, a journal could not be written); 2 a usage error; 128+N when ended by \
signal N (129 SIGHUP, 130 SIGINT, 143 SIGTERM).";

/// The clap command, for completions and the man page.
pub fn command() -> clap::Command {
    use clap::CommandFactory;
    Cli::command().after_long_help(EXIT_CODES)
}

/// Write a completion script for `shell`.
pub fn completions(shell: clap_complete::Shell, out: &mut dyn std::io::Write) {
    let mut cmd = command();
    clap_complete::generate(shell, &mut cmd, "convene", out);
}

/// Write the man page (roff).
pub fn man(out: &mut dyn std::io::Write) -> std::io::Result<()> {
    clap_mangen::Man::new(command()).render(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cli_is_consistent() {
        command().debug_assert();
    }

    #[test]
    fn completions_name_every_subcommand() {
        for shell in [
            clap_complete::Shell::Bash,
            clap_complete::Shell::Zsh,
            clap_complete::Shell::Fish,
            clap_complete::Shell::PowerShell,
        ] {
            let mut out = Vec::new();
            completions(shell, &mut out);
            let text = String::from_utf8_lossy(&out);
            for sub in [
                "present",
                "check",
                "new",
                "export",
                "follow",
                "schema",
                "report",
                "sessions",
                "config",
                "completions",
                "man",
            ] {
                assert!(text.contains(sub), "{shell:?} completions lack {sub}");
            }
        }
    }

    #[test]
    fn man_page_documents_exit_codes() {
        let mut out = Vec::new();
        man(&mut out).expect("renders");
        let text = String::from_utf8_lossy(&out);
        assert!(text.contains(".TH convene"), "{text}");
        assert!(text.contains("143 SIGTERM"), "{text}");
    }
}
