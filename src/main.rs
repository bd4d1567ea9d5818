use clap::Parser;
use convene::cli::{Cli, Command};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let color = anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never;
    let code = match cli.command {
        Some(Command::Check(args)) => {
            convene::check::run(&args, &mut std::io::stdout(), &mut std::io::stderr(), color)
        }
        Some(Command::Present(args)) => convene::term::present(&args),
        None => convene::term::present(&cli.present),
    };
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}
