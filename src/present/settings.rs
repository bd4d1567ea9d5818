//! The user's configuration file: `$XDG_CONFIG_HOME/convene/config.toml` (else
//! `~/.config/convene/config.toml`; `%APPDATA%\convene\config.toml` on Windows).
//!
//! Every setting is optional: theme, default share address, journal folder, the timer bell,
//! ASCII drawing, and
//! a `[keys]` table that remaps the keys of commands on a slide. A missing file is the default
//! configuration. Every problem is reported at once, rustc style, with `file:line:col`, the line,
//! a caret and a hint (the deck's [`Diagnostic`] renderer): unknown settings, wrong types,
//! unknown themes, unknown or non-remappable commands, key names that do not parse, and keys
//! that would end up bound to two commands.
//!
//! The runtime keymap is [`apply`]: the built-in table ([`keymap::BINDINGS`]) with the slide
//! rows' keys replaced by the configured ones. See `docs/config.md`.

use crate::deck::diag::{Diagnostic, did_you_mean};
use crate::present::app::keymap::{self, BINDINGS, Command, Context, Key};
use crate::present::ui::theme::ThemeName;
use ratatui::crossterm::event::KeyCode;
use std::io::Read;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// Where the settings are documented, for hints.
const DOCS: &str = "docs/config.md";

/// A configuration file is a few lines; anything larger than this is refused unread.
pub const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// The documented example (`convene config --example`), every setting with a comment.
pub const EXAMPLE: &str = include_str!("../../docs/config.example.toml");

/// The top-level settings, in the order they are documented.
const SETTINGS: &[&str] = &["theme", "share", "journal_dir", "bell", "ascii", "keys"];

/// Commands that must keep at least one key on a slide.
const NEED_A_KEY: &[Command] = &[Command::Next, Command::Prev, Command::Help];

/// `Ctrl-c` always quits, whatever `[keys]` says: a presenter must never trap its user.
pub const CTRL_C: Key = Key {
    code: KeyCode::Char('c'),
    ctrl: true,
};

/// The effective settings of the configuration file (all optional).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    pub theme: Option<ThemeName>,
    /// Default address for sharing with followers, `IP:port` (validated as a socket address).
    pub share: Option<String>,
    /// Where session journals go; `~` expanded, relative paths taken from the config file's
    /// folder.
    pub journal_dir: Option<PathBuf>,
    /// Ring the terminal bell when a timer reaches zero.
    pub bell: Option<bool>,
    /// Draw with ASCII only (terminals without the symbols and blocks), as `--ascii`.
    pub ascii: Option<bool>,
    /// Remapped slide commands, in file order: each replaces that command's keys on a slide.
    /// Validated: no key is bound to two slide commands after [`apply`].
    pub keys: Vec<(Command, Vec<Key>)>,
}

/// Why the configuration file could not be used.
#[derive(Debug)]
pub enum ConfigError {
    /// The file exists but could not be read.
    Io { file: String, error: std::io::Error },
    /// Problems found in `source`, in file order.
    Invalid {
        file: String,
        source: String,
        diagnostics: Vec<Diagnostic>,
    },
}

impl ConfigError {
    /// Every problem, rustc style, for stderr. Ends with one newline.
    pub fn render(&self, color: bool) -> String {
        let (file, source, diagnostics) = self.parts();
        let out = crate::deck::load::render_all(&diagnostics, file, source, color);
        format!("{}\n", out.trim_end())
    }

    /// The diagnostics (an I/O error becomes one diagnostic without a location).
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        self.parts().2
    }

    fn parts(&self) -> (&str, &str, Vec<Diagnostic>) {
        match self {
            ConfigError::Io { file, error } => (file, "", vec![io_diagnostic(error, file)]),
            ConfigError::Invalid {
                file,
                source,
                diagnostics,
            } => (file, source, diagnostics.clone()),
        }
    }

    /// The first problem as one line, `file:line:col: message`.
    pub fn one_line(&self) -> String {
        match self {
            ConfigError::Io { file, error } => {
                format!("{file}: {}", io_diagnostic(error, file).message)
            }
            ConfigError::Invalid {
                file,
                source,
                diagnostics,
            } => match diagnostics.first() {
                Some(d) => match d.line_col(source) {
                    Some((l, c)) => format!("{file}:{l}:{c}: {}", d.message),
                    None => format!("{file}: {}", d.message),
                },
                None => format!("{file}: invalid configuration"),
            },
        }
    }
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.one_line())
    }
}

impl std::error::Error for ConfigError {}

fn io_diagnostic(e: &std::io::Error, file: &str) -> Diagnostic {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::PermissionDenied => Diagnostic::error(format!(
            "no permission to read the configuration file `{file}`"
        ))
        .hint("check the file's permissions (`ls -l` shows them)"),
        ErrorKind::IsADirectory => {
            Diagnostic::error(format!("`{file}` is a folder, not a configuration file"))
                .hint("the configuration is a file named `config.toml` inside the `convene` folder")
        }
        _ => Diagnostic::error(format!("cannot read the configuration file `{file}`: {e}"))
            .hint("check that the file is a readable text file"),
    }
}

// ---------------------------------------------------------------------------------------------
// Where the file lives

/// The configuration file's path: `$XDG_CONFIG_HOME/convene/config.toml`, else
/// `$HOME/.config/convene/config.toml` (Linux and macOS); `%APPDATA%\convene\config.toml` on
/// Windows. `None` when there is no home folder.
pub fn path() -> Option<PathBuf> {
    use etcetera::BaseStrategy;
    let strategy = etcetera::choose_base_strategy().ok()?;
    Some(strategy.config_dir().join("convene").join("config.toml"))
}

// ---------------------------------------------------------------------------------------------
// Loading

/// Load the configuration at `path`. A missing file is the default configuration.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let file = path.display().to_string();
    let io = |error| ConfigError::Io {
        file: file.clone(),
        error,
    };
    // Looked at before it is opened: opening a FIFO would wait for a writer.
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
        Err(e) => return Err(io(e)),
        Ok(m) if m.is_dir() => {
            return Err(io(std::io::Error::from(std::io::ErrorKind::IsADirectory)));
        }
        Ok(m) if !m.is_file() => {
            return Err(io(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "not a regular file (a device, pipe or socket)",
            )));
        }
        Ok(_) => {}
    }
    let handle = match std::fs::File::open(path) {
        Ok(h) => h,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
        Err(e) => return Err(io(crate::deck::load::folder_error(e, path))),
    };
    let meta = handle.metadata().map_err(io)?;
    let invalid = |source: String, diagnostics| ConfigError::Invalid {
        file: file.clone(),
        source,
        diagnostics,
    };
    if meta.len() > MAX_CONFIG_BYTES {
        return Err(invalid(String::new(), vec![too_big(meta.len())]));
    }
    let mut bytes = Vec::new();
    handle
        .take(MAX_CONFIG_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_CONFIG_BYTES {
        return Err(invalid(String::new(), vec![too_big(bytes.len() as u64)]));
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let source = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let d = Diagnostic::error("the configuration file is not saved as UTF-8 text")
                .at(offset..offset + '\u{FFFD}'.len_utf8())
                .label("this byte is not UTF-8")
                .hint("save the file as UTF-8 in your editor");
            return Err(invalid(source, vec![d]));
        }
    };
    let base = path.parent().unwrap_or(Path::new(""));
    parse(&text, base).map_err(|d| invalid(text, d))
}

fn too_big(len: u64) -> Diagnostic {
    Diagnostic::error(format!(
        "the configuration file is {} KB; convene reads configuration files of at most {} KB",
        len / 1024,
        MAX_CONFIG_BYTES / 1024
    ))
    .hint(format!(
        "is this the right file? A configuration is a few lines; see {DOCS}"
    ))
}

/// Parse configuration text. `base` is the folder relative `journal_dir` paths start from.
/// Returns every problem found, in file order.
pub fn parse(text: &str, base: &Path) -> Result<Config, Vec<Diagnostic>> {
    if let Some(pos) = text.find('\0') {
        return Err(vec![
            Diagnostic::error("this is not a text file: it contains a NUL byte")
                .at(pos..pos + 1)
                .label("NUL byte")
                .hint("the configuration is a `.toml` text file"),
        ]);
    }
    let root = DeTable::parse(text).map_err(|e| vec![syntax_error(&e, text)])?;
    let mut cx = Cx::default();
    let mut entries: Vec<_> = root.get_ref().iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    for (key, value) in entries {
        cx.setting(key, value, base);
    }
    if cx.diags.is_empty() {
        cx.check_conflicts();
    }
    let mut diags = cx.diags;
    if diags.is_empty() {
        return Ok(cx.config);
    }
    diags.sort_by_key(|d| d.span.as_ref().map(|s| (s.start, s.end)));
    Err(diags)
}

/// A TOML syntax error, in the deck loader's plain words (its syntax messages are about TOML,
/// not decks); hints that speak of decks are replaced by one about this file.
fn syntax_error(e: &toml::de::Error, text: &str) -> Diagnostic {
    use crate::deck::load::{LoadError, load_str};
    let fallback =
        || Diagnostic::error(e.message().trim().trim_end_matches('.')).at(e.span().unwrap_or(0..0));
    let mut d = match load_str(text) {
        Err(LoadError::Invalid { diagnostics, .. }) => {
            diagnostics.into_iter().next().unwrap_or_else(fallback)
        }
        _ => fallback(),
    };
    let deck_words = ["deck", "slide", "Welcome", "title"];
    if d.hint
        .as_deref()
        .is_none_or(|h| deck_words.iter().any(|w| h.contains(w)))
    {
        d = d.hint(format!(
            "check the TOML syntax on this line: settings are written `name = value`, e.g. \
             `theme = \"light\"`; see {DOCS}"
        ));
    }
    d
}

#[derive(Default)]
struct Cx {
    config: Config,
    diags: Vec<Diagnostic>,
    /// Where each configured key was written: (command, key, span of its string).
    key_spans: Vec<(Command, Key, Range<usize>)>,
}

/// A value's type in words.
fn type_words(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "text",
        DeValue::Integer(_) | DeValue::Float(_) => "a number",
        DeValue::Boolean(_) => "true or false",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

/// The names of the themes, as written in the file.
fn theme_names() -> Vec<&'static str> {
    use clap::ValueEnum;
    ThemeName::value_variants()
        .iter()
        .map(|t| theme_name(*t))
        .collect()
}

/// A theme's name as written in the file.
pub fn theme_name(t: ThemeName) -> &'static str {
    match t {
        ThemeName::Auto => "auto",
        ThemeName::Dark => "dark",
        ThemeName::Light => "light",
        ThemeName::HighContrast => "high-contrast",
    }
}

fn parse_theme(s: &str) -> Option<ThemeName> {
    use clap::ValueEnum;
    ThemeName::value_variants()
        .iter()
        .copied()
        .find(|t| theme_name(*t) == s)
}

impl Cx {
    fn wrong_type(&mut self, name: &str, v: &Spanned<DeValue<'_>>, want: &str, example: &str) {
        self.diags.push(
            Diagnostic::error(format!("`{name}` must be {want}"))
                .at(v.span())
                .label(format!("this is {}", type_words(v.get_ref())))
                .hint(format!("write it as `{example}`")),
        );
    }

    fn setting(
        &mut self,
        key: &Spanned<std::borrow::Cow<'_, str>>,
        v: &Spanned<DeValue<'_>>,
        base: &Path,
    ) {
        let name: &str = key.get_ref();
        match name {
            "theme" => match v.get_ref() {
                DeValue::String(s) => match parse_theme(s) {
                    Some(t) => self.config.theme = Some(t),
                    None => {
                        let names = theme_names();
                        let mut hint = String::new();
                        if let Some(m) = did_you_mean(s, names.iter().copied()) {
                            hint.push_str(&format!("did you mean `{m}`? "));
                        }
                        hint.push_str(&format!("the themes are: {}", names.join(", ")));
                        self.diags.push(
                            Diagnostic::error(format!("unknown theme `{s}`"))
                                .at(v.span())
                                .label("not a theme")
                                .hint(hint),
                        );
                    }
                },
                _ => self.wrong_type(
                    "theme",
                    v,
                    "text: \"dark\", \"light\" or \"high-contrast\"",
                    "theme = \"light\"",
                ),
            },
            "share" => match v.get_ref() {
                DeValue::String(s) => {
                    if s.parse::<std::net::SocketAddr>().is_ok() {
                        self.config.share = Some(s.to_string());
                    } else {
                        self.diags.push(
                            Diagnostic::error(format!("`{s}` is not an address to share on"))
                                .at(v.span())
                                .label("expected an IP address and a port")
                                .hint(
                                    "write an IP address, a colon and a port: \"0.0.0.0:7878\" \
                                     (every network of this computer) or \"127.0.0.1:7878\" \
                                     (this computer only)",
                                ),
                        );
                    }
                }
                _ => self.wrong_type("share", v, "text", "share = \"0.0.0.0:7878\""),
            },
            "journal_dir" => match v.get_ref() {
                DeValue::String(s) if s.trim().is_empty() => self.diags.push(
                    Diagnostic::error("`journal_dir` is empty")
                        .at(v.span())
                        .label("expected a folder")
                        .hint(
                            "name a folder, e.g. `journal_dir = \"~/workshops/journals\"`, or \
                             delete the line to use the default folder",
                        ),
                ),
                DeValue::String(s) => self.config.journal_dir = Some(expand_dir(s, base)),
                _ => self.wrong_type(
                    "journal_dir",
                    v,
                    "text (a folder)",
                    "journal_dir = \"~/workshops/journals\"",
                ),
            },
            "bell" => match v.get_ref() {
                DeValue::Boolean(b) => self.config.bell = Some(*b),
                DeValue::String(s) if matches!(s.as_ref(), "true" | "false") => self.wrong_type(
                    "bell",
                    v,
                    "true or false, without quotes",
                    &format!("bell = {s}"),
                ),
                _ => self.wrong_type("bell", v, "true or false", "bell = true"),
            },
            "ascii" => match v.get_ref() {
                DeValue::Boolean(b) => self.config.ascii = Some(*b),
                DeValue::String(s) if matches!(s.as_ref(), "true" | "false") => self.wrong_type(
                    "ascii",
                    v,
                    "true or false, without quotes",
                    &format!("ascii = {s}"),
                ),
                _ => self.wrong_type("ascii", v, "true or false", "ascii = true"),
            },
            "keys" => match v.get_ref() {
                DeValue::Table(t) => {
                    let mut entries: Vec<_> = t.iter().collect();
                    entries.sort_by_key(|(k, _)| k.span().start);
                    for (k, keys) in entries {
                        self.remap(k, keys);
                    }
                }
                _ => self.diags.push(
                    Diagnostic::error("`keys` must be a table of commands and their keys")
                        .at(v.span())
                        .label(format!("this is {}", type_words(v.get_ref())))
                        .hint(
                            "write a `[keys]` header, then one line per command, e.g. \
                             `next = [\"Right\", \"]\"]`",
                        ),
                ),
            },
            other => {
                let mut hint = String::new();
                if parse_command(other).is_some() {
                    hint.push_str(&format!(
                        "to remap `{other}`, put it under a `[keys]` header (at the end of the \
                         file: every line after `[keys]` belongs to it); "
                    ));
                } else if let Some(m) = did_you_mean(other, SETTINGS.iter().copied()) {
                    hint.push_str(&format!("did you mean `{m}`? "));
                }
                hint.push_str(&format!(
                    "the settings are: theme, share, journal_dir, bell, ascii and [keys]; see {DOCS}"
                ));
                self.diags.push(
                    Diagnostic::error(format!("unknown setting `{other}`"))
                        .at(key.span())
                        .label("not a convene setting")
                        .hint(hint),
                );
            }
        }
    }

    /// One `command = [keys]` line of `[keys]`.
    fn remap(&mut self, k: &Spanned<std::borrow::Cow<'_, str>>, v: &Spanned<DeValue<'_>>) {
        let name: &str = k.get_ref();
        let remappable = remappable_names().join(", ");
        let Some(command) = parse_command(name) else {
            let mut hint = String::new();
            if let Some(m) = did_you_mean(name, remappable_names()) {
                hint.push_str(&format!("did you mean `{m}`? "));
            }
            hint.push_str(&format!("the commands are: {remappable}"));
            self.diags.push(
                Diagnostic::error(format!("unknown command `{name}`"))
                    .at(k.span())
                    .label("not a command")
                    .hint(hint),
            );
            return;
        };
        if !is_remappable(command) {
            self.diags.push(
                Diagnostic::error(format!("`{name}` cannot be remapped"))
                    .at(k.span())
                    .label("not a slide command")
                    .hint(format!(
                        "only the commands used on a slide can be remapped: {remappable}"
                    )),
            );
            return;
        }
        let items: Vec<&Spanned<DeValue<'_>>> = match v.get_ref() {
            DeValue::Array(a) => a.iter().collect(),
            DeValue::String(_) => vec![v],
            other => {
                self.diags.push(
                    Diagnostic::error(format!("the keys of `{name}` must be a list of key names"))
                        .at(v.span())
                        .label(format!("this is {}", type_words(other)))
                        .hint(format!(
                            "write them in quotes, in a list: `{name} = [\"n\"]`"
                        )),
                );
                return;
            }
        };
        if items.is_empty() && NEED_A_KEY.contains(&command) {
            self.diags.push(
                Diagnostic::error(format!("`{name}` needs at least one key"))
                    .at(v.span())
                    .label("no keys")
                    .hint(format!(
                        "an empty list turns a command off, but next, prev and help must keep a \
                         key; e.g. `{name} = [{}]`",
                        default_keys(command)
                            .iter()
                            .map(|k| quote(&key_name(k)))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
            );
            return;
        }
        let mut keys: Vec<Key> = Vec::new();
        let mut ok = true;
        for item in items {
            let DeValue::String(s) = item.get_ref() else {
                self.diags.push(
                    Diagnostic::error("a key name must be text in quotes")
                        .at(item.span())
                        .label(format!("this is {}", type_words(item.get_ref())))
                        .hint(key_forms_hint(None)),
                );
                ok = false;
                continue;
            };
            match parse_key(s) {
                Ok(key) => {
                    if let (KeyCode::Char('0'..='9'), false) = (key.code, key.ctrl) {
                        self.diags.push(
                            Diagnostic::error(format!("`{s}` cannot be remapped: digits jump to a slide"))
                                .at(item.span())
                                .label("reserved for slide numbers")
                                .hint("on a slide, typing digits then Enter jumps to that slide; choose another key"),
                        );
                        ok = false;
                    } else if !keys.contains(&key) {
                        keys.push(key);
                        self.key_spans.push((command, key, item.span()));
                    }
                }
                Err(e) => {
                    self.diags.push(e.at(item.span()));
                    ok = false;
                }
            }
        }
        if ok {
            self.config.keys.push((command, keys));
        }
    }

    /// After every remap parsed: no key may end up on two slide commands.
    fn check_conflicts(&mut self) {
        let table = apply(&self.config.keys);
        for conflict in conflicts(&table) {
            let Conflict { key, first, second } = conflict;
            let span_of = |c: Command| {
                self.key_spans
                    .iter()
                    .find(|(cmd, k, _)| *cmd == c && *k == key)
                    .map(|(_, _, s)| s.clone())
            };
            let (a, b) = (command_name(first), command_name(second));
            let name = key_name(&key);
            let message = format!("`{name}` is bound to both `{a}` and `{b}`");
            let d = match (span_of(first), span_of(second)) {
                (Some(s1), Some(s2)) => {
                    let (early, late, ec, lc) = if s1.start <= s2.start {
                        (s1, s2, a, b)
                    } else {
                        (s2, s1, b, a)
                    };
                    Diagnostic::error(message)
                        .at(late)
                        .label(format!("`{name}` for `{lc}`"))
                        .also(early, format!("already bound to `{ec}` here"))
                        .hint(format!("a key can do one thing on a slide: remove `{name}` from `{ec}` or from `{lc}`"))
                }
                (Some(s), None) | (None, Some(s)) => {
                    let other_cmd = if span_of(first).is_some() {
                        second
                    } else {
                        first
                    };
                    let other = command_name(other_cmd);
                    let hint = if key == CTRL_C {
                        "Ctrl-c always quits; choose another key".to_owned()
                    } else {
                        let mut rest: Vec<Key> = default_keys(other_cmd)
                            .iter()
                            .copied()
                            .filter(|k| *k != key)
                            .collect();
                        if rest.is_empty() {
                            rest.extend(free_key(&table, key));
                        }
                        let rest: Vec<String> = rest.iter().map(|k| quote(&key_name(k))).collect();
                        format!(
                            "`{name}` is bound to `{other}` by default: choose another key, or \
                             remap `{other}` too, e.g. `{other} = [{}]`",
                            rest.join(", ")
                        )
                    };
                    Diagnostic::error(message)
                        .at(s)
                        .label(format!("`{other}` already uses `{name}`"))
                        .hint(hint)
                }
                // Only defaults collide: the built-in table is tested not to.
                (None, None) => Diagnostic::error(message),
            };
            self.diags.push(d);
        }
    }
}

/// A key no slide command uses, for suggestions: `key` in upper case if that is free, else the
/// first free letter.
fn free_key(table: &[OwnedBinding], key: Key) -> Option<Key> {
    let used = |k: &Key| {
        table
            .iter()
            .any(|b| b.context == Context::Slide && b.keys.contains(k))
    };
    let upper = match key.code {
        KeyCode::Char(c) if !key.ctrl => c.to_uppercase().next(),
        _ => None,
    };
    upper
        .into_iter()
        .chain('a'..='z')
        .chain('A'..='Z')
        .map(|c| Key {
            code: KeyCode::Char(c),
            ctrl: false,
        })
        .find(|k| !used(k))
}

pub fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        if matches!(c, '"' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// `~` and `~/…` start from the home folder; relative paths from `base` (the config's folder).
fn expand_dir(s: &str, base: &Path) -> PathBuf {
    let home = || etcetera::home_dir().ok();
    if s == "~"
        && let Some(h) = home()
    {
        return h;
    }
    if let Some(rest) = s.strip_prefix("~/").or_else(|| s.strip_prefix("~\\"))
        && let Some(h) = home()
    {
        return h.join(rest);
    }
    let p = PathBuf::from(s);
    if p.is_absolute() { p } else { base.join(p) }
}

// ---------------------------------------------------------------------------------------------
// Commands and keys

pub use keymap::command_name;

/// Every command, in the key table's order, then the list-only ones.
const ALL_COMMANDS: &[Command] = &[
    Command::Next,
    Command::Prev,
    Command::First,
    Command::Last,
    Command::Overview,
    Command::Search,
    Command::Blank,
    Command::Support,
    Command::Join,
    Command::Checklist,
    Command::Focus,
    Command::Framework,
    Command::Answer,
    Command::Timer,
    Command::Countdown,
    Command::NotesDown,
    Command::NotesUp,
    Command::Note,
    Command::Room,
    Command::RoomTotals,
    Command::ResponsesUp,
    Command::ResponsesDown,
    Command::ResponseShow,
    Command::ResponseKeep,
    Command::RoomClear,
    Command::Help,
    Command::Close,
    Command::Quit,
    Command::Up,
    Command::Down,
    Command::Select,
    Command::ContentNote,
];

/// A command by its name in the file.
pub fn parse_command(name: &str) -> Option<Command> {
    ALL_COMMANDS
        .iter()
        .copied()
        .find(|c| command_name(*c) == name)
}

/// Whether `[keys]` may remap `c`: it has a row in the slide context.
pub fn is_remappable(c: Command) -> bool {
    BINDINGS
        .iter()
        .any(|b| b.context == Context::Slide && b.command == c)
}

/// The names of the remappable commands, in the key table's order.
pub fn remappable_names() -> Vec<&'static str> {
    BINDINGS
        .iter()
        .filter(|b| b.context == Context::Slide)
        .map(|b| command_name(b.command))
        .collect()
}

fn default_keys(c: Command) -> &'static [Key] {
    BINDINGS
        .iter()
        .find(|b| b.context == Context::Slide && b.command == c)
        .map_or(&[], |b| b.keys)
}

/// Key names, in the file's spelling, with their codes.
const NAMED_KEYS: &[(&str, KeyCode)] = &[
    ("Right", KeyCode::Right),
    ("Left", KeyCode::Left),
    ("Up", KeyCode::Up),
    ("Down", KeyCode::Down),
    ("PgUp", KeyCode::PageUp),
    ("PgDn", KeyCode::PageDown),
    ("Home", KeyCode::Home),
    ("End", KeyCode::End),
    ("Enter", KeyCode::Enter),
    ("Esc", KeyCode::Esc),
    ("Tab", KeyCode::Tab),
    ("Shift-Tab", KeyCode::BackTab),
    ("Backspace", KeyCode::Backspace),
    ("Space", KeyCode::Char(' ')),
];

/// Other spellings accepted for the same keys.
const ALIASES: &[(&str, KeyCode)] = &[
    ("PageUp", KeyCode::PageUp),
    ("PageDown", KeyCode::PageDown),
    ("Escape", KeyCode::Esc),
    ("Return", KeyCode::Enter),
    ("BackTab", KeyCode::BackTab),
];

/// A key's name in the file's spelling (the inverse of [`parse_key`]).
pub fn key_name(key: &Key) -> String {
    let base = match key.code {
        KeyCode::F(n) => format!("F{n}"),
        code => match NAMED_KEYS.iter().find(|(_, c)| *c == code) {
            Some((name, _)) => (*name).to_owned(),
            None => match code {
                KeyCode::Char(ch) => ch.to_string(),
                other => format!("{other:?}"),
            },
        },
    };
    if key.ctrl {
        format!("Ctrl-{base}")
    } else {
        base
    }
}

fn key_forms_hint(suggestion: Option<&str>) -> String {
    let mut hint = String::new();
    if let Some(s) = suggestion {
        hint.push_str(&format!("did you mean `{s}`? "));
    }
    hint.push_str(
        "a key is a single character (`a`, `?`, `.`), a name (Right Left Up Down PgUp PgDn \
         Home End Enter Esc Tab Shift-Tab Backspace Space F1..F12), or `Ctrl-` and a key \
         (`Ctrl-c`)",
    );
    hint
}

/// Parse a key name: a single character (`a`, `?`, `.`), a name (`Right`, `PgDn`, `F5`,
/// `Space`, …, any case), or `Ctrl-` and either (`Ctrl-c`; the letter's case does not matter,
/// as terminals cannot tell). The error has no span yet.
// A Diagnostic is the natural error here (it carries the hint); parse errors are rare.
#[allow(clippy::result_large_err)]
pub fn parse_key(s: &str) -> Result<Key, Diagnostic> {
    let (ctrl, rest) = match s.get(..5) {
        Some(p) if p.eq_ignore_ascii_case("ctrl-") || p.eq_ignore_ascii_case("ctrl+") => {
            (true, &s[5..])
        }
        _ => (false, s),
    };
    let code = parse_code(rest).map_err(|suggestion| {
        let shown = crate::deck::sanitize::clean_line(s);
        let message = if s.is_empty() {
            "a key name is empty".to_owned()
        } else {
            format!("`{shown}` is not a key name")
        };
        Diagnostic::error(message)
            .label("unknown key")
            .hint(key_forms_hint(suggestion.as_deref()))
    })?;
    let code = match code {
        // Terminals send Ctrl with a letter the same whatever Shift says (see `keymap::key_of`).
        KeyCode::Char(ch) if ctrl => KeyCode::Char(ch.to_ascii_lowercase()),
        other => other,
    };
    Ok(Key { code, ctrl })
}

/// A key code from its name; on failure, maybe a suggestion.
fn parse_code(s: &str) -> Result<KeyCode, Option<String>> {
    let mut chars = s.chars();
    if let (Some(ch), None) = (chars.next(), chars.next()) {
        if ch.is_control() || crate::deck::sanitize::is_stripped(ch) {
            return Err(match ch {
                '\t' => Some("Tab".to_owned()),
                '\n' | '\r' => Some("Enter".to_owned()),
                '\u{1b}' => Some("Esc".to_owned()),
                _ => None,
            });
        }
        return Ok(KeyCode::Char(ch));
    }
    if let Some((_, code)) = NAMED_KEYS
        .iter()
        .chain(ALIASES)
        .find(|(name, _)| name.eq_ignore_ascii_case(s))
    {
        return Ok(*code);
    }
    if let Some(digits) = s.strip_prefix(['F', 'f'])
        && !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit())
    {
        return match digits.parse::<u8>() {
            Ok(n) if (1..=12).contains(&n) && !digits.starts_with('0') => Ok(KeyCode::F(n)),
            _ => Err(None),
        };
    }
    let lower = s.to_ascii_lowercase();
    let names: Vec<String> = NAMED_KEYS
        .iter()
        .chain(ALIASES)
        .map(|(n, _)| n.to_ascii_lowercase())
        .collect();
    let suggestion = did_you_mean(&lower, names.iter().map(String::as_str)).and_then(|m| {
        NAMED_KEYS
            .iter()
            .chain(ALIASES)
            .find(|(n, _)| n.eq_ignore_ascii_case(m))
            .map(|(n, _)| (*n).to_owned())
    });
    Err(suggestion)
}

// ---------------------------------------------------------------------------------------------
// The remapped key table

/// A row of the runtime key table (an owned [`keymap::Binding`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnedBinding {
    pub context: Context,
    pub keys: Vec<Key>,
    pub command: Command,
}

impl OwnedBinding {
    /// All keys, joined for display (as [`keymap::keys_label`]).
    pub fn keys_label(&self) -> String {
        self.keys
            .iter()
            .map(keymap::key_label)
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// The runtime key table: [`BINDINGS`] with each remapped slide command's keys replaced
/// (`Ctrl-c` is kept for `quit`). Rows keep the built-in order. Pass [`Config::keys`] from
/// [`load`], which checked that no key ends up on two commands.
pub fn apply(keys: &[(Command, Vec<Key>)]) -> Vec<OwnedBinding> {
    BINDINGS
        .iter()
        .map(|b| {
            let mut row = OwnedBinding {
                context: b.context,
                keys: b.keys.to_vec(),
                command: b.command,
            };
            if b.context == Context::Slide
                && let Some((_, new)) = keys.iter().rev().find(|(c, _)| *c == b.command)
            {
                row.keys.clone_from(new);
                if b.command == Command::Quit && !row.keys.contains(&CTRL_C) {
                    row.keys.push(CTRL_C);
                }
            }
            row
        })
        .collect()
}

/// Look a key up in one context of a runtime key table (as [`keymap::lookup`]).
pub fn lookup(bindings: &[OwnedBinding], key: Key, context: Context) -> Option<Command> {
    bindings
        .iter()
        .filter(|b| b.context == context)
        .find(|b| b.keys.contains(&key))
        .map(|b| b.command)
}

/// A key bound to two commands in one context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Conflict {
    pub key: Key,
    /// The command whose row comes first in the table.
    pub first: Command,
    pub second: Command,
}

/// Every key bound to two different commands of the slide context, once per pair.
pub fn conflicts(table: &[OwnedBinding]) -> Vec<Conflict> {
    let slide: Vec<&OwnedBinding> = table
        .iter()
        .filter(|b| b.context == Context::Slide)
        .collect();
    let mut out = Vec::new();
    for (i, a) in slide.iter().enumerate() {
        for b in &slide[i + 1..] {
            if a.command == b.command {
                continue;
            }
            for key in &a.keys {
                if b.keys.contains(key) {
                    out.push(Conflict {
                        key: *key,
                        first: a.command,
                        second: b.command,
                    });
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> Key {
        match parse_key(s) {
            Ok(k) => k,
            Err(e) => panic!("{s}: {}", e.message),
        }
    }

    fn ch(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: false,
        }
    }

    fn errors(text: &str) -> Vec<String> {
        match parse(text, Path::new("/cfg")) {
            Ok(c) => panic!("expected errors, got {c:?}"),
            Err(d) => d.iter().map(|d| d.message.clone()).collect(),
        }
    }

    fn config(text: &str) -> Config {
        match parse(text, Path::new("/cfg")) {
            Ok(c) => c,
            Err(d) => panic!(
                "{}",
                crate::deck::load::render_all(&d, "config.toml", text, false)
            ),
        }
    }

    #[test]
    fn key_names_parse() {
        assert_eq!(key("a"), ch('a'));
        assert_eq!(key("?"), ch('?'));
        assert_eq!(key("."), ch('.'));
        assert_eq!(key("G"), ch('G'));
        assert_eq!(key("é"), ch('é'));
        assert_eq!(key("Space"), ch(' '));
        assert_eq!(key(" "), ch(' '));
        assert_eq!(key("Right").code, KeyCode::Right);
        assert_eq!(key("right").code, KeyCode::Right);
        assert_eq!(key("PgDn").code, KeyCode::PageDown);
        assert_eq!(key("PageDown").code, KeyCode::PageDown);
        assert_eq!(key("PgUp").code, KeyCode::PageUp);
        assert_eq!(key("Shift-Tab").code, KeyCode::BackTab);
        assert_eq!(key("F1").code, KeyCode::F(1));
        assert_eq!(key("f12").code, KeyCode::F(12));
        let ctrl_c = Key {
            code: KeyCode::Char('c'),
            ctrl: true,
        };
        assert_eq!(key("Ctrl-c"), ctrl_c);
        assert_eq!(key("ctrl-C"), ctrl_c);
        assert_eq!(key("Ctrl+c"), ctrl_c);
        assert_eq!(
            key("Ctrl-Right"),
            Key {
                code: KeyCode::Right,
                ctrl: true
            }
        );
    }

    #[test]
    fn bad_key_names_are_refused_with_a_suggestion() {
        for bad in [
            "", "Rigth", "F0", "F13", "F01", "ab", "Ctrl-", "Alt-x", "\t", "\u{1b}", "Ctrl",
        ] {
            assert!(parse_key(bad).is_err(), "{bad:?} parsed");
        }
        let e = parse_key("Rigth").err().map(|d| d.hint.unwrap_or_default());
        assert!(
            e.as_deref()
                .is_some_and(|h| h.starts_with("did you mean `Right`?")),
            "{e:?}"
        );
        let e = parse_key("\t").err().map(|d| d.hint.unwrap_or_default());
        assert!(e.as_deref().is_some_and(|h| h.contains("`Tab`")), "{e:?}");
    }

    #[test]
    fn every_key_of_the_table_round_trips_through_its_name() {
        for b in BINDINGS {
            for k in b.keys {
                assert_eq!(parse_key(&key_name(k)).ok(), Some(*k), "{k:?}");
            }
        }
    }

    #[test]
    fn every_command_has_a_name_that_parses_back() {
        for b in BINDINGS {
            assert_eq!(parse_command(command_name(b.command)), Some(b.command));
        }
        for c in ALL_COMMANDS {
            assert_eq!(parse_command(command_name(*c)), Some(*c));
        }
        assert_eq!(
            remappable_names(),
            [
                "next",
                "prev",
                "first",
                "last",
                "overview",
                "search",
                "blank",
                "support",
                "join",
                "checklist",
                "focus",
                "framework",
                "answer",
                "timer",
                "countdown",
                "notes-down",
                "notes-up",
                "note",
                "room",
                "room-totals",
                "responses-up",
                "responses-down",
                "response-show",
                "response-keep",
                "room-clear",
                "help",
                "close",
                "quit"
            ]
        );
    }

    #[test]
    fn the_default_table_has_no_conflicts() {
        assert_eq!(conflicts(&apply(&[])), []);
    }

    #[test]
    fn a_remap_replaces_only_that_commands_slide_keys() {
        let table = apply(&[(Command::Next, vec![ch('x')])]);
        assert_eq!(lookup(&table, ch('x'), Context::Slide), Some(Command::Next));
        assert_eq!(lookup(&table, ch('l'), Context::Slide), None);
        assert_eq!(lookup(&table, ch(' '), Context::Slide), None);
        // Other contexts are untouched.
        assert_eq!(lookup(&table, ch('j'), Context::Panel), Some(Command::Down));
        assert_eq!(
            lookup(&table, ch('b'), Context::Slide),
            Some(Command::Blank)
        );
        assert_eq!(table.len(), BINDINGS.len());
    }

    #[test]
    fn ctrl_c_always_quits() {
        let table = apply(&[(Command::Quit, vec![ch('q')])]);
        assert_eq!(lookup(&table, CTRL_C, Context::Slide), Some(Command::Quit));
        let table = apply(&[(Command::Quit, vec![])]);
        assert_eq!(lookup(&table, CTRL_C, Context::Slide), Some(Command::Quit));
    }

    #[test]
    fn conflicts_are_found_between_remaps_and_with_defaults() {
        // A remapped key colliding with an unchanged default binding.
        let table = apply(&[(Command::Next, vec![ch('b')])]);
        assert_eq!(
            conflicts(&table),
            [Conflict {
                key: ch('b'),
                first: Command::Next,
                second: Command::Blank
            }]
        );
        // Two remaps.
        let table = apply(&[
            (Command::Timer, vec![ch('x')]),
            (Command::Note, vec![ch('x'), ch('y')]),
        ]);
        assert_eq!(conflicts(&table).len(), 1);
        // Swapping two commands' keys is fine.
        let table = apply(&[
            (Command::Blank, vec![ch('w')]),
            (Command::Next, vec![ch('b')]),
        ]);
        assert_eq!(conflicts(&table), []);
    }

    #[test]
    fn conflict_errors_name_both_commands() {
        let e = errors("[keys]\nnext = [\"Right\", \"b\"]\n");
        assert_eq!(e, ["`b` is bound to both `next` and `blank`"]);
        let e = errors("[keys]\ntimer = [\"x\"]\nnote = [\"x\"]\n");
        assert_eq!(e, ["`x` is bound to both `timer` and `note`"]);
        let e = errors("[keys]\nblank = [\"Ctrl-c\"]\n");
        assert_eq!(e, ["`Ctrl-c` is bound to both `blank` and `quit`"]);
        // Remapping the other command too resolves it.
        let c = config("[keys]\nnext = [\"Right\", \"b\"]\nblank = [\".\"]\n");
        assert_eq!(c.keys.len(), 2);
    }

    #[test]
    fn the_example_in_the_brief_loads_once_note_moves_off_n() {
        let brief = "theme = \"light\"\nshare = \"0.0.0.0:7878\"\njournal_dir = \"~/j\"\n\
                     bell = true\n[keys]\nnext = [\"Right\", \"Space\", \"n\"]\n\
                     blank = [\"b\", \"w\"]\nquit = [\"q\"]\n";
        // `n` takes notes by default: taking it for `next` alone is a conflict…
        assert_eq!(errors(brief), ["`n` is bound to both `next` and `note`"]);
        // …resolved by giving `note` another key.
        let c = config(&format!("{brief}note = [\"N\"]\n"));
        assert_eq!(c.theme, Some(ThemeName::Light));
        assert_eq!(c.share.as_deref(), Some("0.0.0.0:7878"));
        assert_eq!(c.bell, Some(true));
        assert!(c.journal_dir.is_some_and(|d| d.ends_with("j")));
        assert_eq!(
            c.keys,
            [
                (Command::Next, vec![key("Right"), key("Space"), key("n")]),
                (Command::Blank, vec![ch('b'), ch('w')]),
                (Command::Quit, vec![ch('q')]),
                (Command::Note, vec![ch('N')]),
            ]
        );
        let table = apply(&c.keys);
        assert_eq!(lookup(&table, ch('n'), Context::Slide), Some(Command::Next));
        assert_eq!(lookup(&table, ch('.'), Context::Slide), None);
        assert_eq!(lookup(&table, CTRL_C, Context::Slide), Some(Command::Quit));
    }

    #[test]
    fn every_problem_is_reported_in_file_order() {
        let e = errors(
            "them = \"light\"\nbell = \"yes\"\n[keys]\nnxt = [\"n\"]\nprev = [\"Rigth\"]\nup = [\"k\"]\n",
        );
        assert_eq!(
            e,
            [
                "unknown setting `them`",
                "`bell` must be true or false",
                "unknown command `nxt`",
                "`Rigth` is not a key name",
                "`up` cannot be remapped",
            ]
        );
    }

    #[test]
    fn settings_have_their_types_checked() {
        assert_eq!(
            errors("theme = 1\n"),
            ["`theme` must be text: \"dark\", \"light\" or \"high-contrast\""]
        );
        assert_eq!(
            errors("theme = \"solarized\"\n"),
            ["unknown theme `solarized`"]
        );
        assert_eq!(
            errors("share = \"localhost\"\n"),
            ["`localhost` is not an address to share on"]
        );
        assert_eq!(errors("journal_dir = \"\"\n"), ["`journal_dir` is empty"]);
        assert_eq!(
            errors("keys = 3\n"),
            ["`keys` must be a table of commands and their keys"]
        );
        assert_eq!(
            errors("[keys]\nnext = []\n"),
            ["`next` needs at least one key"]
        );
        assert_eq!(
            errors("[keys]\nnext = [1]\n"),
            ["a key name must be text in quotes"]
        );
        assert_eq!(
            errors("[keys]\nnext = [\"1\"]\n"),
            ["`1` cannot be remapped: digits jump to a slide"]
        );
        assert_eq!(
            config("[keys]\nanswer = []\n").keys,
            [(Command::Answer, vec![])]
        );
        assert_eq!(
            config("[keys]\nquit = \"q\"\n").keys,
            [(Command::Quit, vec![ch('q')])]
        );
    }

    #[test]
    fn relative_journal_dirs_start_from_the_config_folder() {
        let c = config("journal_dir = \"journals\"\n");
        assert_eq!(c.journal_dir, Some(PathBuf::from("/cfg/journals")));
        let c = config("journal_dir = \"/srv/j\"\n");
        assert_eq!(c.journal_dir, Some(PathBuf::from("/srv/j")));
    }

    #[test]
    fn a_setting_written_under_keys_by_mistake_is_explained() {
        let e = parse("next = [\"n\"]\n", Path::new("/"))
            .err()
            .unwrap_or_default();
        let hint = e.first().and_then(|d| d.hint.clone()).unwrap_or_default();
        assert!(hint.contains("under a `[keys]` header"), "{hint}");
    }

    #[test]
    fn a_missing_file_is_the_default_configuration() {
        let p = Path::new("/nonexistent/convene/config.toml");
        assert!(matches!(load(p), Ok(c) if c == Config::default()));
    }

    #[test]
    fn the_path_ends_in_convene_config_toml() {
        if let Some(p) = path() {
            assert!(p.ends_with("convene/config.toml"), "{}", p.display());
        }
    }
}
