//! Decoding PostgreSQL's binary `numeric` format (base-10000 digit groups)
//! into a [`Value::Float`] (or [`Value::Int`] for whole numbers of scale 0). Parameters bound to `numeric` go out in text
//! format, so no encoder is needed.

use basalt_types::Value;

type BoxError = Box<dyn std::error::Error + Sync + Send>;

const NEGATIVE: u16 = 0x4000;
const NAN: u16 = 0xC000;
const POS_INF: u16 = 0xD000;
const NEG_INF: u16 = 0xF000;

fn word(raw: &[u8], at: usize) -> Result<u16, BoxError> {
    match raw.get(at..at + 2) {
        Some(b) => Ok(u16::from_be_bytes([b[0], b[1]])),
        None => Err("truncated numeric value".into()),
    }
}

/// The decimal text of a binary numeric (`-12.5`, `NaN`, `Infinity`).
pub(crate) fn to_text(raw: &[u8]) -> Result<String, BoxError> {
    let ndigits = usize::from(word(raw, 0)?);
    let weight = i64::from(word(raw, 2)? as i16);
    let sign = word(raw, 4)?;
    match sign {
        NAN => return Ok("NaN".into()),
        POS_INF => return Ok("Infinity".into()),
        NEG_INF => return Ok("-Infinity".into()),
        _ => {}
    }
    let digits = (0..ndigits)
        .map(|i| word(raw, 8 + 2 * i))
        .collect::<Result<Vec<u16>, _>>()?;
    let group = |i: i64| -> u16 {
        usize::try_from(i)
            .ok()
            .and_then(|i| digits.get(i).copied())
            .unwrap_or(0)
    };
    let mut text = String::new();
    if sign == NEGATIVE {
        text.push('-');
    }
    if weight < 0 {
        text.push('0');
    } else {
        for i in 0..=weight {
            if i == 0 {
                text.push_str(&group(i).to_string());
            } else {
                text.push_str(&format!("{:04}", group(i)));
            }
        }
    }
    let last = ndigits as i64 - 1;
    if last > weight {
        text.push('.');
        for i in (weight + 1)..=last {
            text.push_str(&format!("{:04}", group(i)));
        }
    }
    Ok(text)
}

/// A binary numeric as a float, or as an integer when it has no fractional
/// digits and fits (so `sum()` over a `bigint` column reads as on SQLite).
pub(crate) fn decode(raw: &[u8]) -> Result<Value, BoxError> {
    let text = to_text(raw)?;
    if word(raw, 6)? == 0 {
        if let Ok(i) = text.parse::<i64>() {
            return Ok(Value::Int(i));
        }
    }
    Ok(Value::Float(match text.as_str() {
        "NaN" => f64::NAN,
        "Infinity" => f64::INFINITY,
        "-Infinity" => f64::NEG_INFINITY,
        t => t.parse::<f64>()?,
    }))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn raw(ndigits: i16, weight: i16, sign: u16, digits: &[u16]) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(&ndigits.to_be_bytes());
        out.extend_from_slice(&weight.to_be_bytes());
        out.extend_from_slice(&sign.to_be_bytes());
        let dscale = (ndigits - weight - 1).max(0) as u16 * 4;
        out.extend_from_slice(&dscale.to_be_bytes());
        for d in digits {
            out.extend_from_slice(&d.to_be_bytes());
        }
        out
    }

    #[test]
    fn decodes_digit_groups() {
        assert_eq!(to_text(&raw(2, 0, 0, &[12, 5000])).unwrap(), "12.5000");
        assert_eq!(
            to_text(&raw(1, -2, NEGATIVE, &[25])).unwrap(),
            "-0.00000025"
        );
        assert_eq!(to_text(&raw(1, 1, 0, &[1])).unwrap(), "10000");
        assert_eq!(to_text(&raw(0, 0, 0, &[])).unwrap(), "0");
        assert_eq!(
            decode(&raw(2, 0, 0, &[3, 2500])).unwrap(),
            Value::Float(3.25)
        );
        assert_eq!(
            decode(&raw(1, 1, NEGATIVE, &[12])).unwrap(),
            Value::Int(-120000)
        );
        assert!(to_text(&[0, 1]).is_err());
    }
}
