use clap::FromArgMatches;
use convene::cli::{Cli, Command};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli =
        Cli::from_arg_matches(&convene::cli::command().get_matches()).unwrap_or_else(|e| e.exit());
    let color = anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never;
    let code = match cli.command {
        Some(Command::Check(args)) => convene::organize::check::run(
            &args,
            &mut std::io::stdout(),
            &mut std::io::stderr(),
            color,
        ),
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
            print!("{}", convene::deck::schema::json());
            0
        }
        Some(Command::Sessions { dir }) => convene::record::sessions::run_sessions(dir),
        Some(Command::Completions { shell }) => {
            convene::cli::completions(shell, &mut std::io::stdout());
            0
        }
        Some(Command::Man) => match convene::cli::man(&mut std::io::stdout()) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("convene: {e}");
                1
            }
        },
        Some(Command::Follow { addr, plain, theme }) => convene::share::follow::run_with_view(
            addr.unwrap_or_default(),
            plain,
            convene::present::terminal::view_from_env(if plain {
                theme
            } else {
                Some(convene::present::terminal::resolve_theme(theme))
            }),
        ),
        None => convene::run::present(&cli.present),
    };
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}
