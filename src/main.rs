use clap::FromArgMatches;
use convene::cli::{Cli, Command};
use std::process::ExitCode;

/// Standard output that remembers its first error, so that a command whose output was lost
/// (`> /dev/full`, a closed pipe) does not exit 0, and nothing panics on a failed write.
struct Out {
    inner: std::io::Stdout,
    error: Option<std::io::Error>,
}

impl Out {
    fn new() -> Self {
        Out {
            inner: std::io::stdout(),
            error: None,
        }
    }

    /// The exit code after a command that returned `code`: a closed pipe exits quietly with
    /// 141 (as if killed by SIGPIPE, what `head` expects), any other write error says so in one
    /// line and exits 1.
    fn finish(mut self, code: i32) -> i32 {
        use std::io::Write as _;
        if self.error.is_none()
            && let Err(e) = self.inner.flush()
        {
            self.error = Some(e);
        }
        match self.error {
            None => code,
            Some(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 141,
            Some(e) => {
                eprintln!("convene: cannot write to standard output: {e}");
                1
            }
        }
    }
}

impl std::io::Write for Out {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Some(e) = &self.error {
            return Err(std::io::Error::new(e.kind(), e.to_string()));
        }
        self.inner.write(buf).inspect_err(|e| {
            self.error = Some(std::io::Error::new(e.kind(), e.to_string()));
        })
    }
    fn flush(&mut self) -> std::io::Result<()> {
        if let Some(e) = &self.error {
            return Err(std::io::Error::new(e.kind(), e.to_string()));
        }
        self.inner.flush().inspect_err(|e| {
            self.error = Some(std::io::Error::new(e.kind(), e.to_string()));
        })
    }
}

fn main() -> ExitCode {
    let cli =
        Cli::from_arg_matches(&convene::cli::command().get_matches()).unwrap_or_else(|e| e.exit());
    let color = anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never;
    let code = match cli.command {
        Some(Command::Check(args)) => {
            let mut out = Out::new();
            let code =
                convene::organize::check::run(&args, &mut out, &mut std::io::stderr(), color);
            out.finish(code)
        }
        Some(Command::Present(args)) => convene::run::present(&args),
        Some(Command::New { path, from, lang }) => convene::organize::new::run(
            &path,
            from,
            convene::deck::bundled::language(lang),
            &mut std::io::stderr(),
        ),
        Some(Command::Report {
            journal,
            format,
            output,
        }) => convene::record::report::run_report(journal, format, output),
        Some(Command::Export {
            deck,
            format,
            output,
            with_notes,
        }) => convene::organize::export::run_export(
            deck.as_deref(),
            format.unwrap_or_else(|| {
                convene::organize::export::ExportFormat::for_output(output.as_deref())
            }),
            output.as_deref(),
            with_notes,
        ),
        Some(Command::Config { path, example }) => {
            convene::organize::config::run_config(path, example)
        }
        Some(Command::Schema) => {
            use std::io::Write as _;
            let mut out = Out::new();
            let _ = out.write_all(convene::deck::schema::json().as_bytes());
            out.finish(0)
        }
        Some(Command::Sessions { dir }) => convene::record::sessions::run_sessions(dir),
        Some(Command::Completions { shell }) => {
            use std::io::Write as _;
            // Generated in memory: clap_complete panics when its writer fails.
            let mut script = Vec::new();
            convene::cli::completions(shell, &mut script);
            let mut out = Out::new();
            let _ = out.write_all(&script);
            out.finish(0)
        }
        Some(Command::Man) => {
            let mut out = Out::new();
            let _ = convene::cli::man(&mut out);
            out.finish(0)
        }
        Some(Command::Follow {
            addr,
            plain,
            theme,
            ascii,
        }) => convene::share::follow::run_with_view(
            addr.unwrap_or_default(),
            plain,
            convene::present::terminal::view_from_env(
                if plain {
                    theme
                } else {
                    Some(convene::present::terminal::resolve_theme(theme))
                },
                ascii,
            ),
        ),
        None => convene::run::present(&cli.present),
    };
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}
