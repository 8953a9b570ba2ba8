//! Access tokens: JWTs signed with HS256 and a secret kept in
//! `_basalt_meta` (the first node to start generates it, every node reads
//! it). Verification pins the algorithm: `alg: none`, any other algorithm,
//! a tampered signature or payload, another secret and a past `exp` all
//! fail, and the caller answers 401.

use basalt_engine::Engine;
use basalt_types::{Error, Result, Value};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

/// How long an access token lives, in seconds.
pub const ACCESS_TTL_SECS: i64 = 3600;
/// How long an impersonation token lives, in seconds.
pub const IMPERSONATE_TTL_SECS: i64 = 900;
/// The `_basalt_meta` key of the signing secret.
const SECRET_KEY: &str = "jwt_secret";

/// What an access token says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Claims {
    /// The user's id.
    pub sub: String,
    /// The session's id.
    pub sid: String,
    /// The auth collection the user lives in.
    pub col: String,
    pub iat: i64,
    pub exp: i64,
    /// Always `access`.
    pub typ: String,
}

/// The signing and verifying keys.
pub(crate) struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl JwtKeys {
    pub(crate) fn new(secret: &str) -> JwtKeys {
        JwtKeys {
            encoding: EncodingKey::from_secret(secret.as_bytes()),
            decoding: DecodingKey::from_secret(secret.as_bytes()),
        }
    }

    /// Signs `claims` with HS256.
    pub(crate) fn sign(&self, claims: &Claims) -> Result<String> {
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &self.encoding)
            .map_err(|e| Error::internal(format!("token signing failed: {e}")))
    }

    /// Verifies a token (HS256 only, `exp` required and in the future) and
    /// returns its claims; any failure is a 401.
    pub(crate) fn verify(&self, token: &str) -> Result<Claims> {
        let mut v = Validation::new(Algorithm::HS256);
        v.algorithms = vec![Algorithm::HS256];
        v.leeway = 5;
        v.set_required_spec_claims(&["exp", "sub"]);
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &v)
            .map_err(|_| Error::unauthorized("invalid or expired token"))?;
        if data.claims.typ != "access" {
            return Err(Error::unauthorized("invalid or expired token"));
        }
        Ok(data.claims)
    }
}

/// True when `token` has the shape of a JWT (three dot-separated parts).
pub(crate) fn looks_like_jwt(token: &str) -> bool {
    token.split('.').count() == 3 && !token.contains(char::is_whitespace)
}

/// The signing secret: read from `_basalt_meta`, generated and stored first
/// when absent (the first node's insert wins; everyone reads it back).
pub(crate) async fn load_secret(engine: &dyn Engine) -> Result<String> {
    let dialect = engine.dialect();
    let read =
        |rows: basalt_engine::Rows| rows.scalar().and_then(Value::as_str).map(str::to_string);
    if let Some(s) = read(
        engine
            .query(basalt_sql::read_meta(SECRET_KEY, dialect))
            .await?,
    ) {
        return Ok(s);
    }
    let fresh = super::secrets::random_token("", 64);
    let mut tx = engine.begin().await?;
    tx.execute(basalt_sql::insert_meta_if_absent(
        SECRET_KEY, &fresh, dialect,
    ))
    .await?;
    tx.commit().await?;
    read(
        engine
            .query(basalt_sql::read_meta(SECRET_KEY, dialect))
            .await?,
    )
    .ok_or_else(|| Error::internal("token secret not stored"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(exp_offset: i64) -> Claims {
        let now = crate::auth::secrets::now_ms() / 1000;
        Claims {
            sub: "u1".into(),
            sid: "s1".into(),
            col: "users".into(),
            iat: now,
            exp: now + exp_offset,
            typ: "access".into(),
        }
    }

    #[test]
    fn pinned_algorithm_and_expiry() {
        let keys = JwtKeys::new("secret-one");
        let t = keys.sign(&claims(60)).unwrap_or_default();
        assert_eq!(keys.verify(&t).map(|c| c.sub).ok().as_deref(), Some("u1"));
        assert!(JwtKeys::new("secret-two").verify(&t).is_err());
        let expired = keys.sign(&claims(-3600)).unwrap_or_default();
        assert!(keys.verify(&expired).is_err());
        let hs512 = jsonwebtoken::encode(
            &Header::new(Algorithm::HS512),
            &claims(60),
            &EncodingKey::from_secret(b"secret-one"),
        )
        .unwrap_or_default();
        assert!(keys.verify(&hs512).is_err());
        // alg: none, unsigned.
        let parts: Vec<&str> = t.split('.').collect();
        use base64::Engine as _;
        let none = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(br#"{"alg":"none","typ":"JWT"}"#);
        assert!(keys.verify(&format!("{none}.{}.", parts[1])).is_err());
        // Tampered payload, original signature.
        let mut other = claims(60);
        other.sub = "admin".into();
        let forged = keys.sign(&other).unwrap_or_default();
        let fparts: Vec<&str> = forged.split('.').collect();
        assert!(keys
            .verify(&format!("{}.{}.{}", parts[0], fparts[1], parts[2]))
            .is_err());
        assert!(looks_like_jwt(&t) && !looks_like_jwt("bb_abc"));
    }
}
