//! Password hashing with argon2id at OWASP's recommended parameters
//! (19 MiB of memory, 2 passes, 1 lane). Hashing is deliberately slow, so it
//! runs on the blocking pool and at most a few hashes run at once.

use std::sync::OnceLock;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::error::AppError;

/// OWASP Password Storage Cheat Sheet: argon2id, m = 19 MiB, t = 2, p = 1.
const MEMORY_KIB: u32 = 19 * 1024;
const PASSES: u32 = 2;
const LANES: u32 = 1;

/// A stored password hash in PHC format (`$argon2id$v=19$m=19456,t=2,p=1$…`).
/// Deliberately neither `Serialize` nor printable: it can never reach the
/// wire or a log by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordHash(String);

impl PasswordHash {
    /// Wraps a hash read from the database.
    pub fn from_stored(phc: String) -> Self {
        PasswordHash(phc)
    }

    /// The PHC string, for the database only.
    pub fn as_stored(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordHash(..)")
    }
}

fn hasher() -> Result<Argon2<'static>, AppError> {
    let params =
        Params::new(MEMORY_KIB, PASSES, LANES, None).map_err(|error| AppError::internal(&error))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashes a new password with a fresh random salt. Blocking (tens of ms).
pub fn hash_password(password: &str) -> Result<PasswordHash, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    let hash = hasher()?
        .hash_password(password.as_bytes(), &salt)
        .map_err(|error| AppError::internal(&error))?;
    Ok(PasswordHash(hash.to_string()))
}

/// Whether the password matches the stored hash. A hash that does not parse
/// is logged and never matches. Blocking (tens of ms).
pub fn verify_password(password: &str, stored: &PasswordHash) -> bool {
    let parsed = match argon2::PasswordHash::new(&stored.0) {
        Ok(parsed) => parsed,
        Err(error) => {
            tracing::error!(%error, "a stored password hash does not parse");
            return false;
        }
    };
    // Verify with the parameters recorded in the hash, so hashes made with
    // older parameters keep working.
    Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok()
}

/// A hash of a random password, verified against when the user name is
/// unknown, so that "no such user" costs as much time as "wrong password".
pub fn decoy_hash() -> &'static PasswordHash {
    static DECOY: OnceLock<PasswordHash> = OnceLock::new();
    DECOY.get_or_init(|| {
        let random = SaltString::generate(&mut OsRng);
        hash_password(random.as_str())
            .unwrap_or_else(|_| PasswordHash("$argon2id$invalid".to_owned()))
    })
}

/// A password for the first administrator when none is configured: 20
/// characters from an alphabet without look-alikes (no 0/O, 1/l/I).
pub fn generate_password() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    (0..20)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_with_owasp_parameters_and_verify() {
        let hash = hash_password("một mật khẩu dài").unwrap();
        assert!(
            hash.as_stored()
                .starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{}",
            hash.as_stored()
        );
        assert!(verify_password("một mật khẩu dài", &hash));
        assert!(!verify_password("một mật khẩu dài ", &hash));
        // Salted: the same password hashes differently each time.
        assert_ne!(hash_password("một mật khẩu dài").unwrap(), hash);
    }

    #[test]
    fn a_corrupt_hash_never_matches() {
        let broken = PasswordHash::from_stored("not a hash".to_owned());
        assert!(!verify_password("anything", &broken));
        assert!(!verify_password("anything", decoy_hash()));
        assert_eq!(format!("{broken:?}"), "PasswordHash(..)");
    }

    #[test]
    fn generated_passwords_pass_the_policy_and_differ() {
        let first = generate_password();
        assert_eq!(first.chars().count(), 20);
        assert!(crate::auth::model::check_new_password("password", &first, "admin").is_ok());
        assert_ne!(first, generate_password());
    }
}
