//! Sending e-mail through the provider the `email_provider` setting names:
//! `console` writes one log line per message with its link; `smtp` sends it
//! with lettre to `smtp_host:smtp_port` (`smtp_tls`: `none`, `starttls` or
//! `tls`; credentials when `smtp_username` is set). Auth flows send in the
//! background so an answer never waits on (or reveals) delivery.

use crate::settings::Settings;
use crate::Basalt;
use basalt_types::{Error, Result};
use lettre::message::header::ContentType;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

/// One message.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Mail {
    pub to: String,
    pub subject: String,
    pub text: String,
    /// The action link, for the console provider's log line.
    pub link: Option<String>,
}

fn setting(s: &Settings, key: &str) -> String {
    s.all()
        .get(key)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_string()
}

/// Delivers `mail` with the configured provider.
pub(crate) async fn deliver(settings: &Settings, mail: &Mail) -> Result<()> {
    match setting(settings, "email_provider").as_str() {
        "smtp" => send_smtp(settings, mail).await,
        _ => {
            tracing::info!(
                target: "basalt::mail",
                to = %mail.to,
                subject = %mail.subject,
                link = %mail.link.as_deref().unwrap_or(""),
                "e-mail (console provider)"
            );
            Ok(())
        }
    }
}

async fn send_smtp(s: &Settings, mail: &Mail) -> Result<()> {
    let fail = |e: &dyn std::fmt::Display| Error::unavailable(format!("e-mail not sent: {e}"));
    let host = setting(s, "smtp_host");
    if host.is_empty() {
        return Err(Error::bad_request("smtp_host is not set"));
    }
    let port = s
        .all()
        .get("smtp_port")
        .and_then(|v| v.as_u64())
        .and_then(|p| u16::try_from(p).ok())
        .unwrap_or(587);
    let builder = match setting(s, "smtp_tls").as_str() {
        "none" => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host.as_str()),
        "tls" => AsyncSmtpTransport::<Tokio1Executor>::relay(&host).map_err(|e| fail(&e))?,
        _ => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&host).map_err(|e| fail(&e))?,
    };
    let mut builder = builder.port(port).timeout(Some(Duration::from_secs(10)));
    let user = setting(s, "smtp_username");
    if !user.is_empty() {
        builder = builder.credentials(Credentials::new(user, setting(s, "smtp_password")));
    }
    let from = match setting(s, "email_from") {
        f if f.is_empty() => "no-reply@localhost".to_string(),
        f => f,
    };
    let message = Message::builder()
        .from(
            from.parse()
                .map_err(|e| Error::bad_request(format!("invalid email_from: {e}")))?,
        )
        .to(mail
            .to
            .parse()
            .map_err(|e| Error::bad_request(format!("invalid recipient: {e}")))?)
        .subject(mail.subject.clone())
        .header(ContentType::TEXT_PLAIN)
        .body(mail.text.clone())
        .map_err(|e| fail(&e))?;
    builder
        .build()
        .send(message)
        .await
        .map(|_| ())
        .map_err(|e| fail(&e))
}

impl Basalt {
    /// Sends `mail` in the background; failures are logged.
    pub(crate) fn send_in_background(&self, mail: Mail) {
        let settings = self.settings();
        tokio::spawn(async move {
            if let Err(e) = deliver(&settings, &mail).await {
                tracing::warn!(to = %mail.to, error = %e.message, "e-mail not delivered");
            }
        });
    }

    /// Sends a test message now (admin `test-email`), reporting failures.
    pub async fn send_test_email(&self, to: &str) -> Result<()> {
        let settings = self.settings();
        let app = setting(&settings, "app_name");
        deliver(
            &settings,
            &Mail {
                to: to.to_string(),
                subject: format!("{app} test e-mail"),
                text: format!("This is a test message from {app}.\n"),
                link: None,
            },
        )
        .await
    }
}
