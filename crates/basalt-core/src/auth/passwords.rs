//! Passwords: the length policy, argon2id hashing (default parameters,
//! random salt, PHC string) and verification that
//! costs the same for an unknown account (a dummy hash is checked instead).
//! Hashing runs on the dedicated threads of `hash_pool`, one per core.

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::Argon2;
use basalt_types::{Error, Result};
use std::sync::OnceLock;

/// Shortest password accepted.
pub const MIN_PASSWORD_LEN: usize = 8;
/// Longest password accepted (hashing cost is bounded).
pub const MAX_PASSWORD_LEN: usize = 256;

/// Checks the password policy; a 400 naming `password` otherwise.
pub(crate) fn check_policy(password: &str) -> Result<()> {
    let n = password.chars().count();
    if !(MIN_PASSWORD_LEN..=MAX_PASSWORD_LEN).contains(&n) {
        return Err(Error::invalid_field(
            "password",
            format!("must be {MIN_PASSWORD_LEN} to {MAX_PASSWORD_LEN} characters"),
        ));
    }
    Ok(())
}

fn hash_now(password: &str) -> Result<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| Error::internal(format!("password hashing failed: {e}")))
}

/// The argon2id PHC string of `password`.
pub(crate) async fn hash(password: String) -> Result<String> {
    super::hash_pool::run(move || hash_now(&password)).await?
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_now(&crate::auth::secrets::random_token("", 24)).unwrap_or_default())
}

fn verify_now(password: &str, stored: Option<&str>) -> bool {
    let (phc, real) = match stored {
        Some(s) if !s.is_empty() => (s, true),
        _ => (dummy_hash(), false),
    };
    let Ok(parsed) = PasswordHash::new(phc) else {
        return false;
    };
    let ok = Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok();
    ok && real
}

/// True when `password` matches `stored`; with no stored hash a dummy one
/// is verified so the answer takes as long and is false.
pub(crate) async fn verify(password: String, stored: Option<String>) -> bool {
    super::hash_pool::run(move || verify_now(&password, stored.as_deref()))
        .await
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_and_verify() {
        let h = hash_now("correct horse").unwrap_or_default();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_now("correct horse", Some(&h)));
        assert!(!verify_now("wrong horse", Some(&h)));
        assert!(!verify_now("anything", None));
        assert!(check_policy("short").is_err());
        assert!(check_policy("long enough").is_ok());
    }
}
