//! Signing in with a token another issuer signed. Teenybase `login-token`:
//! a JWT checked against `external_jwt_secret` (HS256/384/512) or the keys
//! at `external_jwt_jwks_url` (RSA, EC or EdDSA only, so a public key can
//! never serve as an HMAC secret), with `external_jwt_issuer` and
//! `external_jwt_audience` enforced when set. `google-login`: a Google ID
//! token checked against `google_jwks_url`, Google's issuers and
//! `oauth_google_client_id` as audience, with a verified e-mail. The
//! token's identity becomes a user through [`super::oauth::link`].

use super::oauth::link::Profile;
use super::TokenBody;
use crate::Basalt;
use basalt_types::{Error, Result};
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::Value as Json;

const ASYMMETRIC: [Algorithm; 9] = [
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::PS384,
    Algorithm::PS512,
    Algorithm::ES256,
    Algorithm::ES384,
    Algorithm::EdDSA,
];
const HMAC: [Algorithm; 3] = [Algorithm::HS256, Algorithm::HS384, Algorithm::HS512];

fn refused() -> Error {
    Error::unauthorized("invalid or expired token")
}

/// The key of `url`'s JWKS that signed a token with `kid` (the only key
/// when the token names none).
async fn jwks_key(http: &reqwest::Client, url: &str, kid: Option<&str>) -> Result<DecodingKey> {
    let res = http
        .get(url)
        .header("accept", "application/json")
        .send()
        .await
        .map_err(|e| Error::unavailable(format!("JWKS unreachable: {e}")))?;
    if !res.status().is_success() {
        return Err(Error::unavailable("JWKS unreachable"));
    }
    let set: JwkSet = res
        .json()
        .await
        .map_err(|_| Error::unavailable("JWKS is not a key set"))?;
    let jwk = match kid {
        Some(k) => set.find(k),
        None if set.keys.len() == 1 => set.keys.first(),
        None => None,
    }
    .ok_or_else(refused)?;
    DecodingKey::from_jwk(jwk).map_err(|_| refused())
}

fn claim_bool(v: &Json, default: bool) -> bool {
    match v {
        Json::Bool(b) => *b,
        Json::String(s) => s == "true",
        _ => default,
    }
}

fn profile_of(claims: &Json, verified_default: bool) -> Profile {
    Profile {
        subject: super::oauth::id_text(&claims["sub"]),
        email: claims["email"].as_str().map(str::to_string),
        email_verified: claim_bool(&claims["email_verified"], verified_default),
        name: claims["name"].as_str().map(str::to_string),
    }
}

impl Basalt {
    async fn verify_external(&self, token: &str) -> Result<Json> {
        let settings = self.settings();
        let header = jsonwebtoken::decode_header(token).map_err(|_| refused())?;
        let secret = settings.text("external_jwt_secret");
        let jwks = settings.text("external_jwt_jwks_url");
        let key = if !secret.is_empty() && HMAC.contains(&header.alg) {
            DecodingKey::from_secret(secret.as_bytes())
        } else if !jwks.is_empty() && ASYMMETRIC.contains(&header.alg) {
            jwks_key(&self.auth.http, &jwks, header.kid.as_deref()).await?
        } else if secret.is_empty() && jwks.is_empty() {
            return Err(Error::bad_request(
                "login-token is not configured (external_jwt_secret or external_jwt_jwks_url)",
            ));
        } else {
            return Err(refused());
        };
        let mut v = Validation::new(header.alg);
        v.algorithms = vec![header.alg];
        v.leeway = 5;
        let iss = settings.text("external_jwt_issuer");
        let aud = settings.text("external_jwt_audience");
        // A configured issuer or audience must be present, not just match
        // when present.
        let mut required = vec!["exp", "sub"];
        if !iss.is_empty() {
            required.push("iss");
            v.set_issuer(&[iss]);
        }
        if aud.is_empty() {
            v.validate_aud = false;
        } else {
            required.push("aud");
            v.set_audience(&[aud]);
        }
        v.set_required_spec_claims(&required);
        jsonwebtoken::decode::<Json>(token, &key, &v)
            .map(|d| d.claims)
            .map_err(|_| refused())
    }

    /// Teenybase `login-token`: signs in with an external JWT.
    pub async fn login_with_external_token(
        &self,
        collection: &str,
        token: &str,
    ) -> Result<TokenBody> {
        self.auth_collection(collection)?;
        let claims = self.verify_external(token.trim()).await?;
        // The issuer vouches for the address unless it says otherwise.
        self.sign_in_profile("external", collection, &profile_of(&claims, true))
            .await
    }

    /// Teenybase `google-login`: signs in with a Google ID token.
    pub async fn google_login(&self, collection: &str, id_token: &str) -> Result<TokenBody> {
        self.auth_collection(collection)?;
        let settings = self.settings();
        let client_id = settings.text("oauth_google_client_id");
        if client_id.is_empty() {
            return Err(Error::bad_request(
                "google-login is not configured (oauth_google_client_id)",
            ));
        }
        let header = jsonwebtoken::decode_header(id_token.trim()).map_err(|_| refused())?;
        if !ASYMMETRIC.contains(&header.alg) {
            return Err(refused());
        }
        let key = jwks_key(
            &self.auth.http,
            &settings.text("google_jwks_url"),
            header.kid.as_deref(),
        )
        .await?;
        let mut v = Validation::new(header.alg);
        v.algorithms = vec![header.alg];
        v.leeway = 5;
        v.set_required_spec_claims(&["exp", "sub", "iss", "aud"]);
        v.set_issuer(&["accounts.google.com", "https://accounts.google.com"]);
        v.set_audience(&[client_id]);
        let claims = jsonwebtoken::decode::<Json>(id_token.trim(), &key, &v)
            .map(|d| d.claims)
            .map_err(|_| refused())?;
        self.sign_in_profile("google", collection, &profile_of(&claims, false))
            .await
    }
}
