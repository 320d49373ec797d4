//! Command line of the `hdnd` binary (clap). Every option can also come from
//! the environment, which is how a service manager usually configures it.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Sổ công tác HĐND (Council Workbook): the server of a People's Council office.
#[derive(Debug, Parser)]
#[command(name = "hdnd", version, about, propagate_version = true)]
#[command(arg_required_else_help = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the app and its API; creates or opens the database under --data-dir.
    Serve(ServeArgs),
}

#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "HDND_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,

    /// Directory holding the database (created if missing).
    #[arg(long, env = "HDND_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,
}

/// Outcome of reading the command line when it is not a command to run.
pub enum ParseOutcome {
    Run(Cli),
    /// Help or version was asked for; print it and exit with this code.
    Print {
        text: String,
        code: u8,
    },
    /// A bad command line, already condensed to one line.
    Error(String),
}

/// Parses the command line; clap's multi-line errors become one line.
pub fn parse<I, T>(args: I) -> ParseOutcome
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    use clap::error::ErrorKind;
    match Cli::try_parse_from(args) {
        Ok(cli) => ParseOutcome::Run(cli),
        Err(error) => match error.kind() {
            ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => ParseOutcome::Print {
                text: error.render().to_string(),
                code: 0,
            },
            ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => ParseOutcome::Print {
                text: error.render().to_string(),
                code: 2,
            },
            _ => ParseOutcome::Error(one_line(&error.render().to_string())),
        },
    }
}

fn one_line(rendered: &str) -> String {
    let first = rendered
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty())
        .unwrap_or("invalid command line");
    let first = first.strip_prefix("error: ").unwrap_or(first);
    format!("{first} (see 'hdnd --help')")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serve_has_documented_defaults() {
        let ParseOutcome::Run(cli) = parse(["hdnd", "serve"]) else {
            panic!("serve should parse");
        };
        let Command::Serve(args) = cli.command;
        assert_eq!(args.addr, "127.0.0.1:3000".parse().unwrap());
        assert_eq!(args.data_dir, PathBuf::from("./data"));
    }

    #[test]
    fn bad_flags_become_one_line() {
        for bad in [
            vec!["hdnd", "serve", "--bogus"],
            vec!["hdnd", "serve", "--addr", "not-an-address"],
            vec!["hdnd", "frobnicate"],
        ] {
            let ParseOutcome::Error(message) = parse(bad.clone()) else {
                panic!("{bad:?} should be refused");
            };
            assert_eq!(message.lines().count(), 1, "{message}");
            assert!(message.ends_with("(see 'hdnd --help')"), "{message}");
        }
    }

    #[test]
    fn help_and_version_are_printed_not_errors() {
        assert!(matches!(
            parse(["hdnd", "--help"]),
            ParseOutcome::Print { code: 0, .. }
        ));
        assert!(matches!(
            parse(["hdnd", "--version"]),
            ParseOutcome::Print { code: 0, .. }
        ));
        assert!(matches!(
            parse(["hdnd"]),
            ParseOutcome::Print { code: 2, .. }
        ));
    }
}
