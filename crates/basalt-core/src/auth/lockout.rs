//! Lockout per account identity (never per IP): after
//! `lockout_max_attempts` failed sign-ins in a row the identity is refused
//! for `lockout_duration_ms`, whatever password is sent, with a 429 and the
//! seconds to wait. Failures are counted for unknown identities too, so the
//! lockout itself reveals nothing. `0` attempts turns it off.

use super::secrets::now_ms;
use crate::Basalt;
use basalt_sql::AuthCond;
use basalt_types::{Error, ErrorKind, Result, Value};

pub(crate) const LOGIN_ATTEMPTS: &str = "_basalt_login_attempts";

/// The lockout key of an identity in an auth collection.
pub(crate) fn identity_key(collection: &str, identity: &str) -> String {
    format!("{collection}:{}", identity.trim().to_lowercase())
}

fn locked(wait_ms: i64) -> Error {
    let secs = (wait_ms + 999) / 1000;
    Error::new(
        ErrorKind::TooManyRequests,
        format!("too many failed sign-in attempts: try again in {secs} seconds"),
    )
    .with_data("retry_after", secs)
}

impl Basalt {
    fn lockout_limits(&self) -> (i64, i64) {
        let s = self.settings();
        let max = s
            .all()
            .get("lockout_max_attempts")
            .and_then(|v| v.as_i64())
            .unwrap_or(10);
        let dur = s
            .all()
            .get("lockout_duration_ms")
            .and_then(|v| v.as_i64())
            .unwrap_or(900_000);
        (max, dur.max(0))
    }

    async fn attempts(&self, key: &str) -> Result<(i64, Option<i64>)> {
        let rows = self
            .engine
            .query(basalt_sql::auth_select(
                LOGIN_ATTEMPTS,
                &["failures", "locked_until"],
                &[AuthCond::Eq("identity", Value::Text(key.to_string()))],
                None,
                Some(1),
                self.dialect(),
            ))
            .await?;
        Ok(rows
            .rows
            .first()
            .map(|r| {
                (
                    r.first().and_then(Value::as_i64).unwrap_or(0),
                    r.get(1).and_then(Value::as_i64),
                )
            })
            .unwrap_or((0, None)))
    }

    /// 429 while `key` is locked out.
    pub(crate) async fn check_lockout(&self, key: &str) -> Result<()> {
        let (max, _) = self.lockout_limits();
        if max <= 0 {
            return Ok(());
        }
        let now = now_ms();
        match self.attempts(key).await?.1 {
            Some(until) if until > now => Err(locked(until - now)),
            _ => Ok(()),
        }
    }

    /// Counts one failure; the one that reaches the limit starts a lockout.
    pub(crate) async fn record_failure(&self, key: &str) -> Result<()> {
        let (max, duration) = self.lockout_limits();
        if max <= 0 {
            return Ok(());
        }
        let now = now_ms();
        let (failures, until) = self.attempts(key).await?;
        // A lockout that has run out starts the count again.
        let failures = if until.is_some_and(|u| u <= now) {
            1
        } else {
            failures + 1
        };
        let locked_until = if failures >= max {
            Value::Int(now + duration)
        } else {
            Value::Null
        };
        let failures = if failures >= max { 0 } else { failures };
        let mut tx = self.engine.begin().await?;
        tx.execute(basalt_sql::auth_upsert(
            LOGIN_ATTEMPTS,
            "identity",
            &[
                ("identity", Value::Text(key.to_string())),
                ("failures", Value::Int(failures)),
                ("locked_until", locked_until),
                ("updated_at", Value::Int(now)),
            ],
            self.dialect(),
        )?)
        .await?;
        tx.commit().await
    }

    /// Forgets the failures of `key` (after a successful sign-in).
    pub(crate) async fn clear_failures(&self, key: &str) -> Result<()> {
        let mut tx = self.engine.begin().await?;
        tx.execute(basalt_sql::auth_delete(
            LOGIN_ATTEMPTS,
            &[AuthCond::Eq("identity", Value::Text(key.to_string()))],
            self.dialect(),
        ))
        .await?;
        tx.commit().await
    }
}
