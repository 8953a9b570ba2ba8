//! The e-mail templates: verification, password reset and magic link, each
//! a subject and a plain-text body with `{AppName}`, `{ActionURL}` and
//! `{Token}` filled in. Links are built from the `app_url` setting.

/// Which message to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Template {
    Verification,
    Reset,
    MagicLink,
}

impl Template {
    fn texts(self) -> (&'static str, &'static str) {
        match self {
            Template::Verification => (
                "Verify your e-mail for {AppName}",
                "Hello,\n\nConfirm your e-mail address for {AppName} by opening this link:\n\n{ActionURL}\n\nOr use this token:\n{Token}\n\nIf you did not sign up, ignore this message.\n",
            ),
            Template::Reset => (
                "Reset your {AppName} password",
                "Hello,\n\nChoose a new password for {AppName} by opening this link:\n\n{ActionURL}\n\nOr use this token:\n{Token}\n\nThe link works for one hour. If you did not ask for it, ignore this message.\n",
            ),
            Template::MagicLink => (
                "Your {AppName} sign-in link",
                "Hello,\n\nSign in to {AppName} by opening this link:\n\n{ActionURL}\n\nOr use this token:\n{Token}\n\nThe link works for fifteen minutes, once. If you did not ask for it, ignore this message.\n",
            ),
        }
    }

    /// The path the link points at under `app_url`.
    fn path(self) -> &'static str {
        match self {
            Template::Verification => "/auth/verify-email",
            Template::Reset => "/auth/reset-password",
            Template::MagicLink => "/auth/magic-link",
        }
    }
}

/// The action link: `app_url` (without a trailing `/`) + the template's
/// path + `?token=…`.
pub(crate) fn action_url(app_url: &str, template: Template, token: &str) -> String {
    format!(
        "{}{}?token={token}",
        app_url.trim().trim_end_matches('/'),
        template.path()
    )
}

/// Subject and body of one message.
pub(crate) fn render(
    template: Template,
    app_name: &str,
    url: &str,
    token: &str,
) -> (String, String) {
    let fill = |s: &str| {
        s.replace("{AppName}", app_name)
            .replace("{ActionURL}", url)
            .replace("{Token}", token)
    };
    let (subject, body) = template.texts();
    (fill(subject), fill(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_placeholders() {
        let url = action_url("https://app.example/", Template::Reset, "tok");
        assert_eq!(url, "https://app.example/auth/reset-password?token=tok");
        let (s, b) = render(Template::Reset, "Acme", &url, "tok");
        assert_eq!(s, "Reset your Acme password");
        assert!(b.contains(&url) && b.contains("\ntok\n") && !b.contains('{'));
    }
}
