//! `hdnd`: the single server binary of Sổ công tác HĐND.

use std::process::ExitCode;

use server::cli::{self, Command, ParseOutcome};

fn main() -> ExitCode {
    let cli = match cli::parse(std::env::args_os()) {
        ParseOutcome::Run(cli) => cli,
        ParseOutcome::Print { text, code } => {
            print!("{text}");
            return ExitCode::from(code);
        }
        ParseOutcome::Error(message) => {
            eprintln!("hdnd: {message}");
            return ExitCode::from(2);
        }
    };
    init_logging();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("hdnd: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let outcome = match cli.command {
        Command::Serve(args) => runtime.block_on(server::serve(args)),
        Command::User(args) => {
            return match server::accounts::run_user_command(&args.data_dir, args.command) {
                Ok(message) => {
                    if !message.is_empty() {
                        println!("{message}");
                    }
                    ExitCode::SUCCESS
                }
                Err(error) => {
                    eprintln!("hdnd: {error}");
                    ExitCode::FAILURE
                }
            };
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("hdnd: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Logs go to stderr; `RUST_LOG` overrides the default level (info).
fn init_logging() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,tower_http=warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_target(false)
        .init();
}
