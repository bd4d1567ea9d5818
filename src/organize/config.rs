//! `convene config`: print the configuration file's path, its documented example, or the
//! effective settings (the file's model and loader live in `crate::present::settings`).

use crate::present::app::keymap::Context;
use crate::present::settings::{
    Config, EXAMPLE, apply, command_name, key_name, load, path, quote, theme_name,
};
use std::io::Write;
use std::path::Path;

/// `convene config`: with `path_only`, print the file's path; with `example`, print the
/// documented example; else print the effective configuration (errors to stderr, exit 1).
pub fn run_config(path_only: bool, example: bool) -> i32 {
    let color = anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never;
    run_with(
        path().as_deref(),
        path_only,
        example,
        &mut std::io::stdout(),
        &mut std::io::stderr(),
        color,
    )
}

/// [`run_config`] with the path and the streams given (for tests).
pub fn run_with(
    path: Option<&Path>,
    path_only: bool,
    example: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
    color: bool,
) -> i32 {
    let result = if example {
        out.write_all(EXAMPLE.as_bytes()).map(|()| 0)
    } else {
        match path {
            None => writeln!(
                err,
                "convene: cannot find your home folder, so there is no configuration file \
                 (set HOME or XDG_CONFIG_HOME)"
            )
            .map(|()| 1),
            Some(p) if path_only => writeln!(out, "{}", p.display()).map(|()| 0),
            Some(p) => match load(p) {
                Ok(config) => {
                    let exists = p.exists();
                    out.write_all(effective(&config, p, exists).as_bytes())
                        .map(|()| 0)
                }
                Err(e) => err.write_all(e.render(color).as_bytes()).map(|()| 1),
            },
        }
    };
    result.unwrap_or(1)
}

/// The effective configuration as TOML that loads back to the same settings: set values as
/// written, unset ones as comments, and the whole slide key table (remapped rows marked).
pub fn effective(config: &Config, path: &Path, exists: bool) -> String {
    let mut s = String::new();
    s.push_str(&format!("# convene configuration: {}\n", path.display()));
    if !exists {
        s.push_str("# (the file does not exist: these are the defaults)\n");
    }
    s.push_str("# Command-line flags win over this file.\n\n");
    match config.theme {
        Some(t) => s.push_str(&format!("theme = {}\n", quote(theme_name(t)))),
        None => s.push_str("# theme = \"dark\"   (not set: the default)\n"),
    }
    match &config.share {
        Some(a) => s.push_str(&format!("share = {}\n", quote(a))),
        None => s.push_str("# share = \"0.0.0.0:7878\"   (not set)\n"),
    }
    match &config.journal_dir {
        Some(d) => s.push_str(&format!(
            "journal_dir = {}\n",
            quote(&d.display().to_string())
        )),
        None => s.push_str("# journal_dir   (not set: the default folder)\n"),
    }
    match config.bell {
        Some(b) => s.push_str(&format!("bell = {b}\n")),
        None => s.push_str("# bell = false   (not set: the default)\n"),
    }
    match config.ascii {
        Some(b) => s.push_str(&format!("ascii = {b}\n")),
        None => s.push_str("# ascii = false   (not set: decided from the terminal)\n"),
    }
    s.push_str("\n[keys]\n");
    for row in apply(&config.keys)
        .iter()
        .filter(|b| b.context == Context::Slide)
    {
        let keys: Vec<String> = row.keys.iter().map(|k| quote(&key_name(k))).collect();
        let line = format!("{} = [{}]", command_name(row.command), keys.join(", "));
        let remapped = config.keys.iter().any(|(c, _)| *c == row.command);
        if remapped {
            s.push_str(&format!("{line}\n"));
        } else {
            s.push_str(&format!("{line}   # default\n"));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(text: &str) -> Config {
        match crate::present::settings::parse(text, Path::new("/")) {
            Ok(c) => c,
            Err(e) => panic!("{text}: {e:?}"),
        }
    }

    #[test]
    fn the_effective_configuration_loads_back_to_the_same_table() {
        let c = config(
            "theme = \"high-contrast\"\nbell = false\n[keys]\nnext = [\"]\", \"\\\\\", \"\\\"\"]\nquit = [\"q\"]\n",
        );
        let text = effective(&c, Path::new("/cfg/config.toml"), true);
        let back = config(&text);
        assert_eq!(back.theme, c.theme);
        assert_eq!(back.bell, c.bell);
        assert_eq!(apply(&back.keys), apply(&c.keys));
        let defaults = effective(&Config::default(), Path::new("/x"), false);
        assert_eq!(apply(&config(&defaults).keys), apply(&[]));
        assert!(defaults.contains("does not exist"), "{defaults}");
    }

    #[test]
    fn config_subcommand_prints_path_example_and_errors() {
        let mut out = Vec::new();
        let mut err = Vec::new();
        let p = Path::new("/nonexistent/convene/config.toml");
        assert_eq!(run_with(Some(p), true, false, &mut out, &mut err, false), 0);
        assert_eq!(
            String::from_utf8_lossy(&out),
            "/nonexistent/convene/config.toml\n"
        );
        out.clear();
        assert_eq!(run_with(Some(p), false, true, &mut out, &mut err, false), 0);
        assert_eq!(String::from_utf8_lossy(&out), EXAMPLE);
        out.clear();
        assert_eq!(run_with(None, false, false, &mut out, &mut err, false), 1);
        assert!(out.is_empty());
    }
}
