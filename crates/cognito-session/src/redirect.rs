//! The `?next=` parameter after sign-in: only same-origin paths, so a crafted link cannot
//! send a freshly signed-in user to another site.

/// Where to go when `next` is absent or unsafe.
pub const DEFAULT_REDIRECT: &str = "/";

/// Returns `next` if it is a same-origin absolute path, else `/`.
///
/// Accepted: starts with a single `/`. Refused: `//host` and `/\host` (browsers read both
/// as another origin), any backslash, control characters or whitespace (browsers strip tabs
/// and newlines, turning `/\t/host` into `//host`), and anything with a scheme.
pub fn safe_redirect_path(next: Option<&str>) -> &str {
    match next {
        Some(path) if is_same_origin_path(path) => path,
        _ => DEFAULT_REDIRECT,
    }
}

fn is_same_origin_path(path: &str) -> bool {
    let bytes = path.as_bytes();
    bytes.first() == Some(&b'/')
        && bytes.get(1) != Some(&b'/')
        && !bytes
            .iter()
            .any(|&byte| byte == b'\\' || byte.is_ascii_control() || byte == b' ')
}

#[cfg(test)]
mod tests {
    use super::safe_redirect_path;

    #[test]
    fn accepts_same_origin_paths() {
        for path in ["/", "/admin", "/a/b?tab=1#x", "/javascript:alert(1)"] {
            assert_eq!(safe_redirect_path(Some(path)), path);
        }
    }

    #[test]
    fn refuses_everything_else() {
        for path in [
            "",
            "admin",
            "//evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "https://evil.example/",
            "javascript:alert(1)",
            "/\t/evil.example",
            "/\n/evil.example",
            " /admin",
        ] {
            assert_eq!(safe_redirect_path(Some(path)), "/", "{path:?}");
        }
        assert_eq!(safe_redirect_path(None), "/");
    }
}
