//! Command line of the `hdnd` binary (clap). Every option can also come from
//! the environment, which is how a service manager usually configures it.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use app::auth::model::Role;

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
    /// On first start creates the administrator `admin` (password from
    /// HDND_ADMIN_PASSWORD, else generated and printed once to the log).
    Serve(ServeArgs),
    /// Manage accounts in the database under --data-dir (also while serving).
    User(UserArgs),
    /// Check the security log under --data-dir.
    Audit(AuditArgs),
    /// Enter the demo office into the database under --data-dir: the
    /// reference year 2020 of a provincial council office (and early 2021)
    /// as real records, and an account for every role (password
    /// hdnd-demo-2020). Refuses a database that already holds records
    /// unless --force.
    Demo(DemoArgs),
    /// Print the figures of a period, or part I of its report drafted from
    /// them, from the records in the database under --data-dir (docs/REPORTS.md).
    Report(ReportArgs),
}

#[derive(Debug, Clone, clap::Args)]
pub struct ReportArgs {
    /// Directory holding the database (it must exist).
    #[arg(long, env = "HDND_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,

    /// The year reported on.
    #[arg(long, value_parser = clap::value_parser!(i32).range(1945..=2100))]
    pub year: i32,

    /// year, h1, h2, q1..q4, m01..m12, or session:<id> (a council session's id).
    #[arg(long, default_value = "year", value_parser = app::reports::PeriodAsked::parse)]
    pub period: app::reports::PeriodAsked,

    /// The day the report is drawn, YYYY-MM-DD (what is overdue by then);
    /// default today in Vietnam.
    #[arg(long, value_parser = app::calendar::IsoDate::parse)]
    pub as_of: Option<app::calendar::IsoDate>,

    /// text: the report as drafted, top to bottom; json: every figure with
    /// the ids of the records behind it; docx: the report in the Decree 30
    /// layout, to finish in Word; xlsx: its statistics tables.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,

    /// Write to this file instead of the standard output (docx and xlsx
    /// are written to the standard output only when it is not a terminal).
    #[arg(long)]
    pub out: Option<PathBuf>,

    /// The office's name, at the top of the report (as `hdnd serve
    /// --office-name`).
    #[arg(long, env = "HDND_OFFICE_NAME", value_parser = app::system::model::office_name)]
    pub office_name: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Text,
    Json,
    Docx,
    Xlsx,
}

#[derive(Debug, Clone, clap::Args)]
pub struct DemoArgs {
    /// Directory holding the database (created if missing).
    #[arg(long, env = "HDND_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,

    /// Add the demo even though the database already holds records.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, clap::Args)]
pub struct AuditArgs {
    /// Directory holding the database.
    #[arg(long, env = "HDND_DATA_DIR", default_value = "./data", global = true)]
    pub data_dir: PathBuf,

    #[command(subcommand)]
    pub command: AuditCommand,
}

#[derive(Debug, Clone, Subcommand)]
pub enum AuditCommand {
    /// Check that no entry of the security log was changed or removed since
    /// it was written (each entry carries a hash of the one before); exits
    /// 1 and names the first broken entry otherwise.
    Verify,
}

#[derive(Debug, Clone, clap::Args)]
pub struct UserArgs {
    /// Directory holding the database.
    #[arg(long, env = "HDND_DATA_DIR", default_value = "./data", global = true)]
    pub data_dir: PathBuf,

    #[command(subcommand)]
    pub command: UserCommand,
}

/// Passwords are typed twice at a terminal, or read as one line from
/// standard input. Roles: staff, reception_staff, office_leader,
/// standing_committee, admin, viewer.
#[derive(Debug, Clone, Subcommand)]
pub enum UserCommand {
    /// Create an account.
    Add {
        username: String,
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// Display name (default: the user name).
        #[arg(long)]
        name: Option<String>,
    },
    /// Set a new password; the user's sessions end.
    SetPassword { username: String },
    /// Change the role.
    SetRole {
        username: String,
        #[arg(value_parser = parse_role)]
        role: Role,
    },
    /// Disable the account; its sessions end.
    Disable { username: String },
    /// Enable a disabled account.
    Enable { username: String },
    /// List the accounts.
    List,
}

#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "HDND_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,

    /// Directory holding the database (created if missing).
    #[arg(long, env = "HDND_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,

    /// Minutes without activity after which a session ends.
    #[arg(long, env = "HDND_SESSION_IDLE_MINUTES", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(1..=1440))]
    pub session_idle_minutes: u64,

    /// Hours after sign-in after which a session ends, however active.
    #[arg(long, env = "HDND_SESSION_MAX_HOURS", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(1..=168))]
    pub session_max_hours: u64,

    /// Mark the session cookie Secure; set when users reach the server over
    /// https (e.g. through a TLS-terminating reverse proxy).
    #[arg(long, env = "HDND_SECURE_COOKIES")]
    pub secure_cookies: bool,

    /// Take the client address from X-Forwarded-For; set only behind a
    /// reverse proxy that sets it.
    #[arg(long, env = "HDND_TRUST_FORWARDED_FOR")]
    pub trust_forwarded_for: bool,

    /// The address users type, e.g. https://hdnd.example.vn. When set, only
    /// requests for that host are served, and browser calls to /api must
    /// come from that origin.
    #[arg(long, env = "HDND_PUBLIC_URL", value_parser = crate::origin::PublicOrigin::parse)]
    pub public_url: Option<crate::origin::PublicOrigin>,

    /// Open connections at most (lowered to fit the open-file limit); when
    /// reached, idle connections are closed to make room.
    #[arg(long, env = "HDND_MAX_CONNECTIONS", default_value_t = 1_000,
          value_parser = clap::value_parser!(u64).range(8..=1_000_000))]
    pub max_connections: u64,

    /// Refuse writes (a clear error, nothing lost: browsers keep their
    /// changes) while the data directory's disk has less free space than
    /// this many MiB.
    #[arg(long, env = "HDND_MIN_FREE_DISK_MB", default_value_t = 256,
          value_parser = clap::value_parser!(u64).range(0..=1_048_576))]
    pub min_free_disk_mb: u64,

    /// On an empty database, enter the demo office first (see `hdnd demo`).
    #[arg(long, env = "HDND_DEMO")]
    pub demo: bool,

    /// The office's name as the top bar (and the reports) show it, e.g.
    /// "Văn phòng Đoàn ĐBQH và HĐND tỉnh Phú Thọ"; without it, "Văn phòng
    /// HĐND tỉnh".
    #[arg(long, env = "HDND_OFFICE_NAME", value_parser = app::system::model::office_name)]
    pub office_name: Option<String>,
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

/// Reads a role on the command line (`office-leader` or `office_leader`).
pub fn parse_role(text: &str) -> Result<Role, String> {
    Role::parse(text).ok_or_else(|| {
        let names: Vec<&str> = Role::ALL.iter().map(|role| role.as_str()).collect();
        format!("unknown role {text:?}; one of {}", names.join(", "))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_parse_in_both_spellings_with_a_helpful_error() {
        assert_eq!(parse_role("reception-staff"), Ok(Role::ReceptionStaff));
        let error = parse_role("boss").unwrap_err();
        assert!(error.contains("office_leader"), "{error}");
    }

    #[test]
    fn serve_has_documented_defaults() {
        let ParseOutcome::Run(cli) = parse(["hdnd", "serve"]) else {
            panic!("serve should parse");
        };
        let Command::Serve(args) = cli.command else {
            panic!("serve should parse as serve");
        };
        assert_eq!(args.addr, "127.0.0.1:3000".parse().unwrap());
        assert_eq!(args.data_dir, PathBuf::from("./data"));
        assert_eq!(args.session_idle_minutes, 30);
        assert_eq!(args.session_max_hours, 10);
        assert!(!args.secure_cookies);
        assert_eq!(args.public_url, None);
        assert_eq!(args.max_connections, 1_000);
        assert_eq!(args.min_free_disk_mb, 256);
    }

    #[test]
    fn the_public_url_is_an_origin() {
        let ParseOutcome::Run(cli) = parse([
            "hdnd",
            "serve",
            "--public-url",
            "HTTPS://HDND.example.vn:443/",
        ]) else {
            panic!("should parse");
        };
        let Command::Serve(args) = cli.command else {
            panic!("serve");
        };
        let public = args.public_url.expect("a public url");
        assert_eq!(public.origin(), "https://hdnd.example.vn");
        for bad in [
            "hdnd.example.vn",
            "ftp://hdnd.example.vn",
            "https://hdnd.example.vn/app",
            "https://user@hdnd.example.vn",
            "https://",
        ] {
            assert!(
                matches!(
                    parse(["hdnd", "serve", "--public-url", bad]),
                    ParseOutcome::Error(_)
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn the_office_name_is_taken_trimmed() {
        let ParseOutcome::Run(cli) = parse([
            "hdnd",
            "serve",
            "--office-name",
            " Văn phòng Đoàn ĐBQH và HĐND tỉnh Phú Thọ ",
        ]) else {
            panic!("should parse");
        };
        let Command::Serve(args) = cli.command else {
            panic!("should be serve");
        };
        assert_eq!(
            args.office_name.as_deref(),
            Some("Văn phòng Đoàn ĐBQH và HĐND tỉnh Phú Thọ")
        );
    }

    #[test]
    fn bad_flags_become_one_line() {
        for bad in [
            vec!["hdnd", "serve", "--bogus"],
            vec!["hdnd", "serve", "--addr", "not-an-address"],
            vec!["hdnd", "frobnicate"],
            vec!["hdnd", "serve", "--session-idle-minutes", "0"],
            vec!["hdnd", "user", "add", "an", "--role", "boss"],
            vec!["hdnd", "user", "set-role", "an"],
            vec!["hdnd", "serve", "--max-connections", "2"],
            vec!["hdnd", "audit", "check"],
            vec!["hdnd", "serve", "--office-name", "   "],
        ] {
            let ParseOutcome::Error(message) = parse(bad.clone()) else {
                panic!("{bad:?} should be refused");
            };
            assert_eq!(message.lines().count(), 1, "{message}");
            assert!(message.ends_with("(see 'hdnd --help')"), "{message}");
        }
    }

    #[test]
    fn user_commands_parse_roles_in_both_spellings() {
        let ParseOutcome::Run(cli) = parse([
            "hdnd",
            "user",
            "--data-dir",
            "/tmp/x",
            "set-role",
            "an",
            "office-leader",
        ]) else {
            panic!("should parse");
        };
        let Command::User(args) = cli.command else {
            panic!("should be a user command");
        };
        assert_eq!(args.data_dir, PathBuf::from("/tmp/x"));
        assert!(matches!(
            args.command,
            UserCommand::SetRole {
                role: Role::OfficeLeader,
                ..
            }
        ));
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
