//! The browser's clock, as the session logic counts time.

/// Local wall-clock time in Unix seconds; the session machine corrects it by the measured skew.
pub(super) fn now() -> u64 {
    (js_sys::Date::now() / 1000.0) as u64
}

/// 0–3 s of jitter so tabs that lost the network together do not retry together.
pub(super) fn jitter() -> u64 {
    (js_sys::Math::random() * 4.0) as u64
}
