//! The handshake a client makes with the server at start: which build it runs,
//! and what the server answers about itself. Used to show whether the server
//! is reachable and whether a newer build is being served.

use serde::{Deserialize, Serialize};

use crate::error::{AppError, FieldError};

/// Longest build id accepted (the site's ids are 12 hex digits).
pub const MAX_BUILD_LEN: usize = 64;

/// What the client says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientHello {
    /// The build id of the site the client runs (from the shell's
    /// `<meta name="hdnd-build">`), or `"dev"`.
    pub build: String,
}

impl ClientHello {
    /// Checks the request; the same code runs in the browser and on the server.
    pub fn validate(&self) -> Result<(), AppError> {
        let mut fields = Vec::new();
        let build = self.build.trim();
        if build.is_empty() {
            fields.push(FieldError::new(
                "build",
                "required",
                "build must not be empty",
            ));
        } else if build.len() > MAX_BUILD_LEN {
            fields.push(FieldError::new(
                "build",
                "too_long",
                format!("build must be at most {MAX_BUILD_LEN} characters"),
            ));
        } else if !build
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
        {
            fields.push(FieldError::new(
                "build",
                "bad_characters",
                "build may contain only letters, digits, '-' and '.'",
            ));
        }
        if fields.is_empty() {
            Ok(())
        } else {
            Err(AppError::Invalid { fields })
        }
    }
}

/// Facts the server knows about itself (filled in by the server binary).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerFacts {
    /// Build id of the site embedded in the server.
    pub build: String,
    /// Random id made when the database was created.
    pub instance_id: String,
    /// Current database schema version.
    pub schema_version: i64,
    /// The office's name, when the server was given one.
    pub office_name: Option<String>,
}

/// The longest office name the server takes.
pub const OFFICE_NAME_MAX: usize = 120;

/// Reads an office name given to the server (`--office-name`): trimmed,
/// NFC, 1 to 120 characters of visible text.
pub fn office_name(text: &str) -> Result<String, String> {
    let name = crate::text::normalise(text).into_owned();
    if name.is_empty() {
        return Err("the office name is empty".to_owned());
    }
    if name.chars().count() > OFFICE_NAME_MAX {
        return Err(format!(
            "the office name is longer than {OFFICE_NAME_MAX} characters"
        ));
    }
    if name
        .chars()
        .any(|c| crate::text::is_hidden_control(c, false))
    {
        return Err("the office name has control characters".to_owned());
    }
    Ok(name)
}

/// The server's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerHello {
    /// "Sổ công tác HĐND".
    pub product: String,
    /// Version of the server program.
    pub version: String,
    /// Build id of the site this server serves.
    pub server_build: String,
    /// True when the client runs exactly the site this server serves.
    pub same_build: bool,
    /// Random id made when the database was created; a change means the
    /// database was replaced.
    pub instance_id: String,
    /// Database schema version.
    pub schema_version: i64,
    /// The office's name (`--office-name`); absent, the app says "Văn
    /// phòng HĐND tỉnh" in the user's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub office_name: Option<String>,
}

/// Product name as the server reports it (not translated: it is a name).
pub const PRODUCT_NAME: &str = "Sổ công tác HĐND";

impl ServerHello {
    pub fn answer(client: &ClientHello, facts: ServerFacts) -> Self {
        Self {
            product: PRODUCT_NAME.to_owned(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
            same_build: client.build.trim() == facts.build,
            server_build: facts.build,
            instance_id: facts.instance_id,
            schema_version: facts.schema_version,
            office_name: facts.office_name,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hello(build: &str) -> ClientHello {
        ClientHello {
            build: build.to_owned(),
        }
    }

    fn codes(result: Result<(), AppError>) -> Vec<String> {
        match result {
            Ok(()) => vec![],
            Err(AppError::Invalid { fields }) => fields.into_iter().map(|f| f.code).collect(),
            Err(other) => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn accepts_build_ids_the_site_makes() {
        assert!(hello("3f2a9c1b0d4e").validate().is_ok());
        assert!(hello("dev").validate().is_ok());
        assert!(hello("0.1.0-rc.1").validate().is_ok());
    }

    #[test]
    fn refuses_empty_long_and_odd_build_ids() {
        assert_eq!(codes(hello("").validate()), ["required"]);
        assert_eq!(codes(hello("   ").validate()), ["required"]);
        assert_eq!(codes(hello(&"a".repeat(65)).validate()), ["too_long"]);
        assert_eq!(codes(hello("<script>").validate()), ["bad_characters"]);
        assert_eq!(codes(hello("bản-dựng").validate()), ["bad_characters"]);
    }

    #[test]
    fn an_office_name_is_visible_text_of_reasonable_length() {
        assert_eq!(
            office_name("  Văn phòng Đoàn ĐBQH và HĐND tỉnh Phú Thọ "),
            Ok("Văn phòng Đoàn ĐBQH và HĐND tỉnh Phú Thọ".to_owned())
        );
        assert!(office_name("   ").is_err());
        assert!(office_name(&"V".repeat(121)).is_err());
        assert!(office_name("Văn phòng\u{202e}").is_err());
    }

    #[test]
    fn answer_compares_builds() {
        let facts = ServerFacts {
            build: "abc".into(),
            instance_id: "id".into(),
            schema_version: 1,
            office_name: None,
        };
        assert!(ServerHello::answer(&hello("abc"), facts.clone()).same_build);
        assert!(!ServerHello::answer(&hello("old"), facts).same_build);
    }
}
