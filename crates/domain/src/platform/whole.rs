//! Whole numbers in JSON bodies. JSON Schema's `integer` includes `2024.0`,
//! which serde refuses for integer types; these accept any number without a
//! fractional part that fits the target type.

use serde::de::Error;
use serde::{Deserialize, Deserializer};

pub fn deserialize<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: TryFrom<i64>,
{
    let n = serde_json::Number::deserialize(d)?;
    let whole = match (n.as_i64(), n.as_f64()) {
        (Some(i), _) => Some(i),
        (None, Some(f)) if f.fract() == 0.0 && f.abs() < 9.0e15 => Some(f as i64),
        _ => None,
    };
    whole
        .and_then(|i| T::try_from(i).ok())
        .ok_or_else(|| D::Error::custom(format!("expected a whole number in range, got {n}")))
}

/// [`deserialize`] for an optional field: `null` or absent is `None`.
pub fn optional<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: TryFrom<i64>,
{
    #[derive(Deserialize)]
    struct Whole<T: TryFrom<i64>>(#[serde(deserialize_with = "deserialize")] T);
    Ok(Option::<Whole<T>>::deserialize(d)?.map(|w| w.0))
}

#[cfg(test)]
mod tests {
    #[derive(serde::Deserialize)]
    struct S {
        #[serde(deserialize_with = "super::deserialize")]
        n: i16,
    }

    #[test]
    fn whole_floats_are_accepted_fractions_and_overflow_are_not() {
        assert_eq!(
            serde_json::from_str::<S>(r#"{"n": 2024.0}"#).unwrap().n,
            2024
        );
        assert_eq!(serde_json::from_str::<S>(r#"{"n": 7}"#).unwrap().n, 7);
        assert!(serde_json::from_str::<S>(r#"{"n": 1.5}"#).is_err());
        assert!(serde_json::from_str::<S>(r#"{"n": 70000}"#).is_err());
    }
}
