//! Binding a rule to one request: `auth.*` and `request.body.*` operands are
//! replaced by literals taken from the caller and the write's body, so the
//! compiled SQL only ever sees fields and bound values.

use crate::ast::{Filter, Literal, Operand};
use serde_json::{Map, Value as Json};

/// What a rule may know about the request: the caller's properties (`id`,
/// `email`, `roles`, `verified`; absent for an anonymous caller) and the body
/// of a create or update.
#[derive(Debug, Clone, Default)]
pub struct RuleContext {
    pub auth: Map<String, Json>,
    pub body: Map<String, Json>,
}

impl RuleContext {
    fn auth_literal(&self, name: &str) -> Literal {
        let name = if name == "uid" { "id" } else { name };
        json_literal(self.auth.get(name))
    }
}

fn json_literal(v: Option<&Json>) -> Literal {
    match v {
        None | Some(Json::Null) => Literal::Null,
        Some(Json::Bool(b)) => Literal::Bool(*b),
        Some(Json::Number(n)) => match n.as_i64() {
            Some(i) => Literal::Int(i),
            None => Literal::Float(n.as_f64().unwrap_or(0.0)),
        },
        Some(Json::String(s)) => Literal::Text(s.clone()),
        // Arrays and objects (such as `auth.roles`) compare as their JSON text,
        // so `auth.roles ~ 'admin'` tests membership.
        Some(other) => Literal::Text(other.to_string()),
    }
}

impl Filter {
    /// Replaces every `auth.*` and `request.body.*` operand by its value.
    pub fn bind(self, ctx: &RuleContext) -> Filter {
        let op = |o: Operand| match o {
            Operand::Auth(name) => Operand::Literal(ctx.auth_literal(&name)),
            Operand::Body(name) => Operand::Literal(json_literal(ctx.body.get(&name))),
            other => other,
        };
        match self {
            Filter::Const(b) => Filter::Const(b),
            Filter::And(v) => Filter::And(v.into_iter().map(|f| f.bind(ctx)).collect()),
            Filter::Or(v) => Filter::Or(v.into_iter().map(|f| f.bind(ctx)).collect()),
            Filter::Not(f) => Filter::Not(Box::new(f.bind(ctx))),
            Filter::Compare {
                left,
                op: cmp,
                right,
            } => Filter::Compare {
                left: op(left),
                op: cmp,
                right: op(right),
            },
            Filter::In {
                operand,
                values,
                negated,
            } => Filter::In {
                operand: op(operand),
                values,
                negated,
            },
            Filter::IsNull { operand, negated } => Filter::IsNull {
                operand: op(operand),
                negated,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::CmpOp;

    #[test]
    fn auth_and_body_become_literals() {
        let f = Filter::Compare {
            left: Operand::Auth("uid".into()),
            op: CmpOp::Eq,
            right: Operand::Body("owner".into()),
        };
        let mut ctx = RuleContext::default();
        ctx.auth.insert("id".into(), Json::from("u1"));
        let bound = f.bind(&ctx);
        assert_eq!(
            bound,
            Filter::Compare {
                left: Operand::Literal(Literal::Text("u1".into())),
                op: CmpOp::Eq,
                right: Operand::Literal(Literal::Null),
            }
        );
    }
}
