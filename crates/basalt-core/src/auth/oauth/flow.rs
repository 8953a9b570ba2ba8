//! The authorization-code flow with PKCE (RFC 7636), built with the
//! `oauth2` crate over Basalt's own reqwest client. `start` stores the
//! state (hashed) with its PKCE verifier for ten minutes and answers the
//! provider's authorization URL; `callback` spends the state, exchanges the
//! code (client secret in the body), reads the profile and signs the user
//! in. The redirect URI is the caller's callback route.

use super::{Endpoints, OAuthStart, STATES};
use crate::auth::secrets::{hash_token, now_ms};
use crate::auth::TokenBody;
use crate::Basalt;
use basalt_sql::AuthCond;
use basalt_types::{Error, Result, Value};
use oauth2::basic::BasicClient;
use oauth2::{
    AuthType, AuthUrl, AuthorizationCode, ClientId, ClientSecret, CsrfToken, PkceCodeChallenge,
    PkceCodeVerifier, RedirectUrl, Scope, TokenResponse, TokenUrl,
};

const STATE_TTL_MS: i64 = 10 * 60 * 1000;

fn config(e: &str) -> Error {
    Error::bad_request(format!("invalid OAuth configuration: {e}"))
}

type Client = oauth2::Client<
    oauth2::basic::BasicErrorResponse,
    oauth2::basic::BasicTokenResponse,
    oauth2::basic::BasicTokenIntrospectionResponse,
    oauth2::StandardRevocableToken,
    oauth2::basic::BasicRevocationErrorResponse,
    oauth2::EndpointSet,
    oauth2::EndpointNotSet,
    oauth2::EndpointNotSet,
    oauth2::EndpointNotSet,
    oauth2::EndpointSet,
>;

fn client(e: &Endpoints, redirect_uri: &str) -> Result<Client> {
    Ok(BasicClient::new(ClientId::new(e.client_id.clone()))
        .set_client_secret(ClientSecret::new(e.client_secret.clone()))
        .set_auth_uri(AuthUrl::new(e.auth_url.clone()).map_err(|x| config(&x.to_string()))?)
        .set_token_uri(TokenUrl::new(e.token_url.clone()).map_err(|x| config(&x.to_string()))?)
        .set_redirect_uri(
            RedirectUrl::new(redirect_uri.to_string()).map_err(|x| config(&x.to_string()))?,
        )
        .set_auth_type(AuthType::RequestBody))
}

/// Runs one `oauth2` request through reqwest.
async fn send(
    http: reqwest::Client,
    req: oauth2::HttpRequest,
) -> std::io::Result<oauth2::HttpResponse> {
    let (parts, body) = req.into_parts();
    let mut rb = http.request(parts.method, parts.uri.to_string()).body(body);
    for (k, v) in &parts.headers {
        rb = rb.header(k, v);
    }
    let res = rb.send().await.map_err(std::io::Error::other)?;
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res.bytes().await.map_err(std::io::Error::other)?;
    let mut out = oauth2::http::Response::builder()
        .status(status)
        .body(bytes.to_vec())
        .map_err(std::io::Error::other)?;
    *out.headers_mut() = headers;
    Ok(out)
}

impl Basalt {
    /// Starts an OAuth sign-in into auth collection `collection`.
    /// `app_redirect` is where the browser goes with the tokens after the
    /// callback; it must start with the `app_url` setting.
    pub async fn oauth_start(
        &self,
        collection: &str,
        provider: &str,
        redirect_uri: &str,
        app_redirect: Option<&str>,
    ) -> Result<OAuthStart> {
        let coll = self.auth_collection(collection)?;
        let settings = self.settings();
        let e = Endpoints::of(&settings, provider)?;
        if let Some(r) = app_redirect {
            let app_url = settings.text("app_url");
            let app_url = app_url.trim_end_matches('/');
            let allowed = !app_url.is_empty()
                && (r == app_url || r.starts_with(&format!("{app_url}/")))
                && !r.contains(['#', '\\', '\n', '\r']);
            if !allowed {
                return Err(Error::invalid_field(
                    "redirect",
                    "must be a URL under the app_url setting",
                ));
            }
        }
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state) = client(&e, redirect_uri)?
            .authorize_url(CsrfToken::new_random)
            .add_scopes(e.scopes().iter().map(|s| Scope::new(s.to_string())))
            .set_pkce_challenge(challenge)
            .url();
        let now = now_ms();
        let mut tx = self.engine.begin().await?;
        tx.execute(basalt_sql::auth_insert(
            STATES,
            &[
                ("state_hash", Value::Text(hash_token(state.secret()))),
                ("provider", Value::Text(e.provider.to_string())),
                ("collection", Value::Text(coll.name.clone())),
                ("verifier", Value::Text(verifier.secret().clone())),
                (
                    "redirect",
                    app_redirect.map_or(Value::Null, |r| Value::Text(r.to_string())),
                ),
                ("created_at", Value::Int(now)),
                ("expires_at", Value::Int(now + STATE_TTL_MS)),
            ],
            self.dialect(),
        )?)
        .await?;
        // Old, unused states go on the way.
        tx.execute(basalt_sql::auth_delete(
            STATES,
            &[AuthCond::Lt("expires_at", Value::Int(now))],
            self.dialect(),
        ))
        .await?;
        tx.commit().await?;
        Ok(OAuthStart {
            url: url.to_string(),
        })
    }

    /// Completes an OAuth sign-in from the provider's redirect; returns the
    /// tokens and the app URL the start asked to go back to, if any.
    pub async fn oauth_callback(
        &self,
        collection: &str,
        provider: &str,
        code: &str,
        state: &str,
        redirect_uri: &str,
    ) -> Result<(TokenBody, Option<String>)> {
        let refused = || Error::unauthorized("invalid or expired OAuth state");
        if code.is_empty() || state.is_empty() || state.len() > 256 || code.len() > 4096 {
            return Err(Error::bad_request("code and state are required"));
        }
        let settings = self.settings();
        let e = Endpoints::of(&settings, provider)?;
        let now = now_ms();
        let key = vec![
            AuthCond::Eq("state_hash", Value::Text(hash_token(state))),
            AuthCond::Eq("provider", Value::Text(e.provider.to_string())),
            AuthCond::Eq("collection", Value::Text(collection.to_string())),
            AuthCond::Gt("expires_at", Value::Int(now)),
        ];
        let rows = self
            .engine
            .query(basalt_sql::auth_select(
                STATES,
                &["verifier", "redirect"],
                &key,
                None,
                Some(1),
                self.dialect(),
            ))
            .await?;
        let row = rows.rows.first().ok_or_else(refused)?;
        let verifier = row
            .first()
            .and_then(Value::as_str)
            .ok_or_else(refused)?
            .to_string();
        let app_redirect = row.get(1).and_then(Value::as_str).map(str::to_string);
        let mut tx = self.engine.begin().await?;
        let spent = tx
            .execute(basalt_sql::auth_delete(STATES, &key, self.dialect()))
            .await?;
        tx.commit().await?;
        if spent == 0 {
            return Err(refused());
        }
        let http = self.auth.http.clone();
        let exchange = move |req: oauth2::HttpRequest| send(http.clone(), req);
        let token = client(&e, redirect_uri)?
            .exchange_code(AuthorizationCode::new(code.to_string()))
            .set_pkce_verifier(PkceCodeVerifier::new(verifier))
            .request_async(&exchange)
            .await
            .map_err(|x| Error::unauthorized(format!("the provider refused the code: {x}")))?;
        let profile = e
            .profile(&self.auth.http, &settings, token.access_token().secret())
            .await?;
        let tokens = self
            .sign_in_profile(e.provider, collection, &profile)
            .await?;
        Ok((tokens, app_redirect))
    }
}
