//! Sign-in through other parties, against a small identity provider this
//! test starts on loopback (axum): OAuth with PKCE for Google, GitHub,
//! Discord and LinkedIn (endpoints from settings), Teenybase `login-token`
//! with an HS256 secret and with a JWKS (RS256), and `google-login` with an
//! ID token checked against the provider's JWKS.

use crate::auth_support::*;
use crate::auth_teenybase::members;
use crate::auth_test_key::{MODULUS_N, PRIVATE_PEM};
use crate::support::*;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::routing::{get, post};
use axum::Router;
use basalt_testkit::TestServer;
use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};

both_engines!(oauth_providers_with_pkce, external_tokens_and_google_login);

const T: &str = "/api/v1/table/members/auth";

/// The loopback provider: JWKS, token endpoint, userinfo per provider.
struct Provider {
    base: String,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Provider {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn form_value<'a>(body: &'a str, key: &str) -> Option<&'a str> {
    body.split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v)
}

async fn token_endpoint(body: String) -> (axum::http::StatusCode, axum::Json<Value>) {
    let ok = form_value(&body, "code") == Some("good-code")
        && form_value(&body, "code_verifier").is_some_and(|v| v.len() >= 43)
        && form_value(&body, "client_id") == Some("cid")
        && form_value(&body, "client_secret") == Some("csecret")
        && form_value(&body, "grant_type") == Some("authorization_code");
    if ok {
        (
            axum::http::StatusCode::OK,
            axum::Json(json!({"access_token": "at-good", "token_type": "bearer"})),
        )
    } else {
        (
            axum::http::StatusCode::BAD_REQUEST,
            axum::Json(json!({"error": "invalid_grant"})),
        )
    }
}

async fn userinfo(
    Path(p): Path<String>,
    State(unverified): State<bool>,
    headers: HeaderMap,
) -> (axum::http::StatusCode, axum::Json<Value>) {
    if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some("Bearer at-good") {
        return (axum::http::StatusCode::UNAUTHORIZED, axum::Json(json!({})));
    }
    let body = match p.as_str() {
        "google" | "linkedin" => {
            json!({"sub": format!("{p}-1"), "email": format!("{p}@example.com"),
                                        "email_verified": true, "name": format!("{p} user")})
        }
        "github" => json!({"id": 4242, "login": "octo", "name": null, "email": null}),
        _ => {
            json!({"id": "99", "username": "disco", "email": "discord@example.com", "verified": !unverified})
        }
    };
    (axum::http::StatusCode::OK, axum::Json(body))
}

async fn start_provider(discord_unverified: bool) -> Provider {
    let jwks = json!({"keys": [{"kty": "RSA", "kid": "k1", "use": "sig", "alg": "RS256",
                                 "n": MODULUS_N, "e": "AQAB"}]});
    let app = Router::new()
        .route(
            "/jwks",
            get(move || {
                let j = jwks.clone();
                async move { axum::Json(j) }
            }),
        )
        .route("/token", post(token_endpoint))
        .route("/userinfo/{p}", get(userinfo))
        .route(
            "/emails",
            get(|| async {
                axum::Json(json!([
                    {"email": "old@example.com", "primary": false, "verified": false},
                    {"email": "octo@example.com", "primary": true, "verified": true}
                ]))
            }),
        )
        .with_state(discord_unverified);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Provider { base, task }
}

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

fn query_param(url: &str, key: &str) -> Option<String> {
    let q = url.split_once('?')?.1;
    form_value(q, key).map(str::to_string)
}

async fn oauth_providers_with_pkce(s: &TestServer) {
    members(s).await;
    let provider = start_provider(false).await;
    let b = &provider.base;
    for p in ["google", "github", "discord", "linkedin"] {
        // Not configured yet: 400.
        let (st, e) = s.anon("GET", &format!("{T}/oauth/{p}"), None).await;
        assert_envelope(st, &e, 400);
        set(
            s,
            json!({
                format!("oauth_{p}_client_id"): "cid",
                format!("oauth_{p}_client_secret"): "csecret",
                format!("oauth_{p}_auth_url"): format!("{b}/authorize"),
                format!("oauth_{p}_token_url"): format!("{b}/token"),
                format!("oauth_{p}_userinfo_url"): format!("{b}/userinfo/{p}"),
                "oauth_github_emails_url": format!("{b}/emails"),
                "oauth_redirect_base": "http://api.test",
            }),
        )
        .await;
        let res = no_redirects()
            .get(s.url(&format!("{T}/oauth/{p}")))
            .send()
            .await
            .expect("start");
        assert_eq!(res.status().as_u16(), 302, "{p}");
        let location = res
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .expect("Location")
            .to_string();
        assert!(
            location.starts_with(&format!("{b}/authorize?")),
            "{location}"
        );
        assert_eq!(query_param(&location, "client_id").as_deref(), Some("cid"));
        assert_eq!(
            query_param(&location, "code_challenge_method").as_deref(),
            Some("S256")
        );
        assert!(query_param(&location, "code_challenge").is_some());
        assert!(
            query_param(&location, "redirect_uri").is_some_and(|r| r.contains("api.test")),
            "{location}"
        );
        let state = query_param(&location, "state").expect("state");
        // A wrong code: refused, and the state is spent.
        let (st, e) = s
            .anon(
                "GET",
                &format!("{T}/oauth/{p}/callback?code=bad-code&state={state}"),
                None,
            )
            .await;
        assert_envelope(st, &e, 401);
        let (st, _) = s
            .anon(
                "GET",
                &format!("{T}/oauth/{p}/callback?code=good-code&state={state}"),
                None,
            )
            .await;
        assert_eq!(st, 401, "{p}: a state works once");
        // The real round trip.
        let res = no_redirects()
            .get(s.url(&format!("{T}/oauth/{p}")))
            .send()
            .await
            .expect("start");
        let location = res.headers()["location"]
            .to_str()
            .expect("location")
            .to_string();
        let state = query_param(&location, "state").expect("state");
        let (st, tokens) = s
            .anon(
                "GET",
                &format!("{T}/oauth/{p}/callback?code=good-code&state={state}"),
                None,
            )
            .await;
        assert_eq!(st, 200, "{p}: {tokens}");
        let email = if p == "github" {
            "octo@example.com".to_string()
        } else {
            format!("{p}@example.com")
        };
        assert_token_body(&tokens, &email);
        assert_eq!(tokens["user"]["verified"], true);
        // A second sign-in finds the same member.
        let res = no_redirects()
            .get(s.url(&format!("{T}/oauth/{p}")))
            .send()
            .await
            .expect("start");
        let state =
            query_param(res.headers()["location"].to_str().expect("loc"), "state").expect("state");
        let (st, again) = s
            .anon(
                "GET",
                &format!("{T}/oauth/{p}/callback?code=good-code&state={state}"),
                None,
            )
            .await;
        assert_eq!(
            (st, &again["user"]["id"]),
            (200, &tokens["user"]["id"]),
            "{again}"
        );
        // Another table's state does not work here.
        let (st, e) = s
            .anon(
                "GET",
                &format!("{T}/oauth/{p}/callback?code=good-code&state=made-up"),
                None,
            )
            .await;
        assert_envelope(st, &e, 401);
    }
    assert_eq!(admin_total(s, "members").await, 4);
    // Back to the app: only under app_url, tokens in the fragment.
    let res = no_redirects()
        .get(s.url(&format!("{T}/oauth/google?redirect=http://evil.test/x")))
        .send()
        .await
        .expect("start");
    assert_eq!(res.status().as_u16(), 400);
    set(s, json!({"app_url": "http://app.test"})).await;
    for bad in [
        "http://app.test.evil/x",
        "http://evil.test/",
        "http://app.test/x#y",
    ] {
        let (st, e) = s
            .anon(
                "GET",
                &format!("{T}/oauth/google?redirect={}", enc(bad)),
                None,
            )
            .await;
        assert_envelope(st, &e, 400);
    }
    let res = no_redirects()
        .get(s.url(&format!(
            "{T}/oauth/google?redirect={}",
            enc("http://app.test/done")
        )))
        .send()
        .await
        .expect("start");
    let state =
        query_param(res.headers()["location"].to_str().expect("loc"), "state").expect("state");
    let res = no_redirects()
        .get(s.url(&format!(
            "{T}/oauth/google/callback?code=good-code&state={state}"
        )))
        .send()
        .await
        .expect("callback");
    assert_eq!(res.status().as_u16(), 302);
    let back = res.headers()["location"]
        .to_str()
        .expect("location")
        .to_string();
    assert!(
        back.starts_with("http://app.test/done#access_token="),
        "{back}"
    );
    let token = back
        .split("access_token=")
        .nth(1)
        .and_then(|t| t.split('&').next())
        .expect("token");
    let (st, _) = bearer(s, "GET", "/api/v1/members", token, None).await;
    assert_eq!(st, 200);
    let (st, e) = s.anon("GET", &format!("{T}/oauth/myspace"), None).await;
    assert_envelope(st, &e, 404);
    let (st, e) = s
        .anon(
            "GET",
            &format!("{T}/oauth/google/callback?error=access_denied"),
            None,
        )
        .await;
    assert_envelope(st, &e, 401);
}

fn rs256(claims: &Value, kid: Option<&str>) -> String {
    let mut h = Header::new(Algorithm::RS256);
    h.kid = kid.map(str::to_string);
    encode(
        &h,
        claims,
        &EncodingKey::from_rsa_pem(PRIVATE_PEM.as_bytes()).expect("pem"),
    )
    .expect("sign")
}

fn exp() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64
        + 600
}

async fn external_tokens_and_google_login(s: &TestServer) {
    members(s).await;
    let provider = start_provider(true).await;
    let b = &provider.base;
    let claims = json!({"sub": "ext-1", "email": "ext@example.com", "name": "Ext", "exp": exp()});
    let hs = |c: &Value, secret: &str| {
        encode(
            &Header::new(Algorithm::HS256),
            c,
            &EncodingKey::from_secret(secret.as_bytes()),
        )
        .expect("sign")
    };
    // Not configured: 400.
    let (st, e) = bearer(
        s,
        "POST",
        &format!("{T}/login-token"),
        &hs(&claims, "ext-secret"),
        None,
    )
    .await;
    assert_envelope(st, &e, 400);
    set(s, json!({"external_jwt_secret": "ext-secret"})).await;
    let (st, t) = bearer(
        s,
        "POST",
        &format!("{T}/login-token"),
        &hs(&claims, "ext-secret"),
        None,
    )
    .await;
    assert_eq!(st, 200, "{t}");
    assert_token_body(&t, "ext@example.com");
    for bad in [
        hs(&claims, "other-secret"),
        hs(
            &json!({"sub": "ext-1", "email": "ext@example.com", "exp": exp() - 3600}),
            "ext-secret",
        ),
        rs256(&claims, Some("k1")),
        "not.a.jwt".to_string(),
    ]
    .iter()
    .enumerate()
    {
        let (st, e) = bearer(s, "POST", &format!("{T}/login-token"), bad.1, None).await;
        assert_eq!(st, 401, "bad token #{}: {e}", bad.0);
    }
    let (st, e) = s.anon("POST", &format!("{T}/login-token"), None).await;
    assert_envelope(st, &e, 401);
    // JWKS instead of a secret; the issuer is enforced when set.
    set(
        s,
        json!({"external_jwt_secret": "", "external_jwt_jwks_url": format!("{b}/jwks"),
               "external_jwt_issuer": "https://issuer.test"}),
    )
    .await;
    let mut with_iss = claims.clone();
    with_iss["iss"] = json!("https://issuer.test");
    let (st, t2) = bearer(
        s,
        "POST",
        &format!("{T}/login-token"),
        &rs256(&with_iss, Some("k1")),
        None,
    )
    .await;
    assert_eq!(st, 200, "{t2}");
    assert_eq!(t2["user"]["id"], t["user"]["id"], "the same linked member");
    for bad in [
        rs256(&claims, Some("k1")),
        rs256(&with_iss, Some("other-kid")),
        hs(&with_iss, MODULUS_N),
    ] {
        let (st, e) = bearer(s, "POST", &format!("{T}/login-token"), &bad, None).await;
        assert_envelope(st, &e, 401);
    }
    // Google One Tap: an ID token against the JWKS, audience = client id.
    let (st, e) = s
        .anon(
            "POST",
            &format!("{T}/google-login"),
            Some(json!({"token": "x"})),
        )
        .await;
    assert_envelope(st, &e, 400);
    set(
        s,
        json!({"oauth_google_client_id": "gid", "google_jwks_url": format!("{b}/jwks")}),
    )
    .await;
    let google = json!({"iss": "https://accounts.google.com", "aud": "gid", "sub": "g-7",
                        "email": "g@example.com", "email_verified": true, "name": "G", "exp": exp()});
    let (st, g) = s
        .anon(
            "POST",
            &format!("{T}/google-login"),
            Some(json!({"token": rs256(&google, Some("k1"))})),
        )
        .await;
    assert_eq!(st, 200, "{g}");
    assert_token_body(&g, "g@example.com");
    let mut wrong_aud = google.clone();
    wrong_aud["aud"] = json!("someone-else");
    let mut wrong_iss = google.clone();
    wrong_iss["iss"] = json!("https://evil.test");
    for bad in [
        rs256(&wrong_aud, Some("k1")),
        rs256(&wrong_iss, Some("k1")),
        hs(&google, "gid"),
    ] {
        let (st, e) = s
            .anon(
                "POST",
                &format!("{T}/google-login"),
                Some(json!({"token": bad})),
            )
            .await;
        assert_envelope(st, &e, 401);
    }
    let mut unverified = google.clone();
    unverified["sub"] = json!("g-8");
    unverified["email"] = json!("new@example.com");
    unverified["email_verified"] = json!(false);
    let (st, e) = s
        .anon(
            "POST",
            &format!("{T}/google-login"),
            Some(json!({"token": rs256(&unverified, Some("k1"))})),
        )
        .await;
    assert_envelope(st, &e, 403);
    // A Discord profile with an unverified address is refused as well.
    set(
        s,
        json!({"oauth_discord_client_id": "cid", "oauth_discord_client_secret": "csecret",
               "oauth_discord_auth_url": format!("{b}/authorize"), "oauth_discord_token_url": format!("{b}/token"),
               "oauth_discord_userinfo_url": format!("{b}/userinfo/discord"), "oauth_redirect_base": "http://api.test"}),
    )
    .await;
    let res = no_redirects()
        .get(s.url(&format!("{T}/oauth/discord")))
        .send()
        .await
        .expect("start");
    let state =
        query_param(res.headers()["location"].to_str().expect("loc"), "state").expect("state");
    let (st, e) = s
        .anon(
            "GET",
            &format!("{T}/oauth/discord/callback?code=good-code&state={state}"),
            None,
        )
        .await;
    assert_envelope(st, &e, 403);
    assert_eq!(admin_total(s, "members").await, 2);
}
