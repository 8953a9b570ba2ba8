//! The e-mail flows through a real SMTP sink on loopback: verification at
//! sign-up and on request, password reset, magic link (BunBase and
//! Fluxbase); tokens taken from the received mail; request answers
//! identical for known and unknown addresses; the console provider.

use crate::auth_support::*;
use crate::support::*;
use basalt_testkit::TestServer;
use std::time::Duration;

both_engines!(
    verification_mail_confirms_the_address,
    password_reset_by_mail,
    magic_link_signs_in,
    requests_do_not_reveal_addresses,
    console_provider_logs_instead,
);

async fn verification_mail_confirms_the_address(s: &TestServer) {
    let sink = smtp(s).await;
    let b = register(s, "v@example.com").await;
    let token = access(&b);
    let mail = sink
        .wait_for("v@example.com", 0, Duration::from_secs(15))
        .await
        .expect("verification mail");
    assert_eq!(
        mail.subject().as_deref(),
        Some("Verify your e-mail for Acme")
    );
    let (st, r) = s
        .admin(
            "POST",
            "/api/v1/admin/settings/test-email",
            Some(json!({"to": "ops@example.com"})),
        )
        .await;
    assert_eq!(st, 200, "{r}");
    let test = sink
        .wait_for("ops@example.com", 0, Duration::from_secs(15))
        .await
        .expect("test mail");
    assert_eq!(test.subject().as_deref(), Some("Acme test e-mail"));
    assert!(test.data.contains("no-reply@basalt.test"), "{}", test.data);
    assert!(
        mail.link()
            .is_some_and(|l| l.starts_with("http://app.test/auth/verify-email?token=")),
        "{}",
        mail.data
    );
    let t = mail.token().expect("token");
    let (st, e) = s
        .anon(
            "POST",
            "/api/v1/auth/verify-email",
            Some(json!({"token": "wrong"})),
        )
        .await;
    assert_envelope(st, &e, 400);
    let (st, r) = s
        .anon(
            "POST",
            "/api/v1/auth/verify-email",
            Some(json!({"token": t})),
        )
        .await;
    assert_eq!(st, 200, "{r}");
    assert_eq!(r["user"]["verified"], true, "{r}");
    assert_no_secrets(&r);
    let (_, me) = bearer(s, "GET", "/api/v1/auth/me", &token, None).await;
    assert_eq!(me["verified"], true);
    // Single use.
    let (st, e) = s
        .anon(
            "POST",
            "/api/v1/auth/verify-email",
            Some(json!({"token": t})),
        )
        .await;
    assert_envelope(st, &e, 400);
    // Resend works with a bearer token (and sends nothing once verified).
    let (st, _) = bearer(s, "POST", "/api/v1/auth/resend-verification", &token, None).await;
    assert_eq!(st, 200);
    // An unverified user can ask again with {"email"} and verify with it.
    register(s, "w@example.com").await;
    mailed_token(&sink, "w@example.com", 0).await;
    let (st, _) = s
        .anon(
            "POST",
            "/api/v1/auth/resend-verification",
            Some(json!({"email": "w@example.com"})),
        )
        .await;
    assert_eq!(st, 200);
    let second = mailed_token(&sink, "w@example.com", 1).await;
    let (st, r) = s
        .anon(
            "POST",
            "/api/v1/auth/verify-email",
            Some(json!({"token": second})),
        )
        .await;
    assert_eq!((st, &r["user"]["verified"]), (200, &json!(true)), "{r}");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(sink.count_to("v@example.com"), 1, "no mail once verified");
}

async fn password_reset_by_mail(s: &TestServer) {
    let sink = smtp(s).await;
    let a = register(s, "p@example.com").await;
    // Mail 0 is the verification; wait for it so the reset is mail 1.
    mailed_token(&sink, "p@example.com", 0).await;
    let (st, r) = s
        .anon(
            "POST",
            "/api/v1/auth/forgot-password",
            Some(json!({"email": "P@example.com"})),
        )
        .await;
    assert_eq!(st, 200, "{r}");
    let mail = sink
        .wait_for("p@example.com", 1, Duration::from_secs(15))
        .await
        .expect("reset mail");
    assert_eq!(mail.subject().as_deref(), Some("Reset your Acme password"));
    let token = mail.token().expect("token");
    let (st, e) = s
        .anon(
            "POST",
            "/api/v1/auth/reset-password",
            Some(json!({"token": token, "password": "short"})),
        )
        .await;
    assert_envelope(st, &e, 400);
    let (st, e) = s
        .anon(
            "POST",
            "/api/v1/auth/reset-password",
            Some(json!({"token": "bogus", "password": "a new password"})),
        )
        .await;
    assert_envelope(st, &e, 400);
    let (st, r) = s
        .anon(
            "POST",
            "/api/v1/auth/reset-password",
            Some(json!({"token": token, "password": "a new password"})),
        )
        .await;
    assert_eq!(st, 200, "{r}");
    // Old password out, new one in, old sessions revoked, token spent.
    assert_eq!(login(s, "p@example.com", PASSWORD).await.0, 401);
    assert_eq!(login(s, "p@example.com", "a new password").await.0, 200);
    let (st, _) = bearer(s, "GET", "/api/v1/auth/me", &access(&a), None).await;
    assert_eq!(st, 401);
    let (st, e) = s
        .anon(
            "POST",
            "/api/v1/auth/reset-password",
            Some(json!({"token": token, "password": "another password"})),
        )
        .await;
    assert_envelope(st, &e, 400);
}

async fn magic_link_signs_in(s: &TestServer) {
    let sink = smtp(s).await;
    register(s, "m@example.com").await;
    mailed_token(&sink, "m@example.com", 0).await;
    let (st, _) = s
        .anon(
            "POST",
            "/api/v1/auth/magic-link",
            Some(json!({"email": "m@example.com"})),
        )
        .await;
    assert_eq!(st, 200);
    let mail = sink
        .wait_for("m@example.com", 1, Duration::from_secs(15))
        .await
        .expect("magic link mail");
    assert_eq!(mail.subject().as_deref(), Some("Your Acme sign-in link"));
    let token = mail.token().expect("token");
    let (st, b) = s
        .anon(
            "POST",
            "/api/v1/auth/magic-link/verify",
            Some(json!({"token": token})),
        )
        .await;
    assert_eq!(st, 200, "{b}");
    assert_token_body(&b, "m@example.com");
    assert_eq!(b["user"]["verified"], true);
    let (st, e) = s
        .anon(
            "POST",
            "/api/v1/auth/magic-link/verify",
            Some(json!({"token": token})),
        )
        .await;
    assert_envelope(st, &e, 400);
    // Fluxbase: magiclink, then magiclink/verify with the token in the query.
    let (st, _) = s
        .anon(
            "POST",
            "/api/v1/auth/magiclink",
            Some(json!({"email": "m@example.com"})),
        )
        .await;
    assert_eq!(st, 200);
    let token = mailed_token(&sink, "m@example.com", 2).await;
    let (st, b) = s
        .anon(
            "GET",
            &format!("/api/v1/auth/magiclink/verify?token={token}"),
            None,
        )
        .await;
    assert_eq!(st, 200, "{b}");
    assert_token_body(&b, "m@example.com");
    let (st, e) = s.anon("GET", "/api/v1/auth/magiclink/verify", None).await;
    assert_envelope(st, &e, 400);
    // A verification token is no magic link.
    let (st, _) = s
        .anon(
            "POST",
            "/api/v1/auth/magiclink",
            Some(json!({"email": "m@example.com"})),
        )
        .await;
    assert_eq!(st, 200);
    let verify = mailed_token(&sink, "m@example.com", 0).await;
    let (st, e) = s
        .anon(
            "POST",
            "/api/v1/auth/magic-link/verify",
            Some(json!({"token": verify})),
        )
        .await;
    assert_envelope(st, &e, 400);
}

async fn requests_do_not_reveal_addresses(s: &TestServer) {
    let sink = smtp(s).await;
    register(s, "known@example.com").await;
    mailed_token(&sink, "known@example.com", 0).await;
    for path in [
        "/api/v1/auth/forgot-password",
        "/api/v1/auth/magic-link",
        "/api/v1/auth/magiclink",
        "/api/v1/auth/resend-verification",
    ] {
        let known = s
            .anon("POST", path, Some(json!({"email": "known@example.com"})))
            .await;
        let unknown = s
            .anon("POST", path, Some(json!({"email": "unknown@example.com"})))
            .await;
        assert_eq!(known.0, 200, "{path}: {}", known.1);
        assert_eq!(known, unknown, "{path}");
        // Bad input is refused the same way for both, too.
        let (st, e) = s.anon("POST", path, Some(json!({"email": 5}))).await;
        assert_envelope(st, &e, 400);
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(sink.count_to("unknown@example.com"), 0);
    assert!(sink.count_to("known@example.com") >= 4);
}

async fn console_provider_logs_instead(s: &TestServer) {
    // test-email with the console provider succeeds without a server.
    let (st, r) = s
        .admin(
            "POST",
            "/api/v1/admin/settings/test-email",
            Some(json!({"to": "ops@example.com"})),
        )
        .await;
    assert_eq!(st, 200, "{r}");
    let (st, e) = s
        .admin(
            "POST",
            "/api/v1/admin/settings/test-email",
            Some(json!({"to": 5})),
        )
        .await;
    assert_envelope(st, &e, 400);
    let (st, e) = s
        .anon(
            "POST",
            "/api/v1/admin/settings/test-email",
            Some(json!({"to": "ops@example.com"})),
        )
        .await;
    assert_envelope(st, &e, 401);
    // The default provider is the console: flows answer the same, no SMTP.
    let b = register(s, "c@example.com").await;
    assert_token_body(&b, "c@example.com");
    let (st, _) = s
        .anon(
            "POST",
            "/api/v1/auth/forgot-password",
            Some(json!({"email": "c@example.com"})),
        )
        .await;
    assert_eq!(st, 200);
    // An unreachable SMTP server never fails the request either.
    set(
        s,
        json!({"email_provider": "smtp", "smtp_host": "127.0.0.1", "smtp_port": 1, "smtp_tls": "none"}),
    )
    .await;
    let (st, _) = s
        .anon(
            "POST",
            "/api/v1/auth/magic-link",
            Some(json!({"email": "c@example.com"})),
        )
        .await;
    assert_eq!(st, 200);
    // ...but test-email reports it.
    let (st, e) = s
        .admin(
            "POST",
            "/api/v1/admin/settings/test-email",
            Some(json!({"to": "ops@example.com"})),
        )
        .await;
    assert_envelope(st, &e, 503);
}
