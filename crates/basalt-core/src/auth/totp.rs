//! Two-factor sign-in with TOTP (RFC 6238: SHA-1, 6 digits, 30 s steps,
//! one step of skew). `setup` stores a fresh secret (pending) and answers
//! it with its `otpauth://` URI; `enable` and `disable` need a valid code
//! for it. With 2FA on, a password sign-in opens a challenge (random,
//! stored hashed, five minutes, five tries) that `verify` completes with a
//! code into a session. Each code signs in once: its time step must come
//! after the last one accepted (enable counts).

use super::secrets::{hash_token, now_ms, random_token};
use super::sign_out::signed_in;
use super::users::{TOTP_ENABLED, TOTP_LAST_STEP, TOTP_SECRET};
use super::{AuthUser, Principal, TokenBody};
use crate::Basalt;
use basalt_sql::AuthCond;
use basalt_types::{Error, Result, Value};
use totp_rs::{Builder, Secret, Totp};

pub(crate) const CHALLENGES: &str = "_basalt_2fa_challenges";
const CHALLENGE_TTL_MS: i64 = 5 * 60 * 1000;
const MAX_CHALLENGE_TRIES: i64 = 5;

/// What `2fa/setup` answers.
#[derive(Debug, Clone, PartialEq)]
pub struct TotpSetup {
    /// The base32 secret, for manual entry.
    pub secret: String,
    /// The `otpauth://totp/…` URI, for QR codes.
    pub uri: String,
}

fn label(s: &str) -> String {
    s.replace(':', " ")
}

fn totp(secret_b32: &str, account: &str, issuer: &str) -> Result<Totp> {
    let secret = Secret::try_from_base32(secret_b32)
        .map_err(|_| Error::internal("stored 2FA secret is unreadable"))?;
    let issuer = label(issuer);
    Builder::new()
        .with_secret(secret)
        .with_account_name(label(account))
        .with_issuer(Some(if issuer.is_empty() {
            "Basalt".to_string()
        } else {
            issuer
        }))
        .build()
        .map_err(|e| Error::internal(format!("2FA setup failed: {e}")))
}

fn bad_code() -> Error {
    Error::bad_request("invalid 2FA code").with_data("code", "invalid")
}

/// The time step `code` is valid for now (one step of skew), if any.
fn code_step(secret_b32: &str, code: &str) -> Result<Option<i64>> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.chars().all(|c| c.is_ascii_digit()) {
        return Ok(None);
    }
    Ok(totp(secret_b32, "", "Basalt")?
        .check_current(&code)
        .and_then(|step| i64::try_from(step).ok()))
}

/// True when `code` is valid now for `secret_b32`.
fn code_ok(secret_b32: &str, code: &str) -> Result<bool> {
    Ok(code_step(secret_b32, code)?.is_some())
}

impl Basalt {
    fn app_name(&self) -> String {
        self.settings()
            .all()
            .get("app_name")
            .and_then(|v| v.as_str())
            .unwrap_or("Basalt")
            .to_string()
    }

    /// Makes a new pending secret for the signed-in user.
    pub async fn totp_setup(&self, p: &Principal) -> Result<TotpSetup> {
        let user = signed_in(p)?;
        let (_, secrets) = self.user_by_id(&user.collection, &user.id).await?;
        if secrets.totp_enabled {
            return Err(Error::bad_request(
                "2FA is already enabled: disable it first",
            ));
        }
        let secret = Secret::generate().to_base32();
        let uri = totp(&secret, &user.email, &self.app_name())?
            .to_url()
            .map_err(|e| Error::internal(format!("2FA setup failed: {e}")))?;
        self.set_user_columns(
            &user.collection,
            &user.id,
            vec![
                (TOTP_SECRET, Value::Text(secret.clone())),
                (TOTP_ENABLED, Value::Bool(false)),
                (TOTP_LAST_STEP, Value::Null),
            ],
        )
        .await?;
        Ok(TotpSetup { secret, uri })
    }

    /// Turns 2FA on with a valid code for the pending secret.
    pub async fn totp_enable(&self, p: &Principal, code: &str) -> Result<()> {
        let user = signed_in(p)?;
        let (_, secrets) = self.user_by_id(&user.collection, &user.id).await?;
        if secrets.totp_enabled {
            return Err(Error::bad_request("2FA is already enabled"));
        }
        let secret = secrets
            .totp_secret
            .ok_or_else(|| Error::bad_request("call 2fa/setup first"))?;
        let step = code_step(&secret, code)?.ok_or_else(bad_code)?;
        self.set_user_columns(
            &user.collection,
            &user.id,
            vec![
                (TOTP_ENABLED, Value::Bool(true)),
                (TOTP_LAST_STEP, Value::Int(step)),
            ],
        )
        .await
    }

    /// Turns 2FA off with a valid code.
    pub async fn totp_disable(&self, p: &Principal, code: &str) -> Result<()> {
        let user = signed_in(p)?;
        let (_, secrets) = self.user_by_id(&user.collection, &user.id).await?;
        let secret = match (secrets.totp_enabled, secrets.totp_secret) {
            (true, Some(s)) => s,
            _ => return Err(Error::bad_request("2FA is not enabled")),
        };
        if !code_ok(&secret, code)? {
            return Err(bad_code());
        }
        self.set_user_columns(
            &user.collection,
            &user.id,
            vec![
                (TOTP_SECRET, Value::Null),
                (TOTP_ENABLED, Value::Bool(false)),
                (TOTP_LAST_STEP, Value::Null),
            ],
        )
        .await
    }

    /// Opens a 2FA challenge after a correct password; returns it.
    pub(crate) async fn open_totp_challenge(&self, user: &AuthUser) -> Result<String> {
        let challenge = random_token("2fa_", 40);
        let now = now_ms();
        let mut tx = self.engine.begin().await?;
        tx.execute(basalt_sql::auth_insert(
            CHALLENGES,
            &[
                ("challenge_hash", Value::Text(hash_token(&challenge))),
                ("collection", Value::Text(user.collection.clone())),
                ("user_id", Value::Text(user.id.clone())),
                ("attempts", Value::Int(0)),
                ("created_at", Value::Int(now)),
                ("expires_at", Value::Int(now + CHALLENGE_TTL_MS)),
            ],
            self.dialect(),
        )?)
        .await?;
        tx.commit().await?;
        Ok(challenge)
    }

    /// Completes a 2FA sign-in: a live challenge and a valid code.
    pub async fn totp_verify(&self, challenge: &str, code: &str) -> Result<TokenBody> {
        let refused = || Error::unauthorized("invalid or expired 2FA challenge");
        if challenge.is_empty() || challenge.len() > 256 {
            return Err(refused());
        }
        let now = now_ms();
        let hash = hash_token(challenge.trim());
        let live = || {
            vec![
                AuthCond::Eq("challenge_hash", Value::Text(hash.clone())),
                AuthCond::IsNull("used_at"),
                AuthCond::Gt("expires_at", Value::Int(now)),
            ]
        };
        let dialect = self.dialect();
        let rows = self
            .engine
            .query(basalt_sql::auth_select(
                CHALLENGES,
                &["collection", "user_id", "attempts"],
                &live(),
                None,
                Some(1),
                dialect,
            ))
            .await?;
        let row = rows.rows.first().ok_or_else(refused)?;
        let text = |i: usize| {
            row.get(i)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        let attempts = row.get(2).and_then(Value::as_i64).unwrap_or(0);
        if attempts >= MAX_CHALLENGE_TRIES {
            return Err(refused());
        }
        let (user, secrets) = self
            .user_by_id(&text(0), &text(1))
            .await
            .map_err(|_| refused())?;
        // A code is accepted once: its step must be later than the last
        // step accepted (RFC 6238 §5.2).
        let step = match (secrets.totp_enabled, secrets.totp_secret) {
            (true, Some(s)) => code_step(&s, code)?
                .filter(|step| secrets.totp_last_step.is_none_or(|last| *step > last)),
            _ => None,
        };
        let ok = step.is_some();
        let mut tx = self.engine.begin().await?;
        if !ok {
            tx.execute(basalt_sql::auth_update(
                CHALLENGES,
                &[("attempts", Value::Int(attempts + 1))],
                &live(),
                dialect,
            ))
            .await?;
            tx.commit().await?;
            return Err(bad_code());
        }
        let n = tx
            .execute(basalt_sql::auth_update(
                CHALLENGES,
                &[("used_at", Value::Int(now))],
                &live(),
                dialect,
            ))
            .await?;
        tx.commit().await?;
        if n == 0 {
            return Err(refused());
        }
        if let Some(step) = step {
            self.set_user_columns(
                &user.collection,
                &user.id,
                vec![(TOTP_LAST_STEP, Value::Int(step))],
            )
            .await?;
        }
        self.open_session(&user, "password_2fa").await
    }
}
