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
    return_large_allocations_to_the_system();
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
        Command::Audit(args) => {
            return match server::accounts::run_audit_command(&args.data_dir, args.command) {
                Ok(message) => {
                    println!("{message}");
                    ExitCode::SUCCESS
                }
                Err(error) => {
                    eprintln!("hdnd: {error}");
                    ExitCode::FAILURE
                }
            };
        }
        Command::Report(args) => {
            return match server::report::run(&args) {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => {
                    eprintln!("hdnd: {error}");
                    ExitCode::FAILURE
                }
            };
        }
        Command::Demo(args) => {
            return match server::demo::run(&args.data_dir, args.force) {
                Ok(message) => {
                    println!("{message}");
                    ExitCode::SUCCESS
                }
                Err(error) => {
                    eprintln!("hdnd: {error}");
                    ExitCode::FAILURE
                }
            };
        }
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

/// Each password check takes 19 MiB (argon2id). glibc raises its mmap
/// threshold after the first such block is freed, and from then on keeps the
/// freed blocks in the arenas of the blocking-pool threads: 40 sign-ins left
/// the server at 674 MB. A fixed threshold keeps large blocks mmapped, so
/// they go back to the system when the check ends.
fn return_large_allocations_to_the_system() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        const ONE_MIB: libc::c_int = 1 << 20;
        // SAFETY: mallopt only changes allocator parameters; it is called
        // before any other thread exists.
        let accepted = unsafe { libc::mallopt(libc::M_MMAP_THRESHOLD, ONE_MIB) };
        if accepted != 1 {
            tracing::warn!(
                "the allocator refused a fixed mmap threshold; memory may grow after sign-ins"
            );
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
