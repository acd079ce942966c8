//! Fresh test data. The tests share one pool and never reset it, so each makes its own users.

use std::time::{SystemTime, UNIX_EPOCH};

/// A username no earlier run used: `prefix` and the clock's nanoseconds.
pub fn new_username(prefix: &str) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!("{prefix}{}", nanos % 1_000_000_000_000)
}

/// A code of the same length that differs from `real` in every digit.
pub fn wrong_code(real: &str) -> String {
    real.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => char::from_digit((d + 1) % 10, 10).unwrap_or('0'),
            None => '0',
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrong_code_differs_in_every_digit() {
        let real = "091239";
        let wrong = wrong_code(real);
        assert_eq!(wrong, "102340");
        assert!(real.chars().zip(wrong.chars()).all(|(a, b)| a != b));
    }
}
