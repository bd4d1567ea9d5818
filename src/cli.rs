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
    /// Colour theme: dark (default), light (bright rooms, washed-out projectors), high-contrast.
    /// `NO_COLOR` turns colour off whatever the theme.
    #[arg(long, value_enum)]
    pub theme: Option<crate::ui::theme::ThemeName>,
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum CheckFormat {
    #[default]
    Human,
    Json,
}
