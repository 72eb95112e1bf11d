//! Exact constant arithmetic for untyped and typed constants (Go's go/constant semantics).
