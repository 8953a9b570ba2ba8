//! Signing up: while `registration_open`, a body of the collection's own
//! fields plus `password` (and an optional matching `passwordConfirm`)
//! makes a user with an argon2id hash, opens a session and sends the
//! verification e-mail. `roles` and `verified` cannot be chosen; the e-mail
//! is stored lower-case; a taken e-mail is 409.

use super::users::normalize_email;
use super::{passwords, TokenBody};
use crate::Basalt;
use basalt_types::{Error, Result};
use serde_json::{Map, Value as Json};

impl Basalt {
    /// Makes a user in auth collection `collection` and signs them in.
    pub async fn sign_up(&self, collection: &str, body: &Json) -> Result<TokenBody> {
        let coll = self.auth_collection(collection)?;
        if !self.settings().flag("registration_open") {
            return Err(Error::forbidden("registration is closed"));
        }
        let mut fields: Map<String, Json> = body
            .as_object()
            .cloned()
            .ok_or_else(|| Error::bad_request("the request body must be a JSON object"))?;
        // Supabase-style `{"email", "password", "data": {…}}`.
        if let Some(Json::Object(data)) = fields.remove("data") {
            for (k, v) in data {
                fields.entry(k).or_insert(v);
            }
        }
        let password = match fields.remove("password") {
            Some(Json::String(s)) => s,
            Some(_) => return Err(Error::invalid_field("password", "must be a string")),
            None => return Err(Error::invalid_field("password", "cannot be blank")),
        };
        for confirm in ["passwordConfirm", "password_confirm"] {
            match fields.remove(confirm) {
                None => {}
                Some(Json::String(c)) if c == password => {}
                Some(_) => return Err(Error::invalid_field(confirm, "does not match password")),
            }
        }
        for k in ["roles", "verified", "id"] {
            if fields.contains_key(k) {
                return Err(
                    Error::bad_request(format!("field '{k}' cannot be set at sign-up"))
                        .with_data(k, "protected"),
                );
            }
        }
        match fields.get("email") {
            Some(Json::String(e)) => {
                let e = normalize_email(e);
                fields.insert("email".into(), Json::String(e));
            }
            Some(_) => return Err(Error::invalid_field("email", "must be a string")),
            None => return Err(Error::invalid_field("email", "cannot be blank")),
        }
        passwords::check_policy(&password)?;
        let hash = passwords::hash(password).await?;
        let user = self.insert_user(&coll, &fields, Some(hash)).await?;
        let body = self.open_session(&user, "password").await?;
        self.send_verification(&user).await?;
        Ok(body)
    }
}
