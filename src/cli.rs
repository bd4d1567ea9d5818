//! The command line: every subcommand and flag, in one place (also used to generate shell
//! completions and the man page).

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

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
        from: crate::new::Template,
        /// Language of the awareness deck when `--from awareness`.
        #[arg(long, value_enum)]
        lang: Option<Lang>,
    },
    /// Write a printable handout (or, with --with-notes, the facilitator's guide).
    Export {
        /// The deck (default: the bundled deck).
        deck: Option<PathBuf>,
        #[arg(long, value_enum, default_value = "html")]
        format: crate::export::ExportFormat,
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
        format: crate::report::ReportFormat,
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
        theme: Option<crate::ui::theme::ThemeName>,
    },
}

#[derive(Debug, Args, Default, Clone)]
pub struct PresentArgs {
    /// The deck to present (TOML). Without it, the bundled awareness deck.
    pub deck: Option<PathBuf>,
    /// Language of the bundled deck and of the interface: `en` or `fr` (default: from the locale).
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
    /// Watch the deck by polling instead of change notifications (network or VM file systems).
    #[arg(long)]
    pub poll: bool,
    /// Ring the terminal bell when a discussion timer reaches zero.
    #[arg(long)]
    pub bell: bool,
    /// Resume a session after a crash or a quit: the newest journal of this deck, or JOURNAL.
    /// Returns to the same slide and step with ticks, flags, timers and notes.
    #[arg(long, value_name = "JOURNAL", num_args = 0..=1)]
    pub resume: Option<Option<PathBuf>>,
    /// Write the session journal here instead of the default folder
    /// (`~/.local/state/convene/sessions/`).
    #[arg(long, value_name = "PATH", conflicts_with = "no_record")]
    pub journal: Option<PathBuf>,
    /// Do not record this session.
    #[arg(long)]
    pub no_record: bool,
    /// The config file's theme (not a flag): used when neither `--theme` nor the deck chooses.
    #[arg(skip)]
    pub config_theme: Option<crate::ui::theme::ThemeName>,
    /// Folder for journals (from the config file's `journal_dir`; not a flag).
    #[arg(skip)]
    pub journal_dir: Option<PathBuf>,
    /// Colour theme: dark (default), light (bright rooms, washed-out projectors), high-contrast.
    /// `NO_COLOR` turns colour off whatever the theme.
    #[arg(long, value_enum)]
    pub theme: Option<crate::ui::theme::ThemeName>,
    /// Show the presenter console (notes, next slide, pacing) and share the session on
    /// 127.0.0.1:7878 for `convene follow`.
    #[arg(long)]
    pub presenter: bool,
    /// Share the session with followers on ADDR (e.g. 0.0.0.0:7878 for the room's network).
    #[arg(long, value_name = "ADDR")]
    pub share: Option<std::net::SocketAddr>,
}

impl PresentArgs {
    /// Where journals go: the config file's `journal_dir`, else the default folder.
    pub fn journal_dir(&self) -> PathBuf {
        self.journal_dir
            .clone()
            .unwrap_or_else(crate::journal::default_dir)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    En,
    Fr,
}

#[derive(Debug, Args, Clone)]
pub struct CheckArgs {
    /// Deck files to check.
    #[arg(required = true)]
    pub decks: Vec<PathBuf>,
    /// Treat warnings as errors.
    #[arg(long)]
    pub strict: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
    /// Warn about slides that do not fit a screen of this many columns and rows (repeatable,
    /// e.g. `--size 80x24 --size 120x35`; default 100x30).
    #[arg(long = "size", value_name = "WxH", value_parser = parse_size)]
    pub size: Vec<(u16, u16)>,
}

impl CheckArgs {
    /// The screen sizes to check slides against.
    pub fn sizes(&self) -> Vec<(u16, u16)> {
        if self.size.is_empty() {
            vec![DEFAULT_CHECK_SIZE]
        } else {
            self.size.clone()
        }
    }
}

/// The screen size `check` measures slides against by default: a projector at 100×30.
pub const DEFAULT_CHECK_SIZE: (u16, u16) = (100, 30);

/// Parse `WxH` (e.g. `80x24`).
pub fn parse_size(s: &str) -> Result<(u16, u16), String> {
    let (w, h) = s
        .split_once(['x', 'X', '×'])
        .ok_or_else(|| format!("`{s}` is not a size: write columns x rows, e.g. 80x24"))?;
    let w: u16 = w
        .trim()
        .parse()
        .map_err(|_| format!("`{w}` is not a number of columns"))?;
    let h: u16 = h
        .trim()
        .parse()
        .map_err(|_| format!("`{h}` is not a number of rows"))?;
    if w < 10 || h < 5 {
        return Err(format!("{w}x{h} is too small to present on; try 80x24"));
    }
    Ok((w, h))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum CheckFormat {
    #[default]
    Human,
    Json,
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
