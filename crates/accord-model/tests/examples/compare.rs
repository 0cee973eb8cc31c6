//! Compares an example with what the model wrote back, allowing only differences that carry
//! no information: `null` versus an absent field, a timestamp's spelling, an id as an integer
//! versus a string, and `1` versus `1.0`.

use accord_model::util::Timestamp;
use serde_json::Value;

pub(crate) fn same(original: &Value, written: &Value, path: &str) -> Result<(), String> {
    match (original, written) {
        (Value::Object(a), Value::Object(b)) => {
            for key in a.keys().chain(b.keys().filter(|key| !a.contains_key(*key))) {
                let here = format!("{path}.{key}");
                match (non_null(a.get(key)), non_null(b.get(key))) {
                    (None, None) => {}
                    (Some(_), None) => return Err(format!("{here} was lost")),
                    (None, Some(value)) => return Err(format!("{here} was added: {value}")),
                    (Some(a), Some(b)) => same(a, b, &here)?,
                }
            }
            Ok(())
        }
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                return Err(format!("{path}: {} items became {}", a.len(), b.len()));
            }
            a.iter()
                .zip(b)
                .enumerate()
                .try_for_each(|(i, (a, b))| same(a, b, &format!("{path}[{i}]")))
        }
        (Value::String(a), Value::String(b)) if a == b || same_instant(a, b) => Ok(()),
        (Value::Number(a), Value::String(b)) if a.to_string() == *b => Ok(()),
        (Value::Number(a), Value::Number(b)) if a == b || a.as_f64() == b.as_f64() => Ok(()),
        (a, b) if a == b => Ok(()),
        (a, b) => Err(format!("{path}: {a} became {b}")),
    }
}

fn non_null(value: Option<&Value>) -> Option<&Value> {
    value.filter(|value| !value.is_null())
}

fn same_instant(a: &str, b: &str) -> bool {
    matches!((a.parse::<Timestamp>(), b.parse::<Timestamp>()), (Ok(a), Ok(b)) if a == b)
}
