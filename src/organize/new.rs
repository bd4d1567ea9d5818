//! `convene new PATH`: write a commented starter deck (or a copy of the bundled deck) that
//! passes `convene check`, without ever overwriting a file.

use crate::deck::bundled;
use crate::words::Lang;
use std::io::Write;
use std::path::Path;

/// The starter deck: a title slide, a content slide with a prompt, a case with the checklist.
pub const STARTER: &str = include_str!("../../decks/starter.toml");

/// What to start from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Template {
    /// A short commented deck showing every kind of slide.
    Starter,
    /// The bundled awareness workshop (in the chosen language).
    Awareness,
}

/// The text a template writes.
pub fn template_text(template: Template, lang: Lang) -> &'static str {
    match template {
        Template::Starter => STARTER,
        Template::Awareness => bundled::source(lang),
    }
}

/// Write the template to `path`; returns the exit code. Never overwrites: the file is created
/// with `create_new`, so even a file appearing between a check and the write is safe.
pub fn run(path: &Path, template: Template, lang: Lang, err: &mut dyn Write) -> i32 {
    let text = template_text(template, lang);
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path);
    let mut file = match file {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let _ = writeln!(
                err,
                "error: {} already exists; convene new never overwrites a file\n  = help: choose another name, e.g. `convene new {}`",
                path.display(),
                free_name(path).display()
            );
            return 1;
        }
        Err(e) => {
            let _ = writeln!(err, "error: cannot create {}: {e}", path.display());
            return 1;
        }
    };
    if let Err(e) = file
        .write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
    {
        let _ = writeln!(err, "error: cannot write {}: {e}", path.display());
        return 1;
    }
    let _ = writeln!(
        err,
        "wrote {p}\n  next: edit it, then `convene check {p}` and `convene present {p}`",
        p = path.display()
    );
    0
}

/// A name beside `path` that does not exist yet: `workshop-2.toml`, `workshop-3.toml`, …
pub fn free_name(path: &Path) -> std::path::PathBuf {
    let stem = path.file_stem().map_or_else(
        || "workshop".to_owned(),
        |s| s.to_string_lossy().into_owned(),
    );
    let ext = path
        .extension()
        .map_or_else(|| "toml".to_owned(), |e| e.to_string_lossy().into_owned());
    (2..1000)
        .map(|n| path.with_file_name(format!("{stem}-{n}.{ext}")))
        .find(|p| !p.exists())
        .unwrap_or_else(|| path.with_file_name(format!("{stem}-new.{ext}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starter_passes_check_without_warnings() {
        let loaded = crate::deck::load_str(STARTER).expect("starter loads");
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
        let d = &loaded.deck;
        assert!(
            d.slides
                .iter()
                .any(|s| s.kind == crate::deck::SlideKind::Title)
        );
        assert!(d.slides.iter().any(|s| !s.prompts().is_empty()));
        assert!(d.slides.iter().any(|s| s.checklist && s.answer().is_some()));
        assert_eq!(Some(d.planned_minutes()), d.meta.minutes);
    }

    #[test]
    fn never_overwrites() {
        let dir = std::env::temp_dir().join(format!("convene-new-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("deck.toml");
        let mut err = Vec::new();
        assert_eq!(run(&path, Template::Starter, Lang::En, &mut err), 0);
        std::fs::write(&path, "mine").expect("write");
        let mut err = Vec::new();
        assert_eq!(run(&path, Template::Awareness, Lang::En, &mut err), 1);
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "mine");
        assert!(String::from_utf8_lossy(&err).contains("never overwrites"));
        let from = dir.join("awareness.toml");
        assert_eq!(
            run(&from, Template::Awareness, Lang::En, &mut Vec::new()),
            0
        );
        assert!(crate::deck::load_path(&from).is_ok());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
