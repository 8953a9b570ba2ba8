//! Who is asking: nobody, the admin (by the admin token), or a signed-in
//! user. Rules read `auth.*` from here.

use basalt_query::RuleContext;
use serde_json::{Map, Value as Json};

/// The identity behind a request.
#[derive(Debug, Clone, PartialEq)]
pub enum Caller {
    Anonymous,
    Admin,
    User {
        id: String,
        email: String,
        roles: Vec<String>,
        verified: bool,
    },
}

impl Caller {
    pub fn is_admin(&self) -> bool {
        match self {
            Caller::Admin => true,
            Caller::User { roles, .. } => roles.iter().any(|r| r == "admin"),
            Caller::Anonymous => false,
        }
    }

    pub fn is_anonymous(&self) -> bool {
        matches!(self, Caller::Anonymous)
    }

    /// The `auth.*` values of rules, and the body of the write (if any).
    pub fn rule_context(&self, body: Option<&Map<String, Json>>) -> RuleContext {
        let mut auth = Map::new();
        if let Caller::User {
            id,
            email,
            roles,
            verified,
        } = self
        {
            auth.insert("id".into(), Json::from(id.as_str()));
            auth.insert("email".into(), Json::from(email.as_str()));
            auth.insert("roles".into(), Json::from(roles.clone()));
            auth.insert("verified".into(), Json::from(*verified));
        }
        RuleContext {
            auth,
            body: body.cloned().unwrap_or_default(),
        }
    }

    /// The error for a refused action: 401 for nobody, 403 otherwise.
    pub fn refused(&self, what: &str) -> basalt_types::Error {
        if self.is_anonymous() {
            basalt_types::Error::unauthorized(format!("authentication required to {what}"))
        } else {
            basalt_types::Error::forbidden(format!("not allowed to {what}"))
        }
    }
}
