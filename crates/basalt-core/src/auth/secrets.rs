//! Small primitives of the auth services: the clock in Unix milliseconds,
//! random opaque tokens, their SHA-256 digests (what the database keeps)
//! (lookups go by digest, so no secret is ever compared byte by byte).

use rand::distr::{Alphanumeric, SampleString};
use sha2::{Digest, Sha256};

/// Now, in Unix milliseconds.
pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// A random token of `len` letters and digits after `prefix`.
pub(crate) fn random_token(prefix: &str, len: usize) -> String {
    format!(
        "{prefix}{}",
        Alphanumeric.sample_string(&mut rand::rng(), len)
    )
}

/// The hex SHA-256 of a token: what the database stores instead of it.
pub(crate) fn hash_token(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_and_hashes() {
        let t = random_token("bb_", 40);
        assert!(t.starts_with("bb_") && t.len() == 43);
        assert_ne!(random_token("", 32), random_token("", 32));
        assert_eq!(hash_token("abc").len(), 64);
        assert_eq!(hash_token("abc"), hash_token("abc"));
        assert!(now_ms() > 1_700_000_000_000);
    }
}
